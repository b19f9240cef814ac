"""The lists of the workspace: the agreements (each with its evaluation form) and the
timeline, newest first, each row linking to the form that changes it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cases.models import Agreement, Case
from cases.stappenplan.forms import CaseChoices
from cases.stappenplan.timeline import TimelineEntry
from cases.stappenplan.workspace.forms import OpenForm, edit_form
from cases.stappenplan.workspace.kinds import (
    ESCALATED,
    MANAGEMENT,
    RECORD_KINDS_BY_SLUG,
    SLUG_OF_TIMELINE_KIND,
)
from protocol.stappenplan import Actor


@dataclass(frozen=True)
class AgreementRow:
    agreement: Agreement
    evaluation: OpenForm | None
    edit_url: str


@dataclass(frozen=True)
class TimelineRow:
    entry: TimelineEntry
    edit_url: str

    @property
    def css(self) -> str:
        return self.entry.kind.replace("_", "-")


def agreement_rows(
    case: Case,
    agreements: list[Agreement],
    choices: CaseChoices | None,
    open_form: OpenForm | None,
) -> list[AgreementRow]:
    kind = RECORD_KINDS_BY_SLUG["evaluatie"]
    rows = []
    for agreement in agreements:
        evaluation = None
        edit_url = ""
        if choices is not None:
            edit_url = reverse("cases:record_edit", args=[case.pk, "afspraak", agreement.pk])
            if agreement.is_active:
                if (
                    open_form is not None
                    and open_form.kind == kind
                    and getattr(open_form.record, "pk", None) == agreement.pk
                ):
                    evaluation = open_form
                else:
                    evaluation = edit_form(kind, case, agreement, choices)
        rows.append(AgreementRow(agreement, evaluation, edit_url))
    return rows


def timeline_rows(
    case: Case, entries: list[TimelineEntry], actor_kinds: set[Actor], may_record: bool
) -> list[TimelineRow]:
    rows = []
    for entry in reversed(entries):  # newest first
        edit_url = ""
        slug = SLUG_OF_TIMELINE_KIND.get(entry.kind)
        record = entry.record
        if entry.kind == "incident" and record is not None:
            try:
                edit_url = reverse("cases:incident_detail", args=[record.pk])
            except NoReverseMatch:
                edit_url = ""
        elif may_record and slug and record is not None:
            if slug == "evaluatie":
                edit_url = f"#evaluatie-{record.pk}"
            elif RECORD_KINDS_BY_SLUG[slug].allowed_for(actor_kinds) and (
                RECORD_KINDS_BY_SLUG[slug].who != MANAGEMENT or case.state in ESCALATED
            ):
                edit_url = (
                    reverse("cases:record_edit", args=[case.pk, slug, record.pk])
                    + f"#wijzig-{slug}"
                )
        rows.append(TimelineRow(entry, edit_url))
    return rows
