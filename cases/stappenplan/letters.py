"""Letters to the parents of one pupil of a case, as PDF in the school's name (§10.1, §10.5,
§11 step 3): the feedback on the agreements, and the protocol's advice to the parents of a
gepeste, of a pester, or to the parents of a pupil otherwise involved.

A letter names only the pupil it is about: no other pupil, nothing of what the others did.
The application sends no email to parents; the school prints the letter or sends it through
its own channel.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Agreement, Case, InvolvementRole, Pupil
from mozaiek.pdf import render_pdf


class LetterKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback on the agreements (steps 3 and 4)")
    ADVICE = "advice", _("Advice for parents (§10.5)")


class Audience(models.TextChoices):
    """Whose parents the §10.5 advice speaks to, from the pupil's role in the case."""

    VICTIM = "victim", _("parents of a pupil who is bullied")
    BULLY = "bully", _("parents of a pupil who bullies")
    OTHER = "other", _("parents of a pupil otherwise involved")


def audience_of(roles: set[str]) -> Audience:
    if InvolvementRole.VICTIM in roles:
        return Audience.VICTIM
    if InvolvementRole.BULLY in roles:
        return Audience.BULLY
    return Audience.OTHER


def parent_letter_pdf(*, case: Case, pupil: Pupil, kind: str, roles: set[str]) -> bytes:
    """The letter; `roles` are the pupil's roles in the case."""
    evaluate_on = (
        Agreement.objects.filter(case=case, pupil=pupil, is_active=True, outcome="")
        .order_by("evaluate_on")
        .values_list("evaluate_on", flat=True)
        .first()
    )
    return render_pdf(
        "pdf/parent_letter.html",
        {
            "kind": kind,
            "audience": audience_of(roles),
            "pupil": pupil,
            "school": pupil.school,
            "evaluate_on": evaluate_on,
            "printed_on": timezone.localdate(),
        },
    )
