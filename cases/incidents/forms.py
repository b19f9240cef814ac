"""Forms for registering and finding incidents.

The forms check what the teacher typed and say what to fix next to the field; the rules
themselves live in cases.incidents.services, which checks them again when it saves.
"""

import datetime
from collections import defaultdict
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.incidents.attachments import (
    ACCEPT_ATTRIBUTE,
    DetectedType,
    attachment_inspect,
    pending_attachments_of,
)
from cases.incidents.services import (
    anonymous_with_name_error,
    duplicate_pupil_error,
    incident_check_dates,
    incident_check_digital,
    incident_forms_implied,
)
from cases.models import (
    Attachment,
    Classification,
    IncidentQuerySet,
    Involvement,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    SchoolGroup,
    Severity,
)
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormCode, FormExample

# HTML date and time inputs speak ISO, whatever the language of the page.
DATE_INPUT_FORMAT = "%Y-%m-%d"
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATE_INPUT_FORMAT)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_INPUT_FORMAT)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input. Returns the uploads unchecked; the form inspects each one
    so that it can keep the good files when another one is refused."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            uploads = []
        elif isinstance(data, list | tuple):
            uploads = [upload for upload in data if upload]
        else:
            uploads = [data]
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        return uploads


class PendingAttachmentsField(forms.Field):
    """Ids of this user's pending attachments, carried in the form across a failed submit.

    Unknown ids (purged, or someone else's) are dropped rather than refused: the teacher
    could do nothing about such an error.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.queryset = Attachment.objects.none()

    def to_python(self, value: Any) -> list[Attachment]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = {int(item) for item in values if str(item).isdigit()}
        if not ids:
            return []
        return list(self.queryset.filter(pk__in=ids).order_by("uploaded_at", "pk"))


def _now_to_the_minute() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("Date it happened"),
        initial=timezone.localdate,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date it happened."),
            "invalid": _("Enter a date, for example 14-03-2027."),
        },
    )
    occurred_time = forms.TimeField(
        label=_("Time (if known)"),
        required=False,
        widget=TimeInput(),
        error_messages={"invalid": _("Enter a time, for example 10:15.")},
    )
    reported_at = forms.DateTimeField(
        label=_("Reported to you at"),
        initial=_now_to_the_minute,
        widget=DateTimeInput(),
        help_text=_("The 24 hours for registering count from this moment."),
        error_messages={
            "required": _("Enter when the incident was reported to you."),
            "invalid": _("Enter a date and time, for example 14-03-2027 10:15."),
        },
    )
    reporter_kind = forms.ChoiceField(
        label=_("Reported by"),
        choices=ReporterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who reported it.")},
    )
    reporter_name = forms.CharField(
        label=_("Name of the reporter (optional)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for an anonymous report."),
    )
    location = forms.ChoiceField(
        label=_("Where did it happen?"),
        choices=[("", _("— choose a place —")), *Location.choices],
        error_messages={"required": _("Choose where it happened.")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the facts: who did what, and what was said."),
        error_messages={"required": _("Describe what happened.")},
    )
    bullying_forms = forms.ModelMultipleChoiceField(
        label=_("Forms of bullying"),
        queryset=BullyingForm.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )
    examples = forms.ModelMultipleChoiceField(
        label=_("Examples"),
        queryset=FormExample.objects.filter(is_active=True, form__is_active=True).select_related(
            "form"
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )
    platforms = forms.ModelMultipleChoiceField(
        label=_("Platforms"),
        queryset=DigitalPlatform.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digital_description = forms.CharField(
        label=_("Other platform or description"),
        max_length=300,
        required=False,
        help_text=_("For example a game, a group chat's name, or what was shared."),
    )
    marks = forms.ModelMultipleChoiceField(
        label=_("Marks of bullying"),
        queryset=BullyingMark.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick what applies. The more of these marks apply, the more likely it is "
            "bullying rather than teasing: let them guide the classification below."
        ),
    )
    classification = forms.ChoiceField(
        label=_("First classification"),
        choices=Classification.choices,
        initial=Classification.UNDETERMINED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a classification.")},
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        initial=Severity.LIGHT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious it is.")},
    )
    files = MultipleFileField(
        label=_("Add photos, screenshots or PDF files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("JPEG, PNG, GIF, WebP or PDF; at most %(max)s per file."),
    )
    pending = PendingAttachmentsField()
    remove_pending = PendingAttachmentsField()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Uploads that passed inspection, kept even when other fields fail.
        self.accepted_uploads: list[tuple[UploadedFile, DetectedType]] = []
        for name in ("pending", "remove_pending"):
            self.fields[name].queryset = pending_attachments_of(user)
        self.fields["files"].help_text = self.fields["files"].help_text % {
            "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES)
        }

    def clean_files(self) -> list[tuple[UploadedFile, DetectedType]]:
        accepted, errors = [], []
        for upload in self.cleaned_data["files"]:
            try:
                accepted.append((upload, attachment_inspect(upload)))
            except ValidationError as error:
                errors.append(error)
        self.accepted_uploads = accepted
        if errors:
            raise ValidationError(errors)
        return accepted

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field, errors in incident_check_dates(
            occurred_on=data.get("occurred_on"),
            occurred_time=data.get("occurred_time"),
            reported_at=data.get("reported_at"),
        ).items():
            if field not in self.errors:
                self.add_error(field, errors)

        if data.get("reporter_kind") == ReporterKind.ANONYMOUS and data.get("reporter_name"):
            self.add_error("reporter_name", anonymous_with_name_error())

        if all(name in data for name in ("bullying_forms", "examples", "platforms")):
            digital_description = data.get("digital_description", "")
            implied = incident_forms_implied(
                forms=data["bullying_forms"],
                examples=data["examples"],
                platforms=data["platforms"],
                digital_description=digital_description,
                digital_form=self.digital_form,
            )
            for field, errors in incident_check_digital(
                forms=implied, platforms=data["platforms"], digital_description=digital_description
            ).items():
                self.add_error(field, errors)
        return data

    @property
    def digital_form(self) -> BullyingForm | None:
        for choice in self["bullying_forms"]:
            form = choice.data["value"].instance
            if form.code == FormCode.DIGITAL:
                return form
        return None

    def forms_with_examples(self) -> list[dict[str, Any]]:
        """Each form's checkbox with its examples' checkboxes, for the checklist layout."""
        examples_by_form: dict[int, list] = defaultdict(list)
        for choice in self["examples"]:
            examples_by_form[choice.data["value"].instance.form_id].append(choice)
        sections = []
        for choice in self["bullying_forms"]:
            form = choice.data["value"].instance
            sections.append(
                {
                    "form": form,
                    "checkbox": choice,
                    "examples": examples_by_form.get(form.pk, []),
                    "is_digital": form.code == FormCode.DIGITAL,
                }
            )
        return sections

    def kept_pending(self) -> list[Attachment]:
        """Pending attachments to keep: carried in the form and not ticked for removal."""
        removed = {attachment.pk for attachment in self.removed_pending()}
        pending = self._cleaned_or_parsed("pending")
        return [attachment for attachment in pending if attachment.pk not in removed]

    def removed_pending(self) -> list[Attachment]:
        return self._cleaned_or_parsed("remove_pending")

    def _cleaned_or_parsed(self, name: str) -> list[Attachment]:
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        field = self.fields[name]
        return field.clean(field.widget.value_from_datadict(self.data, self.files, name))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_on": data["occurred_on"],
            "occurred_time": data["occurred_time"],
            "reported_at": data["reported_at"],
            "reporter_kind": data["reporter_kind"],
            "reporter_name": data["reporter_name"],
            "location": data["location"],
            "description": data["description"],
            "forms": data["bullying_forms"],
            "examples": data["examples"],
            "platforms": data["platforms"],
            "digital_description": data["digital_description"],
            "marks": data["marks"],
            "classification": data["classification"],
            "severity": data["severity"],
        }


class PupilChoices:
    """The active pupils of all groups, loaded in one query and shared by every pupil row."""

    def __init__(self, pupils: list[Pupil]) -> None:
        self.by_pk = {str(pupil.pk): pupil for pupil in pupils}
        groups: dict[str, list[tuple[str, str]]] = {}
        for pupil in pupils:
            label = pupil.group.name if pupil.group else str(_("No group"))
            groups.setdefault(label, []).append((str(pupil.pk), pupil.full_name))
        self.choices = [("", _("— choose a pupil —")), *groups.items()]

    @classmethod
    def load(cls) -> "PupilChoices":
        pupils = (
            Pupil.objects.filter(left_on__isnull=True)
            .select_related("group")
            .order_by("group__order", "group__name", "group_id", "first_name", "last_name", "pk")
        )
        # Pupils without a group come last.
        loaded = list(pupils)
        loaded.sort(key=lambda pupil: pupil.group_id is None)
        return cls(loaded)


class InvolvementForm(forms.Form):
    pupil = forms.ChoiceField(
        label=_("Pupil"),
        error_messages={
            "required": _("Choose the pupil."),
            "invalid_choice": _("Choose a pupil from the list."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("— choose a role —")), *InvolvementRole.choices],
        error_messages={"required": _("Choose the role of this pupil.")},
    )

    def __init__(self, *args: Any, pupil_choices: PupilChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil_choices = pupil_choices
        self.fields["pupil"].choices = pupil_choices.choices

    def clean_pupil(self) -> Pupil:
        return self.pupil_choices.by_pk[self.cleaned_data["pupil"]]


class BaseInvolvementFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        filled = 0
        seen: set[int] = set()
        for form in self.forms:
            if not form.has_changed():
                continue
            filled += 1
            pupil = form.cleaned_data.get("pupil") if hasattr(form, "cleaned_data") else None
            if pupil is None:
                continue
            if pupil.pk in seen:
                form.add_error("pupil", duplicate_pupil_error(pupil))
            seen.add(pupil.pk)
        if not filled:
            raise ValidationError(
                _("Add at least one pupil who was involved, with their role."), code="required"
            )

    def involvements(self) -> list[tuple[Pupil, str]]:
        return [
            (form.cleaned_data["pupil"], form.cleaned_data["role"])
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


InvolvementFormSet = forms.formset_factory(
    InvolvementForm, formset=BaseInvolvementFormSet, extra=3, max_num=40, validate_max=True
)

INVOLVEMENT_PREFIX = "pupils"


class IncidentFilterForm(forms.Form):
    """Filters on the incident list. Invalid values are ignored with a message at the field."""

    LATE_CHOICES = [("", _("All")), ("yes", _("Late")), ("no", _("On time"))]

    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SchoolGroup.objects.order_by("order", "name"),
        required=False,
        empty_label=_("All groups"),
    )
    form = forms.ModelChoiceField(
        label=_("Form"),
        queryset=BullyingForm.objects.all(),
        required=False,
        empty_label=_("All forms"),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[("", _("All")), *Classification.choices],
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    late = forms.ChoiceField(label=_("Registered"), choices=LATE_CHOICES, required=False)
    # Mijn werk shows the first few incidents awaiting verification and links here for all.
    verification = forms.ChoiceField(
        label=_("Verification"),
        choices=[("", _("All")), ("awaiting", _("Awaiting verification"))],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to", _("The end date is before the start date. Swap the two dates.")
            )
        return data

    def filter(self, incidents: IncidentQuerySet) -> IncidentQuerySet:
        """Apply the valid filters to an already visible queryset."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if group := data.get("group"):
            incidents = incidents.filter(
                Exists(Involvement.objects.filter(incident=OuterRef("pk"), pupil__group=group))
            )
        if form := data.get("form"):
            incidents = incidents.filter(forms=form)
        if classification := data.get("classification"):
            incidents = incidents.filter(classification=classification)
        if date_from := data.get("date_from"):
            incidents = incidents.filter(occurred_on__gte=date_from)
        if (date_to := data.get("date_to")) and "date_to" not in self.errors:
            incidents = incidents.filter(occurred_on__lte=date_to)
        late = data.get("late")
        if late == "yes":
            incidents = incidents.late()
        elif late == "no":
            incidents = incidents.on_time()
        if data.get("verification") == "awaiting":
            incidents = incidents.awaiting_verification()
        return incidents
