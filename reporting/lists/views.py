"""The coordinator's screens for the protocol's lists (not the technical admin)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.stappenplan.forms import add_service_errors
from reporting.lists.registry import LISTS, ReferenceList
from reporting.lists.services import reference_item_save, reference_item_set_active
from reporting.trends.access import require_coordinator

# The lists are the protocol's own, a few dozen items each; this only bounds a mistake.
MAX_SHOWN = 300


def _list(slug: str) -> ReferenceList:
    if slug not in LISTS:
        raise Http404
    return LISTS[slug]


def _form_class(entry: ReferenceList) -> type[forms.ModelForm]:
    return forms.modelform_factory(entry.model, fields=entry.fields)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_coordinator(request)
    return render(request, "reporting/lists/overview.html", {"lists": LISTS.values()})


@login_required
def items(request: HttpRequest, slug: str) -> HttpResponse:
    require_coordinator(request)
    entry = _list(slug)
    form = _form_class(entry)(request.POST or None) if entry.may_add else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                reference_item_save(by=request.user, item=form.save(commit=False))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The item is added."))
                return redirect("lists:items", slug=slug)
    rows = entry.model.objects.select_related(*entry.related).order_by(
        "-is_active", *entry.model._meta.ordering
    )[:MAX_SHOWN]
    return render(
        request,
        "reporting/lists/items.html",
        {"entry": entry, "rows": rows, "form": form},
    )


@login_required
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    require_coordinator(request)
    entry = _list(slug)
    item = get_object_or_404(entry.model, pk=pk)
    form = _form_class(entry)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            reference_item_save(by=request.user, item=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("lists:items", slug=slug)
    return render(
        request, "reporting/lists/edit.html", {"entry": entry, "item": item, "form": form}
    )


@login_required
@require_POST
def item_retire(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Retire an item, or bring a retired one back."""
    require_coordinator(request)
    entry = _list(slug)
    item = get_object_or_404(entry.model, pk=pk)
    reference_item_set_active(by=request.user, item=item, active=not item.is_active)
    messages.success(
        request,
        _("The item is offered on forms again.")
        if item.is_active
        else _("The item is retired: no longer offered on forms, still shown where it was used."),
    )
    return redirect("lists:items", slug=slug)
