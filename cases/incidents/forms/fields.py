"""Widgets and fields of the incident forms: ISO date and time inputs, several files in one
input, and the pending attachments carried across a failed submit."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cases.models import Attachment

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
