"""Incidents with their pupils, forms, examples, platforms and marks, saved in bulk."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from accounts.models import User
from cases.models import (
    Case,
    Classification,
    Incident,
    Involvement,
    Location,
    ReporterKind,
    Severity,
)
from scripts.board.people import Reference
from scripts.board.sizes import DESCRIPTIONS, at, bulk


@dataclass
class PlannedIncident:
    incident: Incident
    involvements: list[tuple[int, str]]
    forms: list[int] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)
    platforms: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)


class Incidents:
    """Incidents with their pupils, forms, examples, platforms and marks, saved together."""

    def __init__(self, rng: random.Random, ref: Reference, now: datetime):
        self.rng = rng
        self.ref = ref
        self.now = now
        self.planned: list[PlannedIncident] = []

    def add(
        self,
        *,
        day: date,
        registered_by: User,
        involvements: list[tuple[int, str]],
        case: Case | None = None,
        verified_at: datetime | None = None,
        verified_by: User | None = None,
        verified_classification: str = "",
        rich: bool = False,
    ) -> PlannedIncident:
        rng = self.rng
        reported_at = at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
        if rng.random() < 0.05:
            registered_at = reported_at + timedelta(hours=rng.randint(25, 72))  # late
        else:
            registered_at = reported_at + timedelta(minutes=rng.randint(10, 600))
        registered_at = min(registered_at, self.now)
        if verified_at is not None:
            verified_at = min(max(verified_at, registered_at), self.now)
        (reporter_kind,) = rng.choices(ReporterKind.values, weights=[5, 3, 2, 4, 1])
        forms = rng.sample(self.ref.forms, rng.choice((1, 1, 2))) if not rich else self.ref.forms
        classification = (
            verified_classification
            if verified_classification
            else rng.choice(list(Classification.values))
        )
        incident = Incident(
            occurred_on=day,
            occurred_time=time(rng.randint(8, 15), rng.choice((0, 30))),
            reported_at=reported_at,
            reporter_kind=reporter_kind,
            reporter_name=""
            if reporter_kind == ReporterKind.ANONYMOUS or rng.random() < 0.5
            else "Ouder van de leerling",
            location=rng.choice(list(Location.values)),
            description=rng.choice(DESCRIPTIONS),
            classification=classification,
            severity=Severity.SERIOUS if rng.random() < 0.15 else Severity.LIGHT,
            registered_by=registered_by,
            registered_at=registered_at,
            verified_at=verified_at,
            verified_by=verified_by,
            verified_classification=verified_classification,
            follow_up_note=""
            if verified_classification in ("", Classification.BULLYING)
            else "Besproken met de kinderen; excuses aangeboden en ouders gebeld.",
            case=case,
        )
        planned = PlannedIncident(incident, involvements)
        self._details(planned, forms, classification, rich)
        self.planned.append(planned)
        return planned

    def _details(self, planned: PlannedIncident, forms, classification: str, rich: bool) -> None:
        """The incident's forms with their examples, its platforms and its marks."""
        rng = self.rng
        for form in forms:
            planned.forms.append(form.pk)
            examples = self.ref.examples_of[form.pk]
            if examples:
                count = len(examples) if rich else rng.randint(1, min(2, len(examples)))
                planned.examples.extend(e.pk for e in rng.sample(examples, count))
        if self.ref.digital.pk in planned.forms and self.ref.platforms:
            count = len(self.ref.platforms) if rich else 1
            planned.platforms = [p.pk for p in rng.sample(self.ref.platforms, count)]
        if self.ref.marks and (rich or classification == Classification.BULLYING):
            count = len(self.ref.marks) if rich else rng.randint(1, min(3, len(self.ref.marks)))
            planned.marks = [m.pk for m in rng.sample(self.ref.marks, count)]

    def save(self) -> None:
        bulk(Incident, [p.incident for p in self.planned])
        bulk(
            Involvement,
            [
                Involvement(incident_id=p.incident.pk, pupil_id=pupil_id, role=role)
                for p in self.planned
                for pupil_id, role in p.involvements
            ],
        )
        for name, attr, column in (
            ("forms", "forms", "bullyingform_id"),
            ("examples", "examples", "formexample_id"),
            ("platforms", "platforms", "digitalplatform_id"),
            ("marks", "marks", "bullyingmark_id"),
        ):
            through = getattr(Incident, name).through
            bulk(
                through,
                [
                    through(incident_id=p.incident.pk, **{column: pk})
                    for p in self.planned
                    for pk in getattr(p, attr)
                ],
            )
