"""What every form of the case workspace is built from: the date and text fields, the
choices a page reads once (involved pupils, staff, suggested actions), the select over objects
already read, `RecordForm` (one record on a case, with its version), and putting a service's
`ValidationError` next to the right field.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import InvolvementRole, Pupil
from protocol.models import SuggestedAction

# HTML date inputs speak ISO, whatever the language of the page; typed Dutch dates also parse.
DATE_INPUT_FORMAT = "%Y-%m-%d"
DATE_INPUT_FORMATS = [DATE_INPUT_FORMAT, "%d-%m-%Y", "%d/%m/%Y"]

DATE_ERRORS = {
    "required": _("Enter the date."),
    "invalid": _("Enter a date, for example 14-03-2027."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATE_INPUT_FORMAT)


def date_field(label: str, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )


def text_field(label: str, required_message: str, *, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
        **kwargs,
    )


@dataclass(frozen=True)
class InvolvedPupil:
    pupil: Pupil
    roles: tuple[str, ...]  # InvolvementRole values

    @property
    def role_labels(self) -> str:
        return ", ".join(str(InvolvementRole(role).label).lower() for role in self.roles)

    @property
    def label(self) -> str:
        names = self.role_labels
        return f"{self.pupil.full_name} ({names})" if names else self.pupil.full_name

    @property
    def is_bully(self) -> bool:
        return InvolvementRole.BULLY in self.roles


@dataclass(frozen=True)
class CaseChoices:
    """Choices the workspace's forms offer, read once per page so that every form on it
    costs no query of its own."""

    pupils: Sequence[InvolvedPupil] = ()
    ib_users: Sequence[User] = ()
    leaders: Sequence[User] = ()  # directie and IB: they lead the step-6 meeting
    teachers: Sequence[User] = ()
    suggested_actions: Sequence[SuggestedAction] = ()


class ObjectChoiceField(forms.TypedChoiceField):
    """A select over objects already read, keyed by pk; returns the object."""

    def __init__(self, *, objects: Iterable[models.Model], label_of=str, **kwargs: Any) -> None:
        objects = list(objects)
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [(str(obj.pk), label_of(obj)) for obj in objects]
        if not kwargs.get("required", True):
            choices = [("", "—"), *choices]
        else:
            choices = [("", _("Choose…")), *choices]
        # Left empty, an optional choice is no object at all (None), never "".
        kwargs.setdefault("empty_value", None)
        super().__init__(choices=choices, coerce=self.objects.__getitem__, **kwargs)


class ObjectMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, *, objects: Iterable[models.Model], label_of=str, **kwargs: Any) -> None:
        objects = list(objects)
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [(str(obj.pk), label_of(obj)) for obj in objects]
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(choices=choices, coerce=self.objects.__getitem__, **kwargs)


def pupil_label(involved: dict[int, InvolvedPupil]):
    def label(pupil: Pupil) -> str:
        entry = involved.get(pupil.pk)
        return entry.label if entry else pupil.full_name

    return label


class RecordForm(forms.Form):
    """A form that records something on a case. Edit forms carry the record's version.

    `fixed_on_edit`: fields that cannot change once recorded (shown, not editable);
    `edit_only`: fields that only make sense for a record that exists.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    fixed_on_edit: tuple[str, ...] = ()
    edit_only: tuple[str, ...] = ()

    def __init__(
        self,
        *args: Any,
        choices: CaseChoices | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        self.choices = choices or CaseChoices()
        self.editing = editing
        super().__init__(*args, **kwargs)
        for name in self.edit_only:
            if not editing:
                del self.fields[name]
        for name in self.fixed_on_edit:
            self.fields[name].disabled = editing

    @classmethod
    def initial_from(cls, record: models.Model) -> dict[str, Any]:
        """The form's values for an existing record."""
        initial: dict[str, Any] = {"version": getattr(record, "version", None)}
        for name in cls.base_fields:
            if name == "version" or not hasattr(record, name):
                continue
            value = getattr(record, name)
            if isinstance(value, models.Manager):
                value = [str(obj.pk) for obj in value.all()]
            elif isinstance(value, models.Model):
                value = str(value.pk)
            initial[name] = value
        return initial

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for the service."""
        skip = {"version", *(self.fixed_on_edit if self.editing else ())}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def _pupil_field(self, name: str, *, bullies_only: bool = False, **kwargs: Any) -> None:
        involved = {p.pupil.pk: p for p in self.choices.pupils}
        pupils = [p.pupil for p in self.choices.pupils if p.is_bully or not bullies_only]
        old = self.fields[name]
        self.fields[name] = ObjectChoiceField(
            objects=pupils,
            label_of=pupil_label(involved),
            label=old.label,
            required=old.required,
            help_text=old.help_text,
            error_messages=old.error_messages,
            disabled=old.disabled,
            **kwargs,
        )


def users_with_role(*roles: str) -> models.QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct()


def staff_choices() -> dict[str, list[User]]:
    """IB users, leaders (directie and IB) and the teachers, read in one query."""
    users = list(users_with_role(Role.IB, Role.DIRECTIE, Role.TEACHER).prefetch_related("groups"))
    by_role: dict[str, list[User]] = {Role.IB: [], Role.DIRECTIE: [], Role.TEACHER: []}
    for user in users:
        for group in user.groups.all():
            if group.name in by_role:
                by_role[group.name].append(user)
    leaders = sorted(
        {u.pk: u for u in by_role[Role.DIRECTIE] + by_role[Role.IB]}.values(),
        key=lambda u: (u.last_name, u.first_name, u.username),
    )
    return {"ib_users": by_role[Role.IB], "leaders": leaders, "teachers": by_role[Role.TEACHER]}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names; the rest above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)
