"""What a reminder says, in the app and in email, and where it links to.

Reminders leave the school's systems by email, so they name a case or incident only by its
number, the kind of deadline and its date: never a pupil, never what happened.
"""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.reminders.models import ReminderKind
from cases.review.weeks import Week


def case_path(case_id: int) -> str:
    return reverse("cases:case_detail", args=[case_id])


def incident_path(incident_id: int) -> str:
    return reverse("cases:incident_detail", args=[incident_id])


def week_review_path(due_on: date | None) -> str:
    """The weekoverzicht of the week before `due_on` (the digest's week), or the default week."""
    path = reverse("reporting:week")
    if due_on is None:
        return path
    return f"{path}?week={Week.containing(due_on).previous}"


def reminder_path(
    *,
    kind: str,
    case_id: int | None,
    incident_id: int | None,
    due_on: date | None = None,
    pupil_id: int | None = None,
) -> str:
    if kind == ReminderKind.DELIVERY_PROBLEM:
        return reverse("cases:delivery_problems")
    if kind == ReminderKind.REPEAT_INVOLVEMENT:
        return f"{reverse('reporting:week')}#herhaald"
    if pupil_id:
        return reverse("cases:pupil_detail", args=[pupil_id])
    if case_id:
        return case_path(case_id)
    if incident_id:
        return incident_path(incident_id)
    if kind == ReminderKind.WEEKLY_DIGEST:
        return week_review_path(due_on)
    return reverse("cases:notification_list")


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _dmy(day: date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


def reminder_title(
    *, kind: str, case_id: int | None, incident_id: int | None, due_on: date | None
) -> str:
    """One line: which case or incident, which deadline, which date."""
    params = {
        "case": case_id,
        "incident": incident_id,
        "date": _dmy(due_on),
        "count": settings.REPEAT_INVOLVEMENT_INCIDENTS,
        "weeks": settings.REPEAT_INVOLVEMENT_SCHOOL_WEEKS,
    }
    if due_on:
        params["year"] = due_on.year
    titles = {
        ReminderKind.REGISTRATION_OVERDUE: _(
            "Incident #%(incident)s: registration was due on %(date)s"
        ),
        ReminderKind.REGISTRATION_ESCALATED: _(
            "Incident #%(incident)s: registration more than two school days overdue (due %(date)s)"
        ),
        ReminderKind.EVALUATION_UPCOMING: _("Case #%(case)s: evaluate the agreements on %(date)s"),
        ReminderKind.EVALUATION_TODAY: _(
            "Case #%(case)s: evaluate the agreements today (%(date)s)"
        ),
        ReminderKind.EVALUATION_OVERDUE: _(
            "Case #%(case)s: evaluation of the agreements overdue (due %(date)s)"
        ),
        ReminderKind.EVALUATION_ESCALATED: _(
            "Case #%(case)s: evaluation more than two school days overdue (due %(date)s)"
        ),
        ReminderKind.FOLLOW_UP_DUE: _("Case #%(case)s: contact the parents again (due %(date)s)"),
        ReminderKind.FOLLOW_UP_ESCALATED: _(
            "Case #%(case)s: contact with the parents more than two school days overdue "
            "(due %(date)s)"
        ),
        ReminderKind.ACTION_PLAN_ENDING: _("Case #%(case)s: the action plan ends on %(date)s"),
        ReminderKind.PLACEMENT_ENDING: _("Case #%(case)s: a temporary placement ends on %(date)s"),
        ReminderKind.SUSPENSION_ENDING: _("Case #%(case)s: a suspension ends on %(date)s"),
        ReminderKind.WEEKLY_DIGEST: _("Weekly review of registrations (%(date)s)"),
        ReminderKind.REPEAT_INVOLVEMENT: _(
            "A pupil was involved in %(count)s or more incidents within %(weeks)s school weeks"
        ),
        ReminderKind.SAFETY_MONITOR: _("Yearly monitoring of social safety (%(year)s)"),
        ReminderKind.PROTOCOL_EVALUATION: _(
            "Four-yearly evaluation of the anti-bullying protocol (%(year)s)"
        ),
        ReminderKind.DELIVERY_PROBLEM: _("An email reminder could not be delivered"),
        ReminderKind.SIGNALS_NOTICE: _("Signals recorded about a pupil call for attention"),
    }
    return titles[kind] % params


def reminder_advice(kind: str) -> str:
    """What the recipient is asked to do, in one or two sentences."""
    advice = {
        ReminderKind.REGISTRATION_OVERDUE: _(
            "An incident must be registered and verified within 24 hours of the report. "
            "Please complete the registration."
        ),
        ReminderKind.REGISTRATION_ESCALATED: _(
            "The registration of this incident is more than two school days overdue. "
            "Please contact the teacher."
        ),
        ReminderKind.EVALUATION_UPCOMING: _(
            "The agreements of this case are evaluated on the next school day. Plan the "
            "conversation with the pupils."
        ),
        ReminderKind.EVALUATION_TODAY: _(
            "The agreements of this case are evaluated today. Record whether they were kept."
        ),
        ReminderKind.EVALUATION_OVERDUE: _(
            "The evaluation of the agreements of this case has not been recorded yet. Please "
            "hold the conversation and record the outcome."
        ),
        ReminderKind.EVALUATION_ESCALATED: _(
            "The evaluation of the agreements is more than two school days overdue. Please "
            "contact the teacher."
        ),
        ReminderKind.FOLLOW_UP_DUE: _(
            "The parents were promised contact after the first evaluation. Please contact "
            "them and record the contact."
        ),
        ReminderKind.FOLLOW_UP_ESCALATED: _(
            "The promised contact with the parents is more than two school days overdue. "
            "Please contact the teacher."
        ),
        ReminderKind.ACTION_PLAN_ENDING: _(
            "The two weeks of the action plan are almost over. Plan the conversation of "
            "step 5 and report to the IB."
        ),
        ReminderKind.PLACEMENT_ENDING: _(
            "A temporary placement in another group or school ends. Prepare the pupil's return."
        ),
        ReminderKind.SUSPENSION_ENDING: _("A suspension ends. Prepare the pupil's return."),
        ReminderKind.WEEKLY_DIGEST: _(
            "The registrations of the past week are waiting for your weekly review."
        ),
        ReminderKind.REPEAT_INVOLVEMENT: _(
            "The protocol involves the directie and the coordinator in repeated incidents. "
            "The weekoverzicht lists the pupils concerned."
        ),
        ReminderKind.SAFETY_MONITOR: _(
            "The school monitors how safe pupils feel at least once a year, with the "
            "Veiligheidsmonitor (Vensters/IEP) and IEP Hart & Handen. Please plan this year's "
            "monitoring."
        ),
        ReminderKind.PROTOCOL_EVALUATION: _(
            "The anti-bullying protocol is evaluated every four years and revised where needed. "
            "Please plan the evaluation with the team."
        ),
        ReminderKind.DELIVERY_PROBLEM: _(
            "Check the list of email reminders that could not be delivered."
        ),
        ReminderKind.SIGNALS_NOTICE: _(
            "Read the signals on the pupil's page and decide with the teacher what follows, "
            "if needed along the school's meldcode."
        ),
    }
    return advice[kind]
