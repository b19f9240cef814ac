"""The case's own judgements (analysis, severity, class conversation, effects), saved with
`case_update_assessment`. Each form carries only its own fields; the view adds the others
from the case as they are."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.stappenplan.forms.base import RecordForm, text_field

YES_NO_OPEN = [("", _("Not judged yet")), ("yes", _("Yes")), ("no", _("No"))]


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _from_bool(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class AssessmentForm(RecordForm):
    @classmethod
    def initial_from(cls, record: models.Model) -> dict[str, Any]:
        initial = super().initial_from(record)
        for name in ("judged_serious", "step5_outcome_positive"):
            if name in initial:
                initial[name] = _from_bool(initial[name])
        return initial


class AnalysisForm(AssessmentForm):
    analysis = text_field(
        _("Analysis"),
        _("Write down the analysis, based on concrete incidents of the recent past."),
        rows=4,
        help_text=_(
            "Based on concrete incidents of the recent past: what happens, when, who is "
            "involved, since when."
        ),
    )
    judged_serious = forms.TypedChoiceField(
        label=_("How serious is the situation?"),
        choices=[
            ("no", _("Not serious")),
            ("yes", _("Serious: the parents are informed in step 3")),
        ],
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious the situation is.")},
    )


class ClassConversationWaiverForm(AssessmentForm):
    class_conversation_waived_reason = text_field(
        _("Why is a class conversation not needed?"),
        _("Write down why a class conversation is not needed."),
        rows=2,
    )


class EffectsForm(AssessmentForm):
    step5_outcome_positive = forms.TypedChoiceField(
        label=_("Are the effects positive?"),
        choices=[
            ("yes", _("Yes: the bullying has stopped, phase out")),
            ("no", _("No: a new action plan is needed")),
        ],
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the effects are positive.")},
    )
