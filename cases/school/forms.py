import datetime
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import Holiday, SchoolGroup, SchoolYear
from cases.stappenplan.forms import DATE_INPUT_FORMATS, DateInput, ObjectChoiceField

# Offered as suggestions for the name; the directie can type any other name.
HOLIDAY_NAMES = [
    _("Autumn holiday"),
    _("Christmas holiday"),
    _("Spring holiday (carnival)"),
    _("Easter Monday"),
    _("King's Day"),
    _("May holiday"),
    _("Ascension Day"),
    _("Whit Monday"),
    _("Study day"),
]


class HolidayForm(forms.Form):
    school_year = forms.CharField(label=_("School year"))
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={"required": _("Enter the name of the holiday, for example Christmas.")},
        widget=forms.TextInput(attrs={"list": "holiday-names", "autocomplete": "off"}),
    )
    start_date = forms.DateField(
        label=_("First day"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the first day of the holiday."),
            "invalid": _("Enter a date, for example 21-12-2026."),
        },
    )
    end_date = forms.DateField(
        label=_("Last day"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("The last day without school; for a single day, the same as the first day."),
        error_messages={
            "required": _("Enter the last day of the holiday."),
            "invalid": _("Enter a date, for example 1-1-2027."),
        },
    )

    def __init__(
        self,
        *args: Any,
        school_years: Sequence[SchoolYear] = (),
        holiday: Holiday | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.school_years = list(school_years)
        self.holiday = holiday
        self.fields["school_year"] = ObjectChoiceField(
            objects=school_years,
            label_of=lambda year: (
                f"{year.name} ({year.start_date:%d-%m-%Y} – {year.end_date:%d-%m-%Y})"
            ),
            label=_("School year"),
            error_messages={"required": _("Choose the school year.")},
        )

    @staticmethod
    def initial_from(holiday: Holiday) -> dict[str, Any]:
        return {
            "school_year": str(holiday.school_year_id),
            "name": holiday.name,
            "start_date": holiday.start_date,
            "end_date": holiday.end_date,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, start, end = data.get("school_year"), data.get("start_date"), data.get("end_date")
        if not (year and start and end) or end < start:
            return data  # the service says what is wrong with the dates themselves
        first, last = holiday_span(year, self.school_years)
        if not (first <= start and end <= last):
            self.add_error(
                "start_date" if start < first or start > last else "end_date",
                _(
                    "These days fall outside school year %(year)s, which runs from %(first)s "
                    "to %(last)s (its summer holiday included). Choose the right school year, "
                    "or check the dates."
                )
                % {"year": year.name, "first": f"{first:%d-%m-%Y}", "last": f"{last:%d-%m-%Y}"},
            )
            return data
        for other in year.holidays.all():
            if other.pk == getattr(self.holiday, "pk", None):
                continue
            if other.start_date <= end and start <= other.end_date:
                self.add_error(
                    "start_date",
                    _(
                        "These days overlap with %(name)s (%(start)s to %(end)s). Change the "
                        "dates, or change %(name)s instead."
                    )
                    % {
                        "name": other.name,
                        "start": f"{other.start_date:%d-%m-%Y}",
                        "end": f"{other.end_date:%d-%m-%Y}",
                    },
                )
                break
        return data


# Without a next school year entered, the summer holiday is taken to last at most this long.
LONGEST_SUMMER = datetime.timedelta(weeks=8)


def holiday_span(
    year: SchoolYear, years: Sequence[SchoolYear]
) -> tuple[datetime.date, datetime.date]:
    """The days a holiday of `year` may fall on: from its first day up to the day before the
    next school year starts, so that the summer holiday after it belongs to it as well (as on
    the official holiday schedules)."""
    following = [other.start_date for other in years if other.start_date > year.end_date]
    if following:
        return year.start_date, min(following) - datetime.timedelta(days=1)
    return year.start_date, year.end_date + LONGEST_SUMMER


PUPIL_IMPORT_MAX_BYTES = 2 * 1024 * 1024
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}


class PupilImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pupil list (CSV)"),
        help_text=_(
            "The export from the student administration, at most 2 MB. The first row names the "
            "columns leerlingnummer, voornaam, tussenvoegsel, achternaam and groep."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size > PUPIL_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s is allowed. Upload the CSV export only.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(PUPIL_IMPORT_MAX_BYTES),
                }
            )
        if PurePath(upload.name or "").suffix.lower() in SPREADSHEET_SUFFIXES:
            raise forms.ValidationError(
                _(
                    "This is a spreadsheet, not a CSV file. In your spreadsheet program choose "
                    "“Save as” → CSV and upload that file."
                )
            )
        return upload


class StaffForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_(
            "What they log in with, for example juf.anna. Letters, digits and . @ + - _ only; "
            "it cannot be changed later."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The link to choose a password is sent here."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "IB, directie and the coordinator see every incident and case of the school; a "
            "teacher sees those of the groups they teach. The contact person for social "
            "safety reads the confidential reports and, through that role alone, no case."
        ),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups they teach"),
        queryset=SchoolGroup.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        if user is not None:
            kwargs.setdefault(
                "initial",
                {
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "email": user.email,
                    "roles": sorted(user.role_names()),
                    "groups": list(user.teaching_groups.all()),
                },
            )
        super().__init__(*args, **kwargs)
        if user is not None:
            del self.fields["username"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "roles": data["roles"],
            "groups": list(data["groups"]),
        }
