"""The coordinator keeps the protocol's reference lists current here.

Items are never deleted (incidents and plans refer to them): the coordinator deactivates
an item, which takes it off the forms and keeps it on the records that already use it.
Keys are technical: the loader uses them to tell which of the protocol's items exist, so
they are shown but never edited, and items added here get a generated "custom-" key.
The template admin/protocol/change_list.html tells the coordinator so above every list.
"""

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormExample,
    Signal,
    SuggestedAction,
)
from protocol.services import reference_key_generate


def _key_source(obj) -> str:
    return getattr(obj, "text", None) or getattr(obj, "name", None) or ""


class ReferenceAdmin(admin.ModelAdmin):
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    readonly_fields = ("key",)
    actions = ("make_active", "make_inactive")
    list_per_page = 100

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not obj.key:
            obj.key = reference_key_generate(model=type(obj), text=_key_source(obj))
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Make the selected items active"), permissions=["change"])
    def make_active(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(is_active=True)
        self.message_user(
            request,
            ngettext("%(count)d item is active.", "%(count)d items are active.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Deactivate the selected items"), permissions=["change"])
    def make_inactive(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d item is deactivated.", "%(count)d items are deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class FormExampleInline(admin.TabularInline):
    model = FormExample
    fields = ("text", "order", "is_active", "key")
    readonly_fields = ("key",)
    extra = 0
    can_delete = False


@admin.register(BullyingForm)
class BullyingFormAdmin(ReferenceAdmin):
    list_display = ("name", "code", "example_count", "order", "is_active")
    search_fields = ("name", "description", "examples__text")
    inlines = [FormExampleInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The code ties a form to the application's behaviour (digital asks for platforms).
        return ("key", "code") if obj else ("key",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(example_count=Count("examples"))

    @admin.display(description=_("examples"), ordering="example_count")
    def example_count(self, obj: BullyingForm) -> int:
        return obj.example_count

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        for example in formset.save(commit=False):
            if not example.key:
                example.key = reference_key_generate(model=FormExample, text=example.text)
            example.save()
        formset.save_m2m()


@admin.register(FormExample)
class FormExampleAdmin(ReferenceAdmin):
    list_display = ("text", "form", "order", "is_active")
    list_filter = ("form", "is_active")
    list_select_related = ("form",)
    search_fields = ("text",)


@admin.register(DigitalPlatform)
class DigitalPlatformAdmin(ReferenceAdmin):
    list_display = ("name", "order", "is_active")
    search_fields = ("name",)


@admin.register(BullyingMark)
class BullyingMarkAdmin(ReferenceAdmin):
    list_display = ("text", "order", "is_active")
    search_fields = ("text",)


@admin.register(Signal)
class SignalAdmin(ReferenceAdmin):
    list_display = ("text", "kind", "order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("text",)


@admin.register(SuggestedAction)
class SuggestedActionAdmin(ReferenceAdmin):
    list_display = ("text", "track", "source", "order", "is_active")
    list_filter = ("track", "source", "is_active")
    search_fields = ("text", "source")
