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


@transaction.atomic
def protocol_data_load() -> dict[str, int]:
    """Add the protocol's reference items that are missing, by key; return how many per list.

    Existing items are left exactly as they are, whether the coordinator edited or
    deactivated them, so running this again never undoes work done in the admin.
    """
    created: dict[str, int] = {}

    new_forms = _missing(
        BullyingForm,
        [
            BullyingForm(
                key=form.key,
                code=form.code,
                name=form.name,
                description=form.description,
                order=(index + 1) * ORDER_STEP,
            )
            for index, form in enumerate(data.FORMS)
        ],
    )
    BullyingForm.objects.bulk_create(new_forms)
    created["forms"] = len(new_forms)

    forms_by_key = BullyingForm.objects.in_bulk([form.key for form in data.FORMS], field_name="key")
    new_examples = _missing(
        FormExample,
        [
            FormExample(
                key=example.key,
                form=forms_by_key[form.key],
                text=example.text,
                order=(index + 1) * ORDER_STEP,
            )
            for form in data.FORMS
            for index, example in enumerate(form.examples)
        ],
    )
    FormExample.objects.bulk_create(new_examples)
    created["examples"] = len(new_examples)

    new_platforms = _missing(
        DigitalPlatform,
        [
            DigitalPlatform(key=item.key, name=item.text, order=(index + 1) * ORDER_STEP)
            for index, item in enumerate(data.PLATFORMS)
        ],
    )
    DigitalPlatform.objects.bulk_create(new_platforms)
    created["platforms"] = len(new_platforms)

    new_marks = _missing(
        BullyingMark,
        [
            BullyingMark(key=item.key, text=item.text, order=(index + 1) * ORDER_STEP)
            for index, item in enumerate(data.MARKS)
        ],
    )
    BullyingMark.objects.bulk_create(new_marks)
    created["marks"] = len(new_marks)

    new_signals = _missing(
        Signal,
        [
            Signal(key=item.key, kind=kind, text=item.text, order=(index + 1) * ORDER_STEP)
            for kind, items in data.SIGNALS.items()
            for index, item in enumerate(items)
        ],
    )
    Signal.objects.bulk_create(new_signals)
    created["signals"] = len(new_signals)

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
    new_actions = _missing(SuggestedAction, actions)
    SuggestedAction.objects.bulk_create(new_actions)
    created["actions"] = len(new_actions)

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
