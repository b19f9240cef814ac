"""Letters to parents from the case workspace: made as PDF, kept on the case as a contact."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.models import AccessAction, ContactChannel, ParentContact
from cases.stappenplan.letters import LetterKind, parent_letter_pdf
from cases.stappenplan.services.parents import parent_letter_record
from cases.stappenplan.views.case import _get_case_for_user, _pdf_response, _render_workspace
from cases.stappenplan.workspace import involved_pupils
from cases.visibility.services import access_log_record


class ParentLetterForm(forms.Form):
    pupil = forms.TypedChoiceField(label=gettext_lazy("For the parents of"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("Letter"), choices=LetterKind.choices)

    def __init__(self, *args, pupils, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].choices = [(entry.pupil.pk, entry.label) for entry in pupils]


@login_required
@require_POST
def parent_letter_make(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a letter: kept on the case as a contact by letter, then downloaded."""
    case, actor_kinds = _get_case_for_user(request, pk)
    if not actor_kinds:
        raise PermissionDenied(_("Only the teachers of this case, the IB and the directie can."))
    pupils = involved_pupils(case)
    form = ParentLetterForm(request.POST, pupils=pupils)
    if not form.is_valid():
        messages.error(request, _("Choose the pupil and the letter."))
        return _render_workspace(request, case, actor_kinds)
    entry = next(p for p in pupils if p.pupil.pk == form.cleaned_data["pupil"])
    kind = LetterKind(form.cleaned_data["kind"])
    try:
        contact = parent_letter_record(
            case=case, user=request.user, pupil=entry.pupil, letter=kind.label
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{case.get_absolute_url()}#brieven")
    messages.success(request, _("The letter has been made and noted as a contact by letter."))
    return redirect("cases:parent_letter_pdf", pk=case.pk, contact_pk=contact.pk, kind=kind.value)


@login_required
def parent_letter_download(
    request: HttpRequest, pk: int, contact_pk: int, kind: str
) -> HttpResponse:
    """The letter of a contact by letter, as PDF (again, for a lost download: no new record)."""
    case, _kinds = _get_case_for_user(request, pk)
    contact = get_object_or_404(
        ParentContact.objects.select_related("pupil__school", "pupil__group"),
        pk=contact_pk,
        case=case,
        channel=ContactChannel.LETTER,
    )
    if kind not in LetterKind.values:
        raise Http404
    roles = next((set(p.roles) for p in involved_pupils(case) if p.pupil == contact.pupil), set())
    access_log_record(user=request.user, action=AccessAction.PDF, objects=[case])
    return _pdf_response(
        parent_letter_pdf(case=case, pupil=contact.pupil, kind=kind, roles=roles),
        f"brief-ouders-dossier-{case.pk}-{contact.pupil_id}-{kind}.pdf",
    )
