"""School data: the school, its school years and holidays, groups and pupils."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class School(models.Model):
    """The school this installation serves (one installation serves one school)."""

    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(_("BRIN number"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="years", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2026-2027."))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_school_year_name"),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="school_year_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolGroup(models.Model):
    """A class ("groep 1/2a" .. "groep 8")."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="groups", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="teaching_groups",
        verbose_name=_("teachers"),
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_group_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Pupil(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="pupils", verbose_name=_("school")
    )
    student_number = models.CharField(_("student number"), max_length=30)
    first_name = models.CharField(_("first name"), max_length=100)
    infix = models.CharField(_("infix"), max_length=30, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    group = models.ForeignKey(
        SchoolGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pupils",
        verbose_name=_("group"),
    )
    left_on = models.DateField(
        _("left school on"),
        null=True,
        blank=True,
        help_text=_("Set when the pupil no longer appears in the student administration."),
    )
    # Set by the retention policy: names replaced by a pseudonym, free text removed.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number"], name="unique_student_number"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class Holiday(models.Model):
    """A school holiday or other day without school; deadlines move past these."""

    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("school year")
    )
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="holiday_ends_on_or_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


__all__ = ["Holiday", "Pupil", "School", "SchoolGroup", "SchoolYear"]
