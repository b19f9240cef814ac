"""Forms of the pupil's record."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or student number"),
        max_length=100,
        required=False,
        strip=True,
    )
