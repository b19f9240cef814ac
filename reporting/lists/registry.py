"""The protocol's reference lists the coordinator keeps (§5, §4.2, §6, §8.1/§10), each with
the fields she edits. The forms of bullying are fixed by the protocol (§5): their names and
descriptions can be edited, but none is added."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormExample,
    Signal,
    SuggestedAction,
)
from reporting.monitor.models import MonitorInstrument


@dataclass(frozen=True)
class ReferenceList:
    slug: str
    title: str
    model: type[models.Model]
    fields: tuple[str, ...]
    may_add: bool = True
    related: tuple[str, ...] = ()


LISTS = {
    entry.slug: entry
    for entry in (
        ReferenceList(
            "vormen",
            _("Forms of bullying (§5)"),
            BullyingForm,
            ("name", "description", "order"),
            may_add=False,
        ),
        ReferenceList(
            "voorbeelden",
            _("Examples per form (§5.1–5.4)"),
            FormExample,
            ("form", "text", "order"),
            related=("form",),
        ),
        ReferenceList(
            "platforms",
            _("Platforms of digital bullying (§5.4)"),
            DigitalPlatform,
            ("name", "order"),
        ),
        ReferenceList("kenmerken", _("Marks of bullying (§4.2)"), BullyingMark, ("text", "order")),
        ReferenceList("signalen", _("Signals (§6)"), Signal, ("kind", "text", "order")),
        ReferenceList(
            "instrumenten",
            _("Instruments of the safety monitor (§12.1)"),
            MonitorInstrument,
            ("name", "order"),
        ),
        ReferenceList(
            "acties",
            _("Suggested actions per track (§8.1, §10)"),
            SuggestedAction,
            ("track", "text", "source", "order"),
        ),
    )
}
