"""The choice of school year, group and period on the trends page."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms.fields import DateInput
from cases.models import SchoolGroup, SchoolYear
from reporting.trends.scope import Scope, scope_for


def current_school_year() -> SchoolYear | None:
    """The school year today falls in; otherwise the latest one that started."""
    today = timezone.localdate()
    years = SchoolYear.objects.order_by("-start_date")
    return (
        years.filter(start_date__lte=today, end_date__gte=today).first()
        or years.filter(start_date__lte=today).first()
        or years.last()
    )


class TrendsFilterForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("School year"),
        queryset=SchoolYear.objects.order_by("-start_date"),
        required=False,
        empty_label=None,
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SchoolGroup.objects.order_by("order", "name"),
        required=False,
        empty_label=_("All groups"),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date. Swap the two dates."))
        year = data.get("year")
        for name in ("start", "end"):
            day: datetime.date | None = data.get(name)
            if year and day and not year.start_date <= day <= year.end_date:
                self.add_error(
                    name,
                    _("Choose a date in the school year %(year)s (%(from)s – %(to)s).")
                    % {
                        "year": year,
                        "from": f"{year.start_date:%d-%m-%Y}",
                        "to": f"{year.end_date:%d-%m-%Y}",
                    },
                )
        return data

    def scope(self) -> Scope | None:
        """The valid choices as a scope; a field with an error falls back to its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = data.get("year") if "year" not in self.errors else None
        year = year or current_school_year()
        if year is None:
            return None
        return scope_for(
            year,
            group=data.get("group") if "group" not in self.errors else None,
            start=data.get("start") if "start" not in self.errors else None,
            end=data.get("end") if "end" not in self.errors else None,
        )
