"""Everything kept about one pupil, gathered for the inzage export (art. 15 AVG) and, by
choice of sections, for the transfer summary to a new school.

Read through the visibility selectors like every other export; other pupils appear only as
"leerling A", "leerling B" (`cases.pupils.redaction`), in lists and in free text alike. The
reporter's name is left out: it is another person's data, and a reporter must be able to
report safely (art. 15(4) AVG, art. 41 UAVG). A fixed number of queries, however long the
record.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from cases.incidents.selectors import incidents_visible_to
from cases.models import (
    Agreement,
    Conversation,
    IncidentCorrection,
    Involvement,
    ParentContact,
    Placement,
    Pupil,
    Suspension,
)
from cases.pupils.redaction import Redactor, redactor_for
from cases.pupils.selectors import parent_comments_visible_to, signal_observations_visible_to
from cases.stappenplan.selectors import cases_visible_to
from mozaiek.pdf import render_pdf

# The sections of the record, in the order of the document.
SECTIONS = (
    "incidents",
    "cases",
    "conversations",
    "agreements",
    "contacts",
    "measures",
    "signals",
    "corrections",
    "comments",
)


@dataclass
class PupilRecord:
    pupil: Pupil
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def logged_objects(self) -> list:
        """The incidents and cases in the document, for the access log."""
        return [
            *(row["incident"] for row in self.sections.get("incidents", [])),
            *(row["case"] for row in self.sections.get("cases", [])),
        ]


def _incidents(user: User, pupil: Pupil, redact: Redactor) -> list[dict[str, Any]]:
    incidents = (
        incidents_visible_to(user)
        .filter(involvements__pupil=pupil)
        .prefetch_related(
            Prefetch("involvements", queryset=Involvement.objects.order_by("pk")), "forms"
        )
        .order_by("occurred_on", "pk")
    )
    rows = []
    for incident in incidents:
        involvements = list(incident.involvements.all())
        rows.append(
            {
                "incident": incident,
                "role": next(i.get_role_display() for i in involvements if i.pupil_id == pupil.pk),
                "involved": [
                    {"name": redact.label(i.pupil_id), "role": i.get_role_display()}
                    for i in involvements
                    if i.pupil_id != pupil.pk
                ],
                "forms": ", ".join(form.name for form in incident.forms.all()),
                "description": redact.text(incident.description),
                "digital_description": redact.text(incident.digital_description),
                "follow_up_note": redact.text(incident.follow_up_note),
            }
        )
    return rows


def _cases(user: User, pupil: Pupil, redact: Redactor) -> list[dict[str, Any]]:
    cases = (
        cases_visible_to(user).filter(incidents__involvements__pupil=pupil).distinct()
    ).order_by("opened_at", "pk")
    return [
        {
            "case": case,
            "analysis": redact.text(case.analysis),
            "closed_reason": redact.text(case.closed_reason),
        }
        for case in cases
    ]


def pupil_record(*, user: User, pupil: Pupil, sections: tuple[str, ...] = SECTIONS) -> PupilRecord:
    """The sections of `pupil`'s record that `user` may read, with other pupils redacted."""
    redact = redactor_for(pupil)
    visible_cases = cases_visible_to(user).values("pk")
    record = PupilRecord(pupil=pupil)
    readers = {
        "incidents": lambda: _incidents(user, pupil, redact),
        "cases": lambda: _cases(user, pupil, redact),
        "conversations": lambda: [
            {"conversation": c, "notes": redact.text(c.notes)}
            for c in Conversation.objects.filter(pupils=pupil, case__in=visible_cases).order_by(
                "held_on", "pk"
            )
        ],
        "agreements": lambda: [
            {
                "agreement": a,
                "text": redact.text(a.text),
                "evaluation_note": redact.text(a.evaluation_note),
            }
            for a in Agreement.objects.filter(pupil=pupil, case__in=visible_cases).order_by(
                "made_on", "pk"
            )
        ],
        "contacts": lambda: [
            {"contact": c, "summary": redact.text(c.summary)}
            for c in ParentContact.objects.filter(pupil=pupil, case__in=visible_cases).order_by(
                "contacted_on", "pk"
            )
        ],
        "measures": lambda: [
            *(
                {"placement": p, "destination": redact.text(p.destination)}
                for p in Placement.objects.filter(pupil=pupil, case__in=visible_cases)
            ),
            *(
                {"suspension": s, "reason": redact.text(s.reason)}
                for s in Suspension.objects.filter(pupil=pupil, case__in=visible_cases)
            ),
        ],
        "signals": lambda: [
            {"observation": o, "note": redact.text(o.note)}
            for o in signal_observations_visible_to(user)
            .filter(pupil=pupil)
            .select_related("signal", "recorded_by")
            .order_by("observed_on", "pk")
        ],
        "corrections": lambda: [
            {"correction": c, "reason": redact.text(c.reason)}
            for c in IncidentCorrection.objects.filter(
                incident__in=incidents_visible_to(user).filter(involvements__pupil=pupil)
            )
            .select_related("corrected_by")
            .order_by("corrected_at", "pk")
        ],
        "comments": lambda: [
            {"comment": c, "text": redact.text(c.text)}
            for c in parent_comments_visible_to(user)
            .filter(pupil=pupil)
            .order_by("received_on", "pk")
        ],
    }
    for name in sections:
        record.sections[name] = readers[name]()
    return record


def inzage_pdf(*, user: User, pupil: Pupil) -> tuple[bytes, PupilRecord]:
    """The inzage export of `pupil`: every section of the record, as a PDF (and the record,
    so that the caller can log what it held)."""
    with translation.override(settings.LANGUAGE_CODE):
        record = pupil_record(user=user, pupil=pupil)
        title = _("What the school keeps about %(name)s") % {"name": pupil.full_name}
        introduction = _(
            "This overview holds everything the school records about the pupil in "
            "Mozaïek Veilig (art. 15 AVG). Other pupils are named as “pupil A”, "
            "“pupil B”; who reported an incident is not named."
        )
        return _render(record, user, title, introduction), record


def transfer_pdf(
    *, user: User, pupil: Pupil, sections: tuple[str, ...]
) -> tuple[bytes, PupilRecord]:
    """The summary for the pupil's new school: the sections the school chose to pass on."""
    with translation.override(settings.LANGUAGE_CODE):
        record = pupil_record(user=user, pupil=pupil, sections=sections)
        title = _("Transfer summary for %(name)s") % {"name": pupil.full_name}
        introduction = _(
            "What %(school)s passes on to the pupil's new school about social safety, as the "
            "school chose. Other pupils are named as “pupil A”, “pupil B”."
        ) % {"school": pupil.school.name}
        return _render(record, user, title, introduction), record


def _render(record: PupilRecord, user: User, title: str, introduction: str) -> bytes:
    return render_pdf(
        "pdf/inzage.html",
        {
            "record": record,
            "pupil": record.pupil,
            "school": record.pupil.school,
            "title": title,
            "introduction": introduction,
            "printed_on": timezone.localdate(),
            "printed_by": user,
        },
    )
