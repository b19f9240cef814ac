"""The form for registering an incident.

It checks what the teacher typed and says what to fix next to the field; the rules
themselves live in cases.incidents.rules, which incident_register checks again when it saves.
"""

import datetime
from collections import defaultdict
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
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
from cases.incidents.forms.fields import (
    DateInput,
    DateTimeInput,
    MultipleFileField,
    MultipleFileInput,
    PendingAttachmentsField,
    TimeInput,
)
from cases.incidents.rules import (
    anonymous_with_name_error,
    incident_check_dates,
    incident_check_digital,
    incident_forms_implied,
)
from cases.models import Attachment, Classification, Location, ReporterKind, Severity
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormCode, FormExample


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
