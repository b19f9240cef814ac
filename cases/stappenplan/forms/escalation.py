"""Forms of the escalated steps 6 to 8: the meeting with all parents, the consent of a party,
a temporary placement elsewhere and a suspension."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CONSENT_STEPS, PlacementKind
from cases.stappenplan.forms.base import (
    ObjectChoiceField,
    ObjectMultipleChoiceField,
    RecordForm,
    date_field,
    text_field,
)
from protocol.stappenplan import ConsentParty


class ParentMeetingForm(RecordForm):
    held_on = date_field(_("Date of the meeting"))
    led_by = forms.CharField(label=_("Led by"))
    teachers_present = forms.MultipleChoiceField(label=_("Teachers present"))
    notes = text_field(
        _("Notes"),
        _("Write down what was discussed and what the parents can do."),
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["led_by"] = ObjectChoiceField(
            objects=self.choices.leaders,
            label=_("Led by"),
            help_text=_("The protocol asks a member of the management or the IB to lead it."),
            error_messages={"required": _("Choose who led the meeting.")},
        )
        self.fields["teachers_present"] = ObjectMultipleChoiceField(
            objects=self.choices.teachers,
            label=_("Teachers present"),
            error_messages={"required": _("Tick the teachers of the group who were present.")},
        )


class ConsentForm(RecordForm):
    fixed_on_edit = ("step", "party")

    step = forms.ChoiceField(
        label=_("Consent for"),
        choices=CONSENT_STEPS,
        error_messages={"required": _("Choose the step this consent is for.")},
    )
    party = forms.ChoiceField(
        label=_("Party"),
        choices=ConsentParty.choices,
        error_messages={"required": _("Choose whose consent this is.")},
    )
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        error_messages={"required": _("Write down who gave the consent.")},
        help_text=_("Name, for example “mother of Sem” or “team meeting of 12 March”."),
    )
    given_on = date_field(_("Date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlacementForm(RecordForm):
    fixed_on_edit = ("pupil",)
    edit_only = ("reviewed_on", "review_note")

    pupil = forms.CharField(label=_("Pupil"))
    kind = forms.ChoiceField(
        label=_("Placed in"),
        choices=PlacementKind.choices,
        error_messages={"required": _("Choose another group or another school.")},
    )
    destination = forms.CharField(
        label=_("Which group or school"),
        max_length=200,
        error_messages={"required": _("Write down the group or school.")},
    )
    start_date = date_field(_("From"))
    end_date = date_field(_("Until"), today=False)
    review_on = date_field(_("Review on"), today=False)
    reviewed_on = date_field(_("Reviewed on"), required=False, today=False)
    review_note = forms.CharField(
        label=_("Outcome of the review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].error_messages = {"required": _("Choose the pupil.")}
        self._pupil_field("pupil")


DEFAULT_OBJECTION = _(
    "If you do not agree with this suspension, you can object in writing to the management "
    "of the school within six weeks of the date of this letter."
)


class SuspensionForm(RecordForm):
    fixed_on_edit = ("pupil",)

    pupil = forms.CharField(label=_("Pupil who bullies"))
    start_date = date_field(_("First day"))
    end_date = date_field(_("Last day"), today=False)
    reason = text_field(
        _("Reason"),
        _("Write down why the pupil is suspended; the parents read this in the letter."),
    )
    objection_procedure = text_field(
        _("How the parents can object"),
        _("Write down how the parents can object to the suspension."),
        initial=DEFAULT_OBJECTION,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].error_messages = {"required": _("Choose the pupil who bullies.")}
        self._pupil_field("pupil", bullies_only=True)
        self.fields["pupil"].help_text = _(
            "At most five school days. Holidays and weekends do not count."
        )
