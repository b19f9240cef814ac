from django import forms
from django.utils.translation import gettext_lazy as _

from cases.reminders.models import ReminderKind


class NotificationPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Also send me an email for"),
        help_text=_(
            "Every reminder appears in the app. Emails name only the case number, the "
            "deadline and its date."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ReminderKind.choices)
        self.fields["email_kinds"].choices = [(kind, labels[kind]) for kind in kinds]
