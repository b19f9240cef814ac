"""Anonymising the records of pupils who left school long enough ago (AVG art. 5).

What goes: the pupil's name and student number (replaced by a stable pseudonym, "Leerling"
and the pupil's number in the application, so the same pupil keeps the same pseudonym), the
free text that was written about them, and the evidence attached. What stays: the rows the
trends are counted from — incidents with their date, place, forms, classification and the
roles of the pupils involved, cases with their steps — so the figures of earlier years do not
change.

An incident's or case's free text is removed once every pupil in it is anonymised, so a
record is never cut short for a pupil who is still at school. The history keeps no copy: the
same text fields of the history rows are emptied too (that is the point of the run, so these
writes deliberately add no history of their own).
"""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast, Concat

from cases.models import (
    ActionPlan,
    ActionPlanItem,
    Agreement,
    Attachment,
    Case,
    Consent,
    Conversation,
    Incident,
    Involvement,
    ParentComment,
    ParentContact,
    ParentMeeting,
    Placement,
    Pupil,
    SignalObservation,
    Suspension,
    TeamNotice,
)

# The free text of each kind of record, emptied when its pupils are all anonymised.
INCIDENT_TEXT = {
    Incident: ["description", "digital_description", "follow_up_note", "reporter_name"],
}
CASE_TEXT = {
    Case: ["title", "analysis", "class_conversation_waived_reason", "closed_reason"],
    Conversation: ["notes", "other_participants"],
    Agreement: ["text", "evaluation_note"],
    ParentContact: ["summary"],
    TeamNotice: ["note"],
    ActionPlan: ["analysis", "goals", "external_help_other"],
    ParentMeeting: ["notes"],
    Consent: ["given_by", "note"],
    Placement: ["destination", "review_note"],
    Suspension: ["reason", "objection_procedure"],
}
PUPIL_TEXT = {SignalObservation: ["note"], ParentComment: ["given_by", "text"]}


def pupils_due(today: datetime.date, years: int) -> models.QuerySet[Pupil]:
    """Pupils who left at least `years` years before `today` and are not anonymised yet."""
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return Pupil.objects.filter(left_on__isnull=False, left_on__lte=cutoff, anonymised_on=None)


def _blank(model: type[models.Model], scope: Q, fields: list[str], *, apply: bool) -> int:
    """Rows of `model` within `scope` with text left in `fields`; emptied when `apply`."""
    pending = model.objects.filter(scope).exclude(**dict.fromkeys(fields, ""))
    if not apply:
        return pending.count()
    pks = list(pending.values_list("pk", flat=True))
    if pks:
        blank = dict.fromkeys(fields, "")
        model.objects.filter(pk__in=pks).update(**blank)
        model.history.model.objects.filter(id__in=pks).update(**blank)
    return len(pks)


def _remove_attachments(incidents: models.QuerySet, *, apply: bool) -> int:
    attachments = Attachment.objects.filter(incident__in=incidents.values("pk"))
    if not apply:
        return attachments.count()
    removed = 0
    for attachment in attachments:
        attachment.file.delete(save=False)
        attachment.history.model.objects.filter(id=attachment.pk).update(original_name="")
        attachment.delete()
        removed += 1
    return removed


def pupil_records_anonymise(*, today: datetime.date, years: int, apply: bool) -> dict[str, int]:
    """Anonymise (or, without `apply`, count) what the pupil-records policy covers today."""
    due = pupils_due(today, years)
    counts = {"pupils": due.count()}
    if apply and counts["pupils"]:
        due.update(
            first_name="Leerling",
            infix="",
            last_name=Cast("pk", models.CharField()),
            student_number=Concat(models.Value("anon-"), Cast("pk", models.CharField())),
            anonymised_on=today,
        )
    due_ids = due.values("pk") if not apply else Pupil.objects.filter(anonymised_on=today)
    # Without `apply`, count what would be covered once the due pupils are anonymised.
    still_here = Involvement.objects.filter(incident=OuterRef("pk"), pupil__anonymised_on=None)
    if not apply:
        still_here = still_here.exclude(pupil__in=due_ids)
    incidents = Incident.objects.filter(involvements__isnull=False).exclude(Exists(still_here))
    case_still_here = Involvement.objects.filter(
        incident__case=OuterRef("pk"), pupil__anonymised_on=None
    )
    if not apply:
        case_still_here = case_still_here.exclude(pupil__in=due_ids)
    cases = Case.objects.filter(incidents__isnull=False).exclude(Exists(case_still_here))
    counts["incident_texts"] = _blank(
        Incident, Q(pk__in=incidents.values("pk")), INCIDENT_TEXT[Incident], apply=apply
    )
    counts["attachments"] = _remove_attachments(incidents, apply=apply)
    counts["case_texts"] = 0
    for model, fields in CASE_TEXT.items():
        scope = Q(pk__in=cases.values("pk")) if model is Case else Q(case__in=cases.values("pk"))
        counts["case_texts"] += _blank(model, scope, fields, apply=apply)
    counts["case_texts"] += _blank(
        ActionPlanItem,
        Q(plan__case__in=cases.values("pk")),
        ["action", "who", "when"],
        apply=apply,
    )
    anonymised = Pupil.objects.filter(anonymised_on__isnull=False)
    pupils = anonymised if apply else Pupil.objects.filter(Q(pk__in=due_ids) | Q(pk__in=anonymised))
    counts["pupil_texts"] = sum(
        _blank(model, Q(pupil__in=pupils.values("pk")), fields, apply=apply)
        for model, fields in PUPIL_TEXT.items()
    )
    return counts
