"""Writes on the protocol's reference lists: loading them, and keys for items added later."""

from django.db import models, transaction
from django.utils.text import slugify

from protocol import data
from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormExample,
    Signal,
    SuggestedAction,
)

# Gaps between the loaded items leave room for the coordinator to put new items in between.
ORDER_STEP = 10

CUSTOM_KEY_PREFIX = "custom-"


def _missing(model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
    keys = [row.key for row in rows]
    existing = set(model.objects.filter(key__in=keys).values_list("key", flat=True))
    return [row for row in rows if row.key not in existing]


def _create_missing(model: type[models.Model], rows: list[models.Model]) -> int:
    """Insert the rows whose key is not in the table yet; return how many."""
    new_rows = _missing(model, rows)
    model.objects.bulk_create(new_rows)
    return len(new_rows)


def _ordered(index: int) -> int:
    return (index + 1) * ORDER_STEP


def _example_rows() -> list[FormExample]:
    forms_by_key = BullyingForm.objects.in_bulk([form.key for form in data.FORMS], field_name="key")
    return [
        FormExample(
            key=example.key, form=forms_by_key[form.key], text=example.text, order=_ordered(index)
        )
        for form in data.FORMS
        for index, example in enumerate(form.examples)
    ]


def _action_rows() -> list[SuggestedAction]:
    actions: list[SuggestedAction] = []
    per_track: dict[str, int] = {}
    for action in data.ACTIONS:
        per_track[action.track] = per_track.get(action.track, 0) + 1
        actions.append(
            SuggestedAction(
                key=action.key,
                track=action.track,
                source=action.source,
                text=action.text,
                order=per_track[action.track] * ORDER_STEP,
            )
        )
    return actions


@transaction.atomic
def protocol_data_load() -> dict[str, int]:
    """Add the protocol's reference items that are missing, by key; return how many per list.

    Existing items are left exactly as they are, whether the coordinator edited or
    deactivated them, so running this again never undoes work done in the admin.
    """
    created: dict[str, int] = {}
    created["forms"] = _create_missing(
        BullyingForm,
        [
            BullyingForm(
                key=form.key,
                code=form.code,
                name=form.name,
                description=form.description,
                order=_ordered(index),
            )
            for index, form in enumerate(data.FORMS)
        ],
    )
    # The examples point at the forms, so they are built once the forms are in.
    created["examples"] = _create_missing(FormExample, _example_rows())
    created["platforms"] = _create_missing(
        DigitalPlatform,
        [
            DigitalPlatform(key=item.key, name=item.text, order=_ordered(index))
            for index, item in enumerate(data.PLATFORMS)
        ],
    )
    created["marks"] = _create_missing(
        BullyingMark,
        [
            BullyingMark(key=item.key, text=item.text, order=_ordered(index))
            for index, item in enumerate(data.MARKS)
        ],
    )
    created["signals"] = _create_missing(
        Signal,
        [
            Signal(key=item.key, kind=kind, text=item.text, order=_ordered(index))
            for kind, items in data.SIGNALS.items()
            for index, item in enumerate(items)
        ],
    )
    created["actions"] = _create_missing(SuggestedAction, _action_rows())
    return created


def reference_key_generate(*, model: type[models.Model], text: str) -> str:
    """A free key for an item the coordinator adds in the admin.

    Such keys start with "custom-", which no key of the protocol's own lists does, so a
    later reload can never mistake a coordinator's item for one of the protocol's.
    """
    base = CUSTOM_KEY_PREFIX + (slugify(text)[:60].strip("-") or "item")
    taken = set(model.objects.filter(key__startswith=base).values_list("key", flat=True))
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    return key
