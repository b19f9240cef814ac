"""The protocol's reference lists, kept as data so the coordinator can keep them current.

Every row has a stable `key` so that loading the protocol data again adds what is missing
without overwriting what the coordinator edited.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceItem(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive items are no longer offered on forms.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class FormCode(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    PHYSICAL = "physical", _("Physical")
    DIGITAL = "digital", _("Digital")


class BullyingForm(ReferenceItem):
    """A form of bullying (§5): verbal, psychological, physical, digital."""

    code = models.CharField(_("code"), max_length=20, choices=FormCode.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("form of bullying")
        verbose_name_plural = _("forms of bullying")

    def __str__(self) -> str:
        return self.name

    @property
    def is_digital(self) -> bool:
        return self.code == FormCode.DIGITAL


class FormExample(ReferenceItem):
    """An example of a form of bullying (§5.1–5.4), offered as a checklist item."""

    form = models.ForeignKey(
        BullyingForm, on_delete=models.CASCADE, related_name="examples", verbose_name=_("form")
    )
    text = models.CharField(_("text"), max_length=300)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("example of bullying")
        verbose_name_plural = _("examples of bullying")
        ordering = ["form__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class DigitalPlatform(ReferenceItem):
    """A platform where digital bullying takes place (§5.4)."""

    name = models.CharField(_("name"), max_length=100)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("digital platform")
        verbose_name_plural = _("digital platforms")

    def __str__(self) -> str:
        return self.name


class BullyingMark(ReferenceItem):
    """One of the five marks that tell bullying from teasing (§4.2)."""

    text = models.CharField(_("text"), max_length=200)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("mark of bullying")
        verbose_name_plural = _("marks of bullying")

    def __str__(self) -> str:
        return self.text


class SignalKind(models.TextChoices):
    BULLY = "bully", _("Signal of a pupil who bullies (§6.1)")
    VICTIM = "victim", _("Signal of a pupil who is bullied (§6.2)")


class Signal(ReferenceItem):
    kind = models.CharField(_("kind"), max_length=10, choices=SignalKind.choices)
    text = models.CharField(_("text"), max_length=300)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Track(models.TextChoices):
    """The five tracks of the five-track approach (§9, §10)."""

    TEACHER = "teacher", _("Teacher")
    BULLY = "bully", _("Pupil who bullies")
    VICTIM = "victim", _("Pupil who is bullied")
    MIDDLE_GROUP = "middle_group", _("Middle group and followers")
    PARENTS = "parents", _("Parents")


class SuggestedAction(ReferenceItem):
    """A suggested action for one track of the five-track approach (§8.1, §10)."""

    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    text = models.CharField(_("text"), max_length=300)
    source = models.CharField(_("protocol section"), max_length=20, blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("suggested action")
        verbose_name_plural = _("suggested actions")
        ordering = ["track", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ProtocolEvaluation(models.Model):
    """The protocol's evaluation, every four years (§12): when, what came out, when next.

    Protocol data, so it lives here: the reminder rules in `cases` read the next due date,
    and `cases` may read `protocol` (never `reporting`). The coordinator records it through
    `reporting`, which checks the role.
    """

    YEARS_BETWEEN = 4

    evaluated_on = models.DateField(_("evaluated on"))
    outcome = models.TextField(_("outcome"))
    next_due = models.DateField(_("next evaluation due"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("protocol evaluation")
        verbose_name_plural = _("protocol evaluations")
        ordering = ["-evaluated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_due__gt=models.F("evaluated_on")),
                name="protocol_evaluation_next_after_this",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluated_on:%d-%m-%Y}"
