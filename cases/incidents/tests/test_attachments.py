import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cases.conftest import image_bytes, pdf_bytes, upload
from cases.incidents.attachments import (
    attachment_inspect,
    attachments_discard_pending,
    attachments_purge_pending,
    attachments_store_pending,
    clean_file_name,
)
from cases.models import Attachment
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024


def inspect_error(file) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        attachment_inspect(file)
    return excinfo.value


def store(user, file):
    return attachments_store_pending(uploads=[(file, attachment_inspect(file))], uploaded_by=user)[
        0
    ]


@pytest.mark.parametrize(
    ("image_format", "mime", "extension"),
    [
        ("JPEG", "image/jpeg", "jpg"),
        ("PNG", "image/png", "png"),
        ("GIF", "image/gif", "gif"),
        ("WEBP", "image/webp", "webp"),
    ],
)
def test_it_accepts_each_image_type_by_its_content(image_format, mime, extension):
    detected = attachment_inspect(upload("foto", image_bytes(image_format)))

    assert (detected.mime, detected.extension) == (mime, extension)


def test_it_accepts_a_pdf():
    detected = attachment_inspect(upload("verslag.pdf", pdf_bytes()))

    assert (detected.mime, detected.extension) == ("application/pdf", "pdf")


def test_it_refuses_a_text_file_named_png_and_names_the_file():
    error = inspect_error(upload("screenshot.png", b"just some text, not a picture\n" * 20))

    assert error.code == "wrong_type"
    assert "screenshot.png" in error.messages[0]


def test_it_refuses_an_svg_image_which_can_carry_scripts():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    assert inspect_error(upload("plaatje.svg", svg, "image/svg+xml")).code == "wrong_type"


def test_it_refuses_an_html_page_named_pdf():
    assert inspect_error(upload("brief.pdf", b"<html><body>hoi</body></html>")).code == (
        "wrong_type"
    )


def test_it_refuses_a_pdf_lookalike_without_the_pdf_header():
    # filetype recognises "%PDF"; the header of a real PDF is "%PDF-".
    assert inspect_error(upload("brief.pdf", b"%PDF" + b"x" * 100)).code == "wrong_type"


def test_it_refuses_a_file_that_only_starts_like_a_png():
    damaged = image_bytes("PNG")[:40] + b"\x00" * 60

    assert inspect_error(upload("kapot.png", damaged)).code == "broken_image"


def test_it_refuses_a_jpeg_whose_content_is_a_png():
    # Magic bytes of a JPEG, followed by a PNG: Pillow cannot read it as a JPEG.
    error = inspect_error(upload("raar.jpg", b"\xff\xd8\xff\xe0" + image_bytes("PNG")))

    assert error.code == "broken_image"


def test_it_refuses_an_empty_file():
    assert inspect_error(upload("leeg.png", b"")).code == "empty"


def test_it_accepts_a_file_of_exactly_the_maximum_size(settings):
    settings.ATTACHMENT_MAX_BYTES = TEN_MB
    content = pdf_bytes()
    exactly = content + b"\n" * (TEN_MB - len(content))

    assert attachment_inspect(upload("groot.pdf", exactly)).mime == "application/pdf"


def test_it_refuses_a_file_one_byte_over_the_maximum_and_names_it(settings):
    settings.ATTACHMENT_MAX_BYTES = TEN_MB
    content = pdf_bytes()
    over = content + b"\n" * (TEN_MB + 1 - len(content))

    error = inspect_error(upload("te-groot.pdf", over))

    assert error.code == "too_large"
    assert "te-groot.pdf" in error.messages[0]


def test_the_maximum_comes_from_the_settings(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    picture = image_bytes("PNG", size=(64, 64))
    assert len(picture) > 100

    assert inspect_error(upload("foto.png", picture)).code == "too_large"


def test_a_pdf_named_jpg_is_stored_as_a_pdf(teacher, media_root):
    attachment = store(teacher, upload("foto.jpg", pdf_bytes(), "image/jpeg"))

    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")
    assert attachment.original_name == "foto.jpg"


def test_it_stores_files_under_a_generated_name_inside_the_media_root(teacher, media_root):
    attachment = store(teacher, upload("Lotte huilend.png", image_bytes("PNG")))

    path = Path(attachment.file.path)
    assert path.is_file()
    assert path.resolve().is_relative_to(media_root.resolve())
    assert "Lotte" not in path.name
    assert path.suffix == ".png"
    assert attachment.incident is None
    assert attachment.uploaded_by == teacher
    assert attachment.size == len(image_bytes("PNG"))


def test_two_files_with_the_same_name_do_not_overwrite_each_other(teacher):
    first = store(teacher, upload("scherm.png", image_bytes("PNG")))
    second = store(teacher, upload("scherm.png", image_bytes("PNG", size=(9, 9))))

    assert first.file.name != second.file.name


def test_the_original_name_is_cleaned_of_paths_and_control_characters():
    assert clean_file_name("C:\\Users\\juf\\foto\r\n.png") == "foto.png"
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("\x00") == "bestand"


def test_discarding_removes_only_the_users_own_pending_attachments(
    teacher, other_teacher, django_capture_on_commit_callbacks
):
    own = store(teacher, upload("a.png", image_bytes("PNG")))
    foreign = store(other_teacher, upload("b.png", image_bytes("PNG")))
    own_path = Path(own.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = attachments_discard_pending(user=teacher, attachment_ids=[own.pk, foreign.pk])

    assert deleted == 1
    assert not own_path.exists()
    assert list(Attachment.objects.all()) == [foreign]


class TestPurgePendingAttachments:
    def test_it_deletes_pending_rows_and_files_older_than_a_day(
        self, teacher, django_capture_on_commit_callbacks
    ):
        start = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            old = store(teacher, upload("oud.png", image_bytes("PNG")))
        old_path = Path(old.file.path)

        with (
            time_machine.travel(start + datetime.timedelta(hours=24, seconds=1), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("purge_pending_attachments", stdout=io.StringIO())

        assert not Attachment.objects.filter(pk=old.pk).exists()
        assert not old_path.exists()

    def test_it_keeps_pending_attachments_of_a_day_or_younger(self, teacher):
        start = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            recent = store(teacher, upload("nieuw.png", image_bytes("PNG")))

        with time_machine.travel(start + datetime.timedelta(hours=24), tick=False):
            assert attachments_purge_pending() == 0

        assert Path(recent.file.path).exists()
        assert Attachment.objects.filter(pk=recent.pk).exists()

    def test_it_never_deletes_attachments_of_an_incident(self, teacher):
        start = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            linked = store(teacher, upload("bewijs.png", image_bytes("PNG")))
        Attachment.objects.filter(pk=linked.pk).update(incident=IncidentFactory())

        with time_machine.travel(start + datetime.timedelta(days=30), tick=False):
            assert attachments_purge_pending() == 0

        assert Path(linked.file.path).exists()

    def test_the_command_says_how_many_it_deleted(self, teacher, capsys):
        start = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            store(teacher, upload("oud.png", image_bytes("PNG")))

        with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
            call_command("purge_pending_attachments")

        assert "Deleted 1 pending attachment(s)." in capsys.readouterr().out
