"""Forms of the case workspace: one per kind of record, the verification of a report and the
step buttons.

Field names are the keyword arguments of the services in `cases/services_case.py`, so a
`ValidationError` raised there by field lands next to the right field. The forms only parse
and check what a teacher typed; the protocol's rules live in the services and are checked
there again when they save.
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
from cases.models import (
    CONSENT_STEPS,
    AgreementOutcome,
    Case,
    Classification,
    ContactChannel,
    ConversationKind,
    ExternalHelp,
    InvolvementRole,
    PlacementKind,
    Pupil,
)
from protocol.models import SuggestedAction, Track
from protocol.stappenplan import ConsentParty

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
        super().__init__(choices=choices, coerce=self.objects.__getitem__, **kwargs)


class ObjectMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, *, objects: Iterable[models.Model], label_of=str, **kwargs: Any) -> None:
        objects = list(objects)
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [(str(obj.pk), label_of(obj)) for obj in objects]
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(choices=choices, coerce=self.objects.__getitem__, **kwargs)


def _pupil_label(involved: dict[int, InvolvedPupil]):
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
            label_of=_pupil_label(involved),
            label=old.label,
            required=old.required,
            help_text=old.help_text,
            error_messages=old.error_messages,
            disabled=old.disabled,
            **kwargs,
        )


class ConversationForm(RecordForm):
    kind = forms.ChoiceField(
        label=_("Kind of conversation"),
        choices=ConversationKind.choices,
        error_messages={"required": _("Choose the kind of conversation.")},
    )
    held_on = date_field(_("Date of the conversation"))
    pupils = forms.MultipleChoiceField(
        label=_("Pupils in the conversation"),
        required=False,
        help_text=_(
            "For a separate conversation (step 1): record one conversation per pupil, with only "
            "that pupil ticked."
        ),
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        max_length=300,
        help_text=_("For example the IB, a parent or a colleague."),
    )
    notes = text_field(
        _("What was discussed"),
        _("Write down what was discussed: the facts, what the pupils said, what you agreed."),
        rows=4,
    )
    reported_to_ib = forms.BooleanField(
        label=_("I have sent a report of this conversation to the IB"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        involved = {p.pupil.pk: p for p in self.choices.pupils}
        self.fields["pupils"] = ObjectMultipleChoiceField(
            objects=[p.pupil for p in self.choices.pupils],
            label_of=_pupil_label(involved),
            label=self.fields["pupils"].label,
            required=False,
            help_text=self.fields["pupils"].help_text,
        )


class AgreementForm(RecordForm):
    edit_only = ("is_active",)

    pupil = forms.CharField(
        label=_("With pupil"),
        required=False,
        help_text=_("Leave empty for an agreement with the whole group."),
    )
    text = text_field(
        _("Agreement"),
        _("Write down the agreement, as concretely as possible."),
        rows=2,
        help_text=_("Concrete and checkable, for example: “Sem leaves Lotte alone at break.”"),
    )
    made_on = date_field(_("Made on"))
    is_active = forms.BooleanField(
        label=_("Still in force"),
        required=False,
        help_text=_(
            "Untick when the agreement has been replaced or ended: it stays on record but is "
            "no longer evaluated."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pupil_field("pupil")


class AgreementEvaluationForm(RecordForm):
    outcome = forms.ChoiceField(
        label=_("Was the agreement kept?"),
        choices=AgreementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the agreement was kept.")},
    )
    evaluated_on = date_field(_("Evaluated on"))
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_from(cls, record: models.Model) -> dict[str, Any]:
        initial = {
            "version": record.version,
            "outcome": record.outcome,
            "note": record.evaluation_note,
        }
        if record.evaluated_on:
            initial["evaluated_on"] = record.evaluated_on
        return initial


class ParentContactForm(RecordForm):
    pupil = forms.CharField(label=_("Parents of"))
    contacted_on = date_field(_("Date"))
    channel = forms.ChoiceField(
        label=_("How"),
        choices=ContactChannel.choices,
        error_messages={"required": _("Choose how you contacted the parents.")},
    )
    summary = text_field(
        _("What was said"),
        _("Write down what you told the parents and what they said."),
    )
    about_action_plan = forms.BooleanField(
        label=_("The parents were informed about the action plan"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].error_messages = {"required": _("Choose whose parents you spoke to.")}
        self._pupil_field("pupil")


class TeamNoticeForm(RecordForm):
    informed_on = date_field(_("Date"))
    note = text_field(
        _("What the team was told"),
        _("Write down what the team was told, for example what to watch for at break."),
        rows=2,
    )
    about_action_plan = forms.BooleanField(
        label=_("The team was informed about the action plan"), required=False
    )


EXTERNAL_HELP_CHOICES = [(h.value, h.label) for h in ExternalHelp if h != ExternalHelp.OTHER]


class ActionPlanForm(RecordForm):
    period_start = date_field(
        _("Start of the two weeks"),
    )
    analysis = text_field(
        _("Analysis: why did it go wrong?"),
        _("Write down why the agreements were not kept."),
    )
    goals = text_field(
        _("Goals for these two weeks"),
        _("Write down what should be different after two weeks."),
    )
    external_help = forms.MultipleChoiceField(
        label=_("External help"),
        choices=EXTERNAL_HELP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_help_other = forms.CharField(
        label=_("Other external help"), required=False, max_length=200
    )
    made_with_ib = forms.CharField(label=_("Made with the IB"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["made_with_ib"] = ObjectChoiceField(
            objects=self.choices.ib_users,
            label=_("Made with the IB"),
            help_text=_("The protocol asks you to make the action plan together with the IB."),
            error_messages={"required": _("Choose the IB with whom you made this plan.")},
        )

    @classmethod
    def initial_from(cls, record: models.Model) -> dict[str, Any]:
        initial = super().initial_from(record)
        initial["external_help"] = [h for h in record.external_help if h != ExternalHelp.OTHER]
        return initial

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        if data.get("external_help_other"):
            data["external_help"] = [*data["external_help"], ExternalHelp.OTHER.value]
        return data


class ActionPlanItemForm(forms.Form):
    track = forms.ChoiceField(
        label=_("Track"),
        choices=[("", _("Choose…")), *Track.choices],
        required=False,
    )
    suggested_action = forms.ChoiceField(
        label=_("Action from the protocol"), required=False, choices=()
    )
    action = forms.CharField(
        label=_("Or in your own words"),
        required=False,
        max_length=300,
    )
    who = forms.CharField(label=_("Who"), required=False, max_length=150)
    when = forms.CharField(label=_("When"), required=False, max_length=100)

    def __init__(self, *args: Any, choices: CaseChoices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices or CaseChoices()
        self.suggestions = {str(s.pk): s for s in self.choices.suggested_actions}
        groups: dict[str, list[tuple[str, str]]] = {}
        for suggestion in self.choices.suggested_actions:
            groups.setdefault(suggestion.track, []).append((str(suggestion.pk), suggestion.text))
        field = self.fields["suggested_action"]
        field.choices = [("", _("— choose or write your own —"))] + [
            (Track(track).label, options) for track, options in groups.items()
        ]
        # case.js keeps only the suggestions of the row's track; each option says its track.
        field.widget.attrs["data-suggestions"] = "1"
        field.widget.attrs["data-tracks"] = ",".join(
            f"{s.pk}:{s.track}" for s in self.choices.suggested_actions
        )
        self.fields["track"].widget.attrs["data-track"] = "1"

    def has_changed(self) -> bool:
        # The track is filled in beforehand; a row counts only once an action is in it.
        return any(self[name].data for name in ("suggested_action", "action", "who", "when"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        suggestion = self.suggestions.get(data.get("suggested_action") or "")
        data["suggested_action"] = suggestion
        action = (data.get("action") or "").strip()
        if not self.has_changed():
            return data
        if suggestion is None and not action:
            self.add_error(
                "action",
                _("Choose an action from the protocol or write one in your own words."),
            )
        if not data.get("track"):
            if suggestion is not None:
                data["track"] = suggestion.track
            else:
                self.add_error("track", _("Choose the track this action belongs to."))
        elif suggestion is not None and suggestion.track != data["track"]:
            self.add_error(
                "suggested_action",
                _(
                    "This action belongs to the track “%(track)s”; choose that track or another "
                    "action."
                )
                % {"track": Track(suggestion.track).label},
            )
        if not action and suggestion is not None:
            data["action"] = suggestion.text
        if not (data.get("who") or "").strip():
            self.add_error("who", _("Write down who does this."))
        if not (data.get("when") or "").strip():
            self.add_error("when", _("Write down when, for example “every morning”."))
        return data

    def item(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "track": data["track"],
            "action": data["action"],
            "who": data["who"],
            "when": data["when"],
            "suggested_action": data["suggested_action"],
        }


class BaseActionPlanItemFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, choices: CaseChoices | None = None, **kwargs: Any) -> None:
        self.choices = choices or CaseChoices()
        self.row_initial = kwargs.pop("row_initial", None)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = {"choices": self.choices}
        rows = self.row_initial if self.row_initial is not None else _one_row_per_track()
        if index is not None and index < len(rows):
            kwargs["initial"] = rows[index]
        return kwargs

    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.items():
            raise ValidationError(
                _("Fill in at least one action, for example one for the pupil who bullies.")
            )

    def items(self) -> list[dict[str, Any]]:
        return [
            form.item()
            for form in self.forms
            if form.has_changed() and getattr(form, "cleaned_data", None)
        ]


def _one_row_per_track() -> list[dict[str, str]]:
    return [{"track": track.value} for track in Track]


def action_plan_formset(
    data: Any = None, *, choices: CaseChoices, items: Sequence[Any] | None = None
) -> BaseActionPlanItemFormSet:
    """The rows of actions: one empty row per track for a new plan, the plan's actions (and
    one empty row) for an existing one."""
    if items is None:
        rows = _one_row_per_track()
        extra = len(rows)
    else:
        suggestions = {s.pk: s.text for s in choices.suggested_actions}
        rows = [
            {
                "track": item.track,
                # A suggestion no longer offered leaves its text as the teacher's own words.
                "suggested_action": str(item.suggested_action_id)
                if item.suggested_action_id in suggestions
                else "",
                # The text of a chosen suggestion is not repeated as "own words".
                "action": ""
                if suggestions.get(item.suggested_action_id) == item.action
                else item.action,
                "who": item.who,
                "when": item.when,
            }
            for item in items
        ]
        extra = len(rows) + 1
    formset_class = forms.formset_factory(
        ActionPlanItemForm,
        formset=BaseActionPlanItemFormSet,
        extra=extra,
        max_num=40,
        validate_max=True,
    )
    return formset_class(data, prefix="items", choices=choices, row_initial=rows)


class ParentMeetingForm(RecordForm):
    held_on = date_field(_("Date of the meeting"))
    led_by = forms.CharField(label=_("Led by"))
    teachers_present = forms.MultipleChoiceField(label=_("Teachers present"))
    notes = text_field(
        _("Notes"),
        _("Write down what was discussed and what the parents can do."),
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["led_by"] = ObjectChoiceField(
            objects=self.choices.leaders,
            label=_("Led by"),
            help_text=_("The protocol asks a member of the management or the IB to lead it."),
            error_messages={"required": _("Choose who led the meeting.")},
        )
        self.fields["teachers_present"] = ObjectMultipleChoiceField(
            objects=self.choices.teachers,
            label=_("Teachers present"),
            error_messages={"required": _("Tick the teachers of the group who were present.")},
        )


class ConsentForm(RecordForm):
    fixed_on_edit = ("step", "party")

    step = forms.ChoiceField(
        label=_("Consent for"),
        choices=CONSENT_STEPS,
        error_messages={"required": _("Choose the step this consent is for.")},
    )
    party = forms.ChoiceField(
        label=_("Party"),
        choices=ConsentParty.choices,
        error_messages={"required": _("Choose whose consent this is.")},
    )
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        error_messages={"required": _("Write down who gave the consent.")},
        help_text=_("Name, for example “mother of Sem” or “team meeting of 12 March”."),
    )
    given_on = date_field(_("Date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlacementForm(RecordForm):
    fixed_on_edit = ("pupil",)
    edit_only = ("reviewed_on", "review_note")

    pupil = forms.CharField(label=_("Pupil"))
    kind = forms.ChoiceField(
        label=_("Placed in"),
        choices=PlacementKind.choices,
        error_messages={"required": _("Choose another group or another school.")},
    )
    destination = forms.CharField(
        label=_("Which group or school"),
        max_length=200,
        error_messages={"required": _("Write down the group or school.")},
    )
    start_date = date_field(_("From"))
    end_date = date_field(_("Until"), today=False)
    review_on = date_field(_("Review on"), today=False)
    reviewed_on = date_field(_("Reviewed on"), required=False, today=False)
    review_note = forms.CharField(
        label=_("Outcome of the review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].error_messages = {"required": _("Choose the pupil.")}
        self._pupil_field("pupil")


DEFAULT_OBJECTION = _(
    "If you do not agree with this suspension, you can object in writing to the management "
    "of the school within six weeks of the date of this letter."
)


class SuspensionForm(RecordForm):
    fixed_on_edit = ("pupil",)

    pupil = forms.CharField(label=_("Pupil who bullies"))
    start_date = date_field(_("First day"))
    end_date = date_field(_("Last day"), today=False)
    reason = text_field(
        _("Reason"),
        _("Write down why the pupil is suspended; the parents read this in the letter."),
    )
    objection_procedure = text_field(
        _("How the parents can object"),
        _("Write down how the parents can object to the suspension."),
        initial=DEFAULT_OBJECTION,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].error_messages = {"required": _("Choose the pupil who bullies.")}
        self._pupil_field("pupil", bullies_only=True)
        self.fields["pupil"].help_text = _(
            "At most five school days. Holidays and weekends do not count."
        )


# The case's own judgements (analysis, severity, class conversation, effects), saved with
# `case_update_assessment`. Each form carries only its own fields; the view adds the others
# from the case as they are.

YES_NO_OPEN = [("", _("Not judged yet")), ("yes", _("Yes")), ("no", _("No"))]


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _from_bool(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class AssessmentForm(RecordForm):
    @classmethod
    def initial_from(cls, record: models.Model) -> dict[str, Any]:
        initial = super().initial_from(record)
        for name in ("judged_serious", "step5_outcome_positive"):
            if name in initial:
                initial[name] = _from_bool(initial[name])
        return initial


class AnalysisForm(AssessmentForm):
    analysis = text_field(
        _("Analysis"),
        _("Write down the analysis, based on concrete incidents of the recent past."),
        rows=4,
        help_text=_(
            "Based on concrete incidents of the recent past: what happens, when, who is "
            "involved, since when."
        ),
    )
    judged_serious = forms.TypedChoiceField(
        label=_("How serious is the situation?"),
        choices=[
            ("no", _("Not serious")),
            ("yes", _("Serious: the parents are informed in step 3")),
        ],
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious the situation is.")},
    )


class ClassConversationWaiverForm(AssessmentForm):
    class_conversation_waived_reason = text_field(
        _("Why is a class conversation not needed?"),
        _("Write down why a class conversation is not needed."),
        rows=2,
    )


class EffectsForm(AssessmentForm):
    step5_outcome_positive = forms.TypedChoiceField(
        label=_("Are the effects positive?"),
        choices=[
            ("yes", _("Yes: the bullying has stopped, phase out")),
            ("no", _("No: a new action plan is needed")),
        ],
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the effects are positive.")},
    )


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, max_length=40)
    # The case's version the user saw: a step is not taken on a case that changed meanwhile.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Verification of a reported incident (protocol §11 "Vooraf").

VERIFY_CHOICES = [
    (Classification.BULLYING.value, _("Bullying: start the stappenplan")),
    (Classification.TEASING.value, _("Teasing: no case, note the follow-up")),
    (Classification.AGGRESSION.value, _("Aggression: no case, note the follow-up")),
]
NEW_CASE = "new"


class VerifyForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("What is it, after checking?"),
        choices=VERIFY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether this is teasing, bullying or aggression.")},
    )
    note = forms.CharField(
        label=_("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For teasing or aggression: what did you do, and what happens next? For example "
            "“talked to both, they made up”."
        ),
    )
    case = forms.ChoiceField(
        label=_("Case"),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, open_cases: Sequence[tuple[Case, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.open_cases = {str(case.pk): case for case, _label in open_cases}
        self.fields["case"].choices = [
            (NEW_CASE, _("Open a new case")),
            *((str(case.pk), label) for case, label in open_cases),
        ]
        self.fields["case"].initial = NEW_CASE

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        classification = data.get("classification")
        choice = data.get("case") or NEW_CASE
        data["case"] = (
            self.open_cases.get(choice) if classification == Classification.BULLYING else None
        )
        return data


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
