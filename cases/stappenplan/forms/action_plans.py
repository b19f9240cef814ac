"""The action plan (step 4 and 5): the plan's own fields and its rows of actions, one per
track of the protocol to start with."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import ExternalHelp
from cases.stappenplan.forms.base import (
    CaseChoices,
    ObjectChoiceField,
    RecordForm,
    date_field,
    text_field,
)
from protocol.models import Track

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
