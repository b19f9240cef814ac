"""What the case workspace shows, computed once per request so that the templates only display.

The page answers a teacher's three questions in this order: where is this case (the eight
steps), what is still needed before the next step (and by when), and where do I write it down.
Everything here reads; writes go through `cases.stappenplan.services`.

One module per section of the page; this package re-exports their public names:

- `kinds`: the kinds of record (`RecordKind`, `RECORD_KINDS`, `record_kind`) and who may make
  them;
- `choices`: the involved pupils with their roles and what the selects offer;
- `forms`: a record form as the page shows it (`OpenForm`, blank, edit, bound) and which are
  offered;
- `steps`: the progress bar, the step buttons and the next deadline;
- `rows`: the agreements with their evaluation and the timeline;
- `build`: `Workspace` and `build_workspace`, which puts the sections together.
"""

from cases.stappenplan.workspace.build import Workspace, build_workspace
from cases.stappenplan.workspace.choices import (
    ROLE_ORDER,
    case_choices,
    involved_from,
    involved_pupils,
)
from cases.stappenplan.workspace.forms import (
    OpenForm,
    blank_form,
    bound_form,
    edit_form,
    record_forms,
)
from cases.stappenplan.workspace.kinds import (
    ANYONE_ON_THE_CASE,
    ESCALATED,
    MANAGEMENT,
    RECORD_KINDS,
    RECORD_KINDS_BY_SLUG,
    SLUG_OF_TIMELINE_KIND,
    RecordKind,
    record_kind,
)
from cases.stappenplan.workspace.rows import (
    AgreementRow,
    TimelineRow,
    agreement_rows,
    timeline_rows,
)
from cases.stappenplan.workspace.steps import (
    CLOSING,
    STATUS_CLASSES,
    STEP_NAMES,
    Deadline,
    StepButton,
    StepView,
    deadline_of,
    step_buttons,
)

__all__ = [
    "ANYONE_ON_THE_CASE",
    "CLOSING",
    "ESCALATED",
    "MANAGEMENT",
    "RECORD_KINDS",
    "RECORD_KINDS_BY_SLUG",
    "ROLE_ORDER",
    "SLUG_OF_TIMELINE_KIND",
    "STATUS_CLASSES",
    "STEP_NAMES",
    "AgreementRow",
    "Deadline",
    "OpenForm",
    "RecordKind",
    "StepButton",
    "StepView",
    "TimelineRow",
    "Workspace",
    "agreement_rows",
    "blank_form",
    "bound_form",
    "build_workspace",
    "case_choices",
    "deadline_of",
    "edit_form",
    "involved_from",
    "involved_pupils",
    "record_forms",
    "record_kind",
    "step_buttons",
    "timeline_rows",
]
