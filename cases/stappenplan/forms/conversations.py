"""Forms of what is said with the pupils: a conversation, an agreement and its evaluation."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import AgreementOutcome, ConversationKind
from cases.stappenplan.forms.base import (
    ObjectMultipleChoiceField,
    RecordForm,
    date_field,
    pupil_label,
    text_field,
)


class ConversationForm(RecordForm):
    kind = forms.ChoiceField(
        label=_("Kind of conversation"),
        choices=ConversationKind.choices,
        error_messages={"required": _("Choose the kind of conversation.")},
    )
    held_on = date_field(_("Date of the conversation"))
    pupils = forms.MultipleChoiceField(
        label=_("Pupils in the conversation"),
        required=False,
        help_text=_(
            "For a separate conversation (step 1): record one conversation per pupil, with only "
            "that pupil ticked."
        ),
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        max_length=300,
        help_text=_("For example the IB, a parent or a colleague."),
    )
    notes = text_field(
        _("What was discussed"),
        _("Write down what was discussed: the facts, what the pupils said, what you agreed."),
        rows=4,
    )
    reported_to_ib = forms.BooleanField(
        label=_("I have sent a report of this conversation to the IB"), required=False
    )
    early_reason = forms.CharField(
        label=_("Held before the two weeks of step 5 are over? Why now"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for the conversation of step 5, when it is held sooner."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Asked only where it can matter: the follow-up conversation of step 5, a form sent
        # back with this question, or a conversation that has a reason already.
        if not (
            self.is_bound
            or self.initial.get("kind") == ConversationKind.FOLLOW_UP
            or self.initial.get("early_reason")
        ):
            del self.fields["early_reason"]
        involved = {p.pupil.pk: p for p in self.choices.pupils}
        self.fields["pupils"] = ObjectMultipleChoiceField(
            objects=[p.pupil for p in self.choices.pupils],
            label_of=pupil_label(involved),
            label=self.fields["pupils"].label,
            required=False,
            help_text=self.fields["pupils"].help_text,
        )


class AgreementForm(RecordForm):
    edit_only = ("is_active",)

    pupil = forms.CharField(
        label=_("With pupil"),
        required=False,
        help_text=_("Leave empty for an agreement with the whole group."),
    )
    text = text_field(
        _("Agreement"),
        _("Write down the agreement, as concretely as possible."),
        rows=2,
        help_text=_("Concrete and checkable, for example: “Sem leaves Lotte alone at break.”"),
    )
    made_on = date_field(_("Made on"))
    is_active = forms.BooleanField(
        label=_("Still in force"),
        required=False,
        help_text=_(
            "Untick when the agreement has been replaced or ended: it stays on record but is "
            "no longer evaluated."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pupil_field("pupil")


class AgreementEvaluationForm(RecordForm):
    outcome = forms.ChoiceField(
        label=_("Was the agreement kept?"),
        choices=AgreementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the agreement was kept.")},
    )
    evaluated_on = date_field(_("Evaluated on"))
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_from(cls, record: models.Model) -> dict[str, Any]:
        initial = {
            "version": record.version,
            "outcome": record.outcome,
            "note": record.evaluation_note,
        }
        if record.evaluated_on:
            initial["evaluated_on"] = record.evaluated_on
        return initial
