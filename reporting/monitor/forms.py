"""Entering a monitor result by hand, and uploading a CSV of them."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms.fields import DateInput
from cases.models import SchoolGroup
from reporting.monitor.models import MonitorInstrument


class MonitorResultForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SchoolGroup.objects.order_by("order", "name"),
        required=False,
        empty_label=_("The whole school"),
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=MonitorInstrument.objects.filter(is_active=True),
        empty_label=None,
    )
    measured_on = forms.DateField(label=_("Date"), widget=DateInput())
    feel_safe_percent = forms.DecimalField(
        label=_("Pupils who feel safe (%)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        localize=True,
    )
    respondents = forms.IntegerField(
        label=_("Number of pupils who took part"), required=False, min_value=0, max_value=2000
    )
    sub_scores = forms.CharField(
        label=_("Sub-scores"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, a name and a percentage: “Welbevinden: 85”."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_sub_scores(self) -> dict:
        scores = {}
        for number, line in enumerate(self.cleaned_data["sub_scores"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, value = line.rpartition(":")
            try:
                score = Decimal(value.strip().rstrip("%").replace(",", "."))
            except InvalidOperation:
                score = None
            if not name.strip() or score is None or not 0 <= score <= 100:
                raise forms.ValidationError(
                    _("Line %(line)s is not a name and a percentage, like “Welbevinden: 85”.")
                    % {"line": number}
                )
            scores[name.strip()] = float(score)
        return scores


class MonitorUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per group, with the columns groep;datum;instrument;veilig and optionally "
            "deelnemers;notitie. Other columns are sub-scores."
        ),
    )
