"""Technical administration of the school's master data.

Incidents, involvements, attachments, cases and everything recorded on them are deliberately
not registered, nor their history, their object permissions or the access log: what happened
to which child is only ever shown through the application's own views, which check who may
see it and log every read (tests/test_admin_exposure.py keeps it so). Nothing here may show
case content either, which is why pupils and schools cannot be deleted here (Django would
list the protected involvements).

Two edits here change who sees what — a group's teachers and a pupil's group — so both bring
the object permissions in line (cases.visibility.permissions.visibility_sync) as the services do.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Incident, Pupil, School, SchoolGroup, SchoolYear
from cases.visibility.permissions import visibility_sync


class SchoolYearInline(admin.TabularInline):
    model = SchoolYear
    fields = ("name", "start_date", "end_date")
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "brin")
    search_fields = ("name", "city", "brin")
    inlines = [SchoolYearInline]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "start_date", "end_date")
    list_filter = ("school",)
    list_select_related = ("school",)
    date_hierarchy = "start_date"


@admin.register(SchoolGroup)
class SchoolGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "teacher_names", "order")
    list_editable = ("order",)
    list_filter = ("school",)
    list_select_related = ("school",)
    search_fields = ("name", "teachers__first_name", "teachers__last_name")
    filter_horizontal = ("teachers",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("teachers")

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "teachers":
            kwargs["queryset"] = User.objects.filter(is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        group = form.instance
        before = set(group.teachers.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(group.teachers.values_list("pk", flat=True))
        if before != after:
            visibility_sync(users=sorted(before ^ after))

    @admin.display(description=_("teachers"))
    def teacher_names(self, obj: SchoolGroup) -> str:
        return ", ".join(str(teacher) for teacher in obj.teachers.all())


class LeftSchoolFilter(admin.SimpleListFilter):
    title = _("left school")
    parameter_name = "left"

    def lookups(self, request: HttpRequest, model_admin):
        return [("no", _("Still at school")), ("yes", _("Left school"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "no":
            return queryset.filter(left_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(left_on__isnull=False)
        return queryset


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ("name", "student_number", "group", "left_on")
    list_filter = ("group", LeftSchoolFilter, "school")
    list_select_related = ("group",)
    search_fields = ("first_name", "infix", "last_name", "student_number")
    fields = ("school", "student_number", "first_name", "infix", "last_name", "group", "left_on")

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, obj: Pupil) -> str:
        return obj.full_name

    def save_model(self, request: HttpRequest, obj: Pupil, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "group" in form.changed_data:
            # Visibility follows the pupil's group (see cases.visibility.permissions).
            visibility_sync(incidents=Incident.objects.filter(involvements__pupil=obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A pupil who leaves gets a date in "left school on"; the records stay intact.
        return False
