"""The form of the staff screen: who someone is, their roles and the groups they teach."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import SchoolGroup


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
