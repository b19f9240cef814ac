import re
from pathlib import Path

import pytest
from django.conf import settings

from protocol import data
from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormExample,
    Signal,
    SignalKind,
    SuggestedAction,
    Track,
)
from protocol.services import protocol_data_load, reference_key_generate

pytestmark = pytest.mark.django_db

EXPECTED = {
    "forms": 4,
    "examples": 29,
    "platforms": 7,
    "marks": 5,
    "signals": 30,
    "actions": 69,
}

# Items whose text is put together from the protocol's prose instead of copied from a list
# (see the docstring of protocol/data.py).
COMPOSED_KEYS = {
    "10-1-teacher-signal-early",
    "10-1-teacher-involve-ib",
    "10-1-teacher-inform-parents",
    "10-1-teacher-meeting-all-parents",
    "10-1-teacher-work-with-parents",
    "10-1-teacher-help-both",
    "10-2-bully-problem-solving-talk",
    "10-2-bully-chance-before-parents",
    "10-3-victim-training",
}
PARENT_HEADINGS = ("Ouders van gepeste kinderen: ", "Ouders van Pesters: ", "Alle andere ouders: ")


def _protocol_text() -> str | None:
    for base in (settings.BASE_DIR.parent, settings.BASE_DIR.parent.parent):
        path = Path(base) / "shared" / "protocol" / "anti-pestprotocol.txt"
        if path.exists():
            return " ".join(path.read_text(encoding="utf-8").split())
    return None


def test_it_loads_every_list_with_the_protocols_counts():
    assert protocol_data_load() == EXPECTED

    assert BullyingForm.objects.count() == 4
    assert FormExample.objects.count() == 29
    assert DigitalPlatform.objects.count() == 7
    assert BullyingMark.objects.count() == 5
    assert Signal.objects.count() == 30
    assert SuggestedAction.objects.count() == 69


def test_the_forms_have_dutch_names_descriptions_and_their_examples():
    protocol_data_load()

    forms = {form.code: form for form in BullyingForm.objects.all()}
    assert [form.name for form in BullyingForm.objects.all()] == [
        "Verbaal",
        "Psychologisch",
        "Fysiek",
        "Digitaal",
    ]
    assert all(form.description for form in forms.values())
    assert {code: form.examples.count() for code, form in forms.items()} == {
        "verbal": 7,
        "psychological": 8,
        "physical": 9,
        "digital": 5,
    }
    assert forms["digital"].is_digital
    assert forms["physical"].examples.last().text == "Jennen."


def test_the_platforms_end_with_other():
    protocol_data_load()

    assert list(DigitalPlatform.objects.values_list("name", flat=True)) == [
        "TikTok",
        "Instagram",
        "Snapchat",
        "WhatsApp",
        "Groepsapps",
        "Gamechats / gamingplatformen",
        "Anders",
    ]


def test_signals_are_split_into_pesters_and_slachtoffers():
    protocol_data_load()

    assert Signal.objects.filter(kind=SignalKind.BULLY).count() == 15
    assert Signal.objects.filter(kind=SignalKind.VICTIM).count() == 15
    assert Signal.objects.get(key="bully-wants-power").text == "Wil zich machtig voelen."


def test_suggested_actions_cover_every_track_with_their_section():
    protocol_data_load()

    per_track = {
        track: SuggestedAction.objects.filter(track=track).count() for track in Track.values
    }
    assert per_track == {
        Track.TEACHER: 6,
        Track.BULLY: 13,
        Track.VICTIM: 21,
        Track.MIDDLE_GROUP: 9,
        Track.PARENTS: 20,
    }
    assert set(SuggestedAction.objects.values_list("source", flat=True)) == {
        "8.1",
        "10.1",
        "10.2",
        "10.3",
        "10.4",
        "10.5",
    }
    assert not SuggestedAction.objects.filter(source="").exists()


def test_items_are_ordered_as_in_the_protocol_with_room_in_between():
    protocol_data_load()

    orders = list(FormExample.objects.filter(form__code="verbal").values_list("order", flat=True))
    assert orders == [10, 20, 30, 40, 50, 60, 70]
    assert list(
        SuggestedAction.objects.filter(track=Track.TEACHER).values_list("order", flat=True)
    ) == [10, 20, 30, 40, 50, 60]


def test_a_second_load_adds_nothing():
    protocol_data_load()

    assert protocol_data_load() == dict.fromkeys(EXPECTED, 0)
    assert FormExample.objects.count() == 29
    assert SuggestedAction.objects.count() == 69


def test_an_edited_text_survives_a_reload():
    protocol_data_load()
    Signal.objects.filter(key="bully-enjoys-hurting").update(
        text="Vindt het leuk/interessant om andere kinderen pijn te doen."
    )
    BullyingForm.objects.filter(code="physical").update(name="Lichamelijk", order=99)

    protocol_data_load()

    assert Signal.objects.get(key="bully-enjoys-hurting").text.startswith("Vindt het leuk")
    physical = BullyingForm.objects.get(code="physical")
    assert (physical.name, physical.order) == ("Lichamelijk", 99)


def test_a_deactivated_item_stays_inactive_after_a_reload():
    protocol_data_load()
    DigitalPlatform.objects.filter(key="snapchat").update(is_active=False)

    created = protocol_data_load()

    assert created["platforms"] == 0
    assert DigitalPlatform.objects.get(key="snapchat").is_active is False
    assert DigitalPlatform.objects.filter(name="Snapchat").count() == 1


def test_a_deleted_item_comes_back():
    protocol_data_load()
    FormExample.objects.filter(key="verbal-insults").delete()
    BullyingMark.objects.filter(key="repeated").delete()

    created = protocol_data_load()

    assert created["examples"] == 1
    assert created["marks"] == 1
    assert FormExample.objects.get(key="verbal-insults").form.code == "verbal"
    assert BullyingMark.objects.get(key="repeated").text == "Herhaalde actie."


def test_a_deleted_form_comes_back_with_its_examples():
    protocol_data_load()
    BullyingForm.objects.filter(code="digital").delete()

    created = protocol_data_load()

    assert (created["forms"], created["examples"]) == (1, 5)
    assert BullyingForm.objects.get(code="digital").examples.count() == 5


def test_items_the_coordinator_added_are_left_alone():
    protocol_data_load()
    DigitalPlatform.objects.create(key="custom-roblox", name="Roblox", order=65)

    assert protocol_data_load()["platforms"] == 0
    assert DigitalPlatform.objects.count() == 8


def test_every_key_is_unique_and_every_text_fits_its_field():
    lists = {
        FormExample: [(e.key, e.text) for f in data.FORMS for e in f.examples],
        DigitalPlatform: [(i.key, i.text) for i in data.PLATFORMS],
        BullyingMark: [(i.key, i.text) for i in data.MARKS],
        Signal: [(i.key, i.text) for items in data.SIGNALS.values() for i in items],
        SuggestedAction: [(a.key, a.text) for a in data.ACTIONS],
    }
    for model, rows in lists.items():
        keys = [key for key, _ in rows]
        assert len(keys) == len(set(keys)), model
        text_field = "name" if model is DigitalPlatform else "text"
        max_length = model._meta.get_field(text_field).max_length
        assert all(len(text) <= max_length for _, text in rows), model
        assert all(re.fullmatch(r"[a-z0-9-]+", key) for key in keys), model
        assert not any(key.startswith("custom-") for key in keys), model


def test_the_texts_are_taken_word_for_word_from_the_protocol():
    protocol = _protocol_text()
    if protocol is None:
        pytest.skip("the protocol text is not beside the repository")

    copied = [e.text for f in data.FORMS for e in f.examples]
    copied += [i.text for i in data.MARKS]
    copied += [i.text for items in data.SIGNALS.values() for i in items]
    copied += [f.description for f in data.FORMS if f.code != "physical"]
    for action in data.ACTIONS:
        if action.key in COMPOSED_KEYS:
            continue
        text = action.text
        for heading in PARENT_HEADINGS:
            text = text.removeprefix(heading)
        copied.append(text)

    missing = [text for text in copied if text not in protocol]
    assert missing == []


def test_a_generated_key_is_marked_custom_and_free():
    protocol_data_load()
    DigitalPlatform.objects.create(key="custom-roblox", name="Roblox")

    assert reference_key_generate(model=DigitalPlatform, text="Roblox") == "custom-roblox-2"
    assert reference_key_generate(model=DigitalPlatform, text="Fortnite") == "custom-fortnite"
    assert reference_key_generate(model=DigitalPlatform, text="!!!") == "custom-item"
    assert reference_key_generate(model=BullyingMark, text="Mozaïek " * 20) == (
        "custom-" + ("mozaiek-" * 8)[:60].strip("-")
    )
