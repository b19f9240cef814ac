"""The step buttons of a case and the verification of a reported incident."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Classification


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, max_length=40)
    # The case's version the user saw: a step is not taken on a case that changed meanwhile.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Verification of a reported incident (protocol §11 "Vooraf").

VERIFY_CHOICES = [
    (Classification.BULLYING.value, _("Bullying: start the stappenplan")),
    (Classification.TEASING.value, _("Teasing: no case, note the follow-up")),
    (Classification.AGGRESSION.value, _("Aggression: no case, note the follow-up")),
]
NEW_CASE = "new"


class VerifyForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("What is it, after checking?"),
        choices=VERIFY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether this is teasing, bullying or aggression.")},
    )
    note = forms.CharField(
        label=_("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For teasing or aggression: what did you do, and what happens next? For example "
            "“talked to both, they made up”."
        ),
    )
    case = forms.ChoiceField(
        label=_("Case"),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, open_cases: Sequence[tuple[Case, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.open_cases = {str(case.pk): case for case, _label in open_cases}
        self.fields["case"].choices = [
            (NEW_CASE, _("Open a new case")),
            *((str(case.pk), label) for case, label in open_cases),
        ]
        self.fields["case"].initial = NEW_CASE

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        classification = data.get("classification")
        choice = data.get("case") or NEW_CASE
        data["case"] = (
            self.open_cases.get(choice) if classification == Classification.BULLYING else None
        )
        return data
