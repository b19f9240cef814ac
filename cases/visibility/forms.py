from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms import DateInput


class AccessPeriodForm(forms.Form):
    """“Who opened this between … and …”: both days included; either end may stay open."""

    date_from = forms.DateField(label=_("Opened from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("up to and including"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to", _("The end date is before the start date. Swap the two dates.")
            )
        return data

    def period(self) -> tuple:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
