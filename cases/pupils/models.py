"""What a teacher observed about a pupil: dated signals from the protocol's lists (§6.1, §6.2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.school.models import Pupil

SIGNAL_NOTE_MAX_LENGTH = 2000


class SignalObservation(models.Model):
    """One signal of §6.1 or §6.2 a staff member saw in a pupil on a day, with a note."""

    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.CASCADE,
        related_name="signal_observations",
        verbose_name=_("pupil"),
    )
    signal = models.ForeignKey(
        "protocol.Signal", on_delete=models.PROTECT, related_name="+", verbose_name=_("signal")
    )
    observed_on = models.DateField(_("observed on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observed signal")
        verbose_name_plural = _("observed signals")
        ordering = ["-observed_on", "-pk"]
        indexes = [
            models.Index(fields=["pupil", "observed_on"], name="signal_pupil_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.signal_id} @ {self.observed_on}"


class ParentComment(models.Model):
    """A parent's own view on what the school keeps about their child, added to the record
    after an inzage (art. 16 AVG: where the school does not correct, the parent's word is
    kept beside it)."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="parent_comments", verbose_name=_("pupil")
    )
    given_by = models.CharField(_("given by"), max_length=200)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("comment"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent's comment")
        verbose_name_plural = _("parents' comments")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.given_by} @ {self.received_on}"


__all__ = ["SIGNAL_NOTE_MAX_LENGTH", "ParentComment", "SignalObservation"]
