"""Forms of who is told: the contact with a pupil's parents and the notice to the team."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ContactChannel
from cases.stappenplan.forms.base import RecordForm, date_field, text_field


class ParentContactForm(RecordForm):
    pupil = forms.CharField(label=_("Parents of"))
    contacted_on = date_field(_("Date"))
    channel = forms.ChoiceField(
        label=_("How"),
        choices=ContactChannel.choices,
        error_messages={"required": _("Choose how you contacted the parents.")},
    )
    summary = text_field(
        _("What was said"),
        _("Write down what you told the parents and what they said."),
    )
    about_action_plan = forms.BooleanField(
        label=_("The parents were informed about the action plan"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].error_messages = {"required": _("Choose whose parents you spoke to.")}
        self._pupil_field("pupil")


class TeamNoticeForm(RecordForm):
    informed_on = date_field(_("Date"))
    note = text_field(
        _("What the team was told"),
        _("Write down what the team was told, for example what to watch for at break."),
        rows=2,
    )
    about_action_plan = forms.BooleanField(
        label=_("The team was informed about the action plan"), required=False
    )
