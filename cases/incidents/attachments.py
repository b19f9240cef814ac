"""Evidence files: what we accept, how we store it, and how pending uploads are cleaned up.

A file is judged by its content, never by its name: the first bytes must say it is one of
the accepted types, images must also open and verify in Pillow, and a PDF must start with
the PDF header. On disk it gets a generated name with the extension of the detected type.

Files that passed validation on a submit that failed for another reason are stored as
*pending* attachments (no incident yet), because a browser cannot fill a file input again.
They are linked when the incident is registered, or purged after a day.
"""

import unicodedata
import warnings
from dataclasses import dataclass
from datetime import timedelta

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from accounts.models import User
from cases.models import Attachment

PDF = "application/pdf"

# Detected MIME type -> (extension on disk, Pillow format name or None for PDF).
ACCEPTED_TYPES: dict[str, tuple[str, str | None]] = {
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "image/gif": ("gif", "GIF"),
    "image/webp": ("webp", "WEBP"),
    PDF: ("pdf", None),
}

# What the file picker offers; the server decides by content anyway.
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED_TYPES)

PENDING_LIFETIME = timedelta(hours=24)

# filetype needs the first 262 bytes; PDF's header is the first five.
_HEAD_SIZE = 512


@dataclass(frozen=True)
class DetectedType:
    mime: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


def clean_file_name(name: str) -> str:
    """The uploader's file name, safe to show and to put in a Content-Disposition header."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    return name[:255] or "bestand"


def attachment_inspect(upload: UploadedFile) -> DetectedType:
    """Return the detected type of an uploaded file, or raise a ValidationError naming it."""
    name = clean_file_name(upload.name or "")
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty. Choose the file again."),
            code="empty",
            params={"name": name},
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s). A file may be at most %(max)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
            },
        )

    upload.seek(0)
    head = upload.read(_HEAD_SIZE)
    upload.seek(0)
    kind = filetype.guess(head)
    wrong_type = ValidationError(
        _(
            "“%(name)s” is not a photo or a PDF. Add a photo or screenshot "
            "(JPEG, PNG, GIF or WebP) or a PDF file."
        ),
        code="wrong_type",
        params={"name": name},
    )
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise wrong_type
    extension, image_format = ACCEPTED_TYPES[kind.mime]

    if kind.mime == PDF:
        if not head.startswith(b"%PDF-"):
            raise wrong_type
    elif not _is_valid_image(upload, image_format):
        raise ValidationError(
            _("“%(name)s” looks like a picture but cannot be opened. Is the file damaged?"),
            code="broken_image",
            params={"name": name},
        )
    return DetectedType(mime=kind.mime, extension=extension)


def _is_valid_image(upload: UploadedFile, expected_format: str | None) -> bool:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # A decompression bomb warning is as bad as the error: refuse the file.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                actual_format = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds of errors for damaged or hostile files.
        return False
    finally:
        upload.seek(0)
    return actual_format == expected_format


@transaction.atomic
def attachments_store_pending(
    *, uploads: list[tuple[UploadedFile, DetectedType]], uploaded_by: User
) -> list[Attachment]:
    """Store inspected uploads as attachments that belong to no incident yet."""
    stored: list[Attachment] = []
    try:
        for upload, detected in uploads:
            attachment = Attachment(
                original_name=clean_file_name(upload.name or ""),
                content_type=detected.mime,
                size=upload.size,
                uploaded_by=uploaded_by,
            )
            upload.seek(0)
            # The name passed here only carries the extension; attachment_path generates the rest.
            attachment.file.save(f"upload.{detected.extension}", upload, save=True)
            stored.append(attachment)
    except Exception:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return stored


def pending_attachments_of(user: User):
    return Attachment.objects.filter(incident__isnull=True, uploaded_by=user)


@transaction.atomic
def attachments_discard_pending(*, user: User, attachment_ids: list[int]) -> int:
    """Delete pending attachments the user removed from the form before registering."""
    attachments = list(pending_attachments_of(user).filter(pk__in=attachment_ids))
    return _delete_with_files(attachments)


@transaction.atomic
def attachments_purge_pending(*, older_than: timedelta = PENDING_LIFETIME) -> int:
    """Delete pending attachments (rows and files) uploaded longer ago than `older_than`."""
    cutoff = timezone.now() - older_than
    attachments = list(
        Attachment.objects.filter(incident__isnull=True, uploaded_at__lt=cutoff).select_for_update()
    )
    return _delete_with_files(attachments)


def _delete_with_files(attachments: list[Attachment]) -> int:
    if not attachments:
        return 0
    files = [(attachment.file.storage, attachment.file.name) for attachment in attachments]
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    # Files go only once the rows are gone for good.
    transaction.on_commit(delete_files)
    return len(attachments)
