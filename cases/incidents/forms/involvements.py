"""The rows of pupils involved in an incident, each with a role, and the pupil choices they
share."""

from collections import Counter
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.incidents.rules import duplicate_pupil_error
from cases.models import InvolvementRole, Pupil, SchoolGroup

# How many trailing digits of the student number tell apart pupils with the same name.
DISTINGUISHING_DIGITS = 4


class PupilChoices:
    """The active pupils of all groups, loaded in one query and shared by every pupil row.

    The groups the user teaches come first. Pupils whose names repeat carry the last digits
    of their student number, so that the two Finn van Dijks of groep 7 can be told apart.
    """

    def __init__(self, pupils: list[Pupil]) -> None:
        self.by_pk = {str(pupil.pk): pupil for pupil in pupils}
        repeated = {
            name
            for name, count in Counter(pupil.full_name for pupil in pupils).items()
            if count > 1
        }
        groups: dict[str, list[tuple[str, str]]] = {}
        for pupil in pupils:
            label = pupil.group.name if pupil.group else str(_("No group"))
            name = pupil.full_name
            if name in repeated:
                name = _("%(name)s (student no. …%(digits)s)") % {
                    "name": name,
                    "digits": pupil.student_number[-DISTINGUISHING_DIGITS:],
                }
            groups.setdefault(label, []).append((str(pupil.pk), name))
        self.choices = [("", _("— choose a pupil —")), *groups.items()]

    @classmethod
    def load(cls, user: User | None = None) -> "PupilChoices":
        pupils = (
            Pupil.objects.filter(left_on__isnull=True)
            .select_related("group")
            .order_by("group__order", "group__name", "group_id", "first_name", "last_name", "pk")
        )
        if user is not None:
            own = SchoolGroup.teachers.through.objects.filter(
                user_id=user.pk, schoolgroup_id=OuterRef("group_id")
            )
            pupils = pupils.annotate(in_own_group=Exists(own))
        loaded = list(pupils)
        # The user's own groups first (a stable sort keeps the rest in order); pupils without
        # a group last.
        loaded.sort(
            key=lambda pupil: (
                not getattr(pupil, "in_own_group", False),
                pupil.group_id is None,
            )
        )
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
