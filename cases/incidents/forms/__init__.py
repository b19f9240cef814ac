"""Forms for registering and finding incidents, re-exported from the module that defines them.

`incident` holds the registration form, `involvements` the rows of pupils with their roles,
`filters` the filters on the incident list, `fields` the widgets and fields they share.
"""

from cases.incidents.forms.fields import (
    DATE_INPUT_FORMAT,
    DATETIME_INPUT_FORMAT,
    DateInput,
    DateTimeInput,
    MultipleFileField,
    MultipleFileInput,
    PendingAttachmentsField,
    TimeInput,
)
from cases.incidents.forms.filters import IncidentFilterForm
from cases.incidents.forms.incident import IncidentForm
from cases.incidents.forms.involvements import (
    INVOLVEMENT_PREFIX,
    BaseInvolvementFormSet,
    InvolvementForm,
    InvolvementFormSet,
    PupilChoices,
)

__all__ = [
    "DATE_INPUT_FORMAT",
    "DATETIME_INPUT_FORMAT",
    "INVOLVEMENT_PREFIX",
    "BaseInvolvementFormSet",
    "DateInput",
    "DateTimeInput",
    "IncidentFilterForm",
    "IncidentForm",
    "InvolvementForm",
    "InvolvementFormSet",
    "MultipleFileField",
    "MultipleFileInput",
    "PendingAttachmentsField",
    "PupilChoices",
    "TimeInput",
]
