"""Demo data: a school with groups, pupils, staff accounts per role and a year of incidents.

Everything is fictional. The names come from a seeded random generator, so a rerun makes
the same school; every row is found again by its natural key (username, group name, student
number), and incidents are only made for a school that has none, so a second run changes
nothing.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from accounts.services import user_set_roles
from cases.models import (
    Classification,
    Incident,
    Involvement,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    School,
    SchoolGroup,
    SchoolYear,
    Severity,
)
from cases.visibility.permissions import visibility_sync
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormExample
from protocol.services import protocol_data_load

DEMO_SEED = 20260817
DEMO_PASSWORD = "mozaiek-demo"
SCHOOL_NAME = "Kindcentrum Mozaïek"
SCHOOL_CITY = "Helmond"
LATE_COUNT = 6

# (name, order, number of pupils): 200 pupils in all.
GROUPS: list[tuple[str, int, int]] = [
    ("groep 1/2a", 1, 24),
    ("groep 1/2b", 2, 23),
    ("groep 3", 3, 26),
    ("groep 4", 4, 25),
    ("groep 5", 5, 27),
    ("groep 6", 6, 24),
    ("groep 7", 7, 26),
    ("groep 8", 8, 25),
]
# Two pupils moved away this school year; the admin and the pupil pickers must cope.
LEFT_PUPILS = 2

# Incidents per group (by order), 40 in all: most reports come from the upper groups, and
# the groups of the two demo teachers have enough to show.
INCIDENTS_PER_GROUP = {1: 1, 2: 1, 3: 2, 4: 3, 5: 9, 6: 7, 7: 9, 8: 8}
INCIDENT_COUNT = sum(INCIDENTS_PER_GROUP.values())

FIRST_NAMES = [
    "Noah", "Emma", "Liam", "Julia", "Luuk", "Mila", "Sem", "Tess", "Daan", "Sophie",
    "Finn", "Zoë", "Levi", "Sara", "Milan", "Nora", "Bram", "Evi", "Jesse", "Lotte",
    "Thijs", "Saar", "Ties", "Fleur", "Lucas", "Anna", "Mees", "Lieke", "Jayden", "Isa",
    "Stijn", "Femke", "Ruben", "Jasmijn", "Hugo", "Roos", "Gijs", "Elin", "Teun", "Lynn",
    "Mohammed", "Yasmina", "Ayoub", "Nour", "Emre", "Elif", "Adam", "Amira", "Yusuf", "Hiba",
    "Mats", "Fenna", "Jens", "Puck", "Siem", "Vera", "Bas", "Maud", "Jurre", "Noor",
    "Oliwia", "Kacper", "Dex", "Lina", "Sami", "Ilse", "Owen", "Nina", "Cas", "Yara",
]  # fmt: skip

# (infix, last name): the infix belongs to the name, so they are drawn together.
SURNAMES = [
    ("", "Swinkels"), ("van", "Gerwen"), ("van den", "Heuvel"), ("van de", "Ven"),
    ("van", "Lieshout"), ("", "Verhoeven"), ("", "Kuijpers"), ("", "Raaijmakers"),
    ("", "Aarts"), ("", "Hendriks"), ("", "Coppens"), ("van der", "Linden"),
    ("", "Bakker"), ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van", "Dijk"),
    ("", "Smits"), ("", "Peters"), ("", "Willems"), ("van", "Bree"), ("", "Vereijken"),
    ("", "Vogels"), ("", "Martens"), ("van", "Dongen"), ("", "Donkers"), ("", "Manders"),
    ("van", "Beek"), ("", "Sanders"), ("", "Verbakel"), ("", "Maas"), ("", "Timmermans"),
    ("", "Schepers"), ("van", "Eck"), ("", "Wijnen"), ("van", "Rooij"), ("", "Biemans"),
    ("", "Yılmaz"), ("", "El Amrani"), ("", "Bouzid"), ("", "Kaya"), ("", "Öztürk"),
    ("", "Haddou"), ("", "Demir"), ("", "Kowalski"), ("", "Nowak"), ("", "Nguyen"),
    ("", "Mahamed"), ("", "Rodrigues"), ("", "Ramdin"), ("de", "Wit"), ("van", "Hout"),
]  # fmt: skip

FIRST_STUDENT_NUMBER = 1001


@dataclass(frozen=True)
class StaffAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    description: Promise
    group: str = ""
    is_staff: bool = False


STAFF: list[StaffAccount] = [
    StaffAccount(
        "leerkracht",
        "Sanne",
        "Verhoeven",
        Role.TEACHER,
        _("teacher of groep 5: registers incidents, holds the talks of steps 1–5"),
        group="groep 5",
    ),
    StaffAccount(
        "leerkracht2",
        "Thijs",
        "van Gerwen",
        Role.TEACHER,
        _("teacher of groep 7, another group than that of leerkracht"),
        group="groep 7",
    ),
    StaffAccount(
        "ib",
        "Marieke",
        "Swinkels",
        Role.IB,
        _("intern begeleider (IB): weekly review and action plans"),
    ),
    StaffAccount(
        "directie",
        "Esther",
        "Warmerdam",
        Role.DIRECTIE,
        _("directie: weekly review, steps 6–8"),
    ),
    StaffAccount(
        "coordinator",
        "Iris",
        "Bouwman",
        Role.COORDINATOR,
        _("anti-bullying coordinator: reports and trends; keeps the protocol lists in the admin"),
        is_staff=True,
    ),
    StaffAccount(
        "aanspreekpersoon",
        "Esther",
        "Warmerdam",
        Role.CONFIDANT,
        _("contact person for social safety: confidential reports"),
    ),
]

B, V, F, D, S = (
    InvolvementRole.BULLY,
    InvolvementRole.VICTIM,
    InvolvementRole.FOLLOWER,
    InvolvementRole.DEFENDER,
    InvolvementRole.BYSTANDER,
)


@dataclass(frozen=True)
class Scenario:
    """A kind of incident a school sees; the demo draws its incidents from these."""

    description: str
    location: str
    forms: list[str]
    examples: list[str]
    classification: str
    roles: list[str]
    groups: range
    reporters: list[str]
    marks: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    digital_description: str = ""
    severity: str = Severity.LIGHT


ALL_MARKS = ["repeated", "interaction", "negative", "defenceless", "power-imbalance"]
PUP, PAR, COL, TCH, ANON = (
    ReporterKind.PUPIL,
    ReporterKind.PARENT,
    ReporterKind.COLLEAGUE,
    ReporterKind.TEACHER,
    ReporterKind.ANONYMOUS,
)

SCENARIOS: list[Scenario] = [
    Scenario(
        "{victim} wordt tijdens het buitenspelen al een paar weken uitgescholden door {bully}. "
        "Andere kinderen lachen mee. {victim} wil niet meer naar buiten in de pauze.",
        Location.PLAYGROUND,
        ["verbal"],
        ["verbal-name-calling", "verbal-mocking-remarks"],
        Classification.BULLYING,
        [B, V, F],
        range(3, 9),
        [PUP, COL, PAR],
        marks=ALL_MARKS,
    ),
    Scenario(
        "{bully} noemt {victim} in de klas steeds bij een bijnaam. {victim} heeft gevraagd "
        "ermee te stoppen, maar het gaat door, ook als de leerkracht het niet hoort.",
        Location.CLASSROOM,
        ["verbal"],
        ["verbal-nickname", "verbal-insults"],
        Classification.BULLYING,
        [B, V, S],
        range(4, 9),
        [PUP, PAR, TCH],
        marks=["repeated", "interaction", "negative"],
    ),
    Scenario(
        "Bij de gymles kiest niemand {victim} voor een team; {bully} zegt hardop dat "
        "{victim} 'toch niks kan'. Dit gebeurt volgens de gymleerkracht elke week.",
        Location.GYM,
        ["psychological", "verbal"],
        ["psychological-picked-last", "verbal-mocking-remarks"],
        Classification.BULLYING,
        [B, F, V],
        range(3, 9),
        [COL, TCH],
        marks=["repeated", "negative", "defenceless", "power-imbalance"],
    ),
    Scenario(
        "{bully} heeft de meiden van de groep gezegd dat ze niet meer met {victim} mogen "
        "praten. {victim} zit in de pauze alleen en huilde thuis, vertelt moeder.",
        Location.CLASSROOM,
        ["psychological"],
        ["psychological-ignoring", "psychological-isolating"],
        Classification.BULLYING,
        [B, F, V, D],
        range(5, 9),
        [PAR],
        marks=ALL_MARKS,
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "Tijdens de rekenles gaan er briefjes rond over {victim}. Een briefje is gevonden "
        "onder de tafel van {bully}. Nog niet duidelijk of dit vaker gebeurt.",
        Location.CLASSROOM,
        ["psychological"],
        ["psychological-passing-notes"],
        Classification.UNDETERMINED,
        [B, V],
        range(5, 9),
        [TCH, PUP],
    ),
    Scenario(
        "{bully} heeft bij de verjaardag de hele groep uitgenodigd behalve {victim}, en dat "
        "in de klas rondverteld. {victim} was erg verdrietig.",
        Location.CLASSROOM,
        ["psychological"],
        ["psychological-skipping-treats"],
        Classification.BULLYING,
        [B, V],
        range(3, 7),
        [PAR, TCH],
        marks=["negative", "defenceless", "power-imbalance"],
    ),
    Scenario(
        "{bully} en {victim} duwen elkaar in de rij bij de gang en roepen dingen naar elkaar. "
        "Beiden doen mee en lachen er ook om; na een gesprek was het over.",
        Location.CORRIDOR,
        ["physical"],
        ["physical-touching"],
        Classification.TEASING,
        [B, V],
        range(1, 5),
        [TCH, COL],
        marks=["interaction"],
    ),
    Scenario(
        "Vechtpartij op het plein tussen {bully} en {victim} na een ruzie over voetbal. Beiden "
        "sloegen; {victim} had een bloedneus. De pleinwacht heeft ze uit elkaar gehaald.",
        Location.PLAYGROUND,
        ["physical"],
        ["physical-abuse"],
        Classification.AGGRESSION,
        [B, V, S],
        range(5, 9),
        [COL],
        marks=["interaction", "negative"],
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "{bully} en een vriend wachten {victim} na schooltijd op bij het fietsenhok en duwen "
        "{victim} van de fiets. Volgens {victim} gebeurt dit sinds de herfstvakantie vaker.",
        Location.WAY_TO_SCHOOL,
        ["physical", "verbal"],
        ["physical-ambush", "physical-following", "verbal-name-calling"],
        Classification.BULLYING,
        [B, F, V],
        range(6, 9),
        [PAR, PUP],
        marks=ALL_MARKS,
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "{bully} pakt in de pauze telkens de pet of het drinken van {victim} af en geeft het "
        "pas terug als {victim} gaat smeken.",
        Location.PLAYGROUND,
        ["physical"],
        ["physical-taking-belongings", "physical-taunting"],
        Classification.BULLYING,
        [B, V, D],
        range(3, 7),
        [PUP, COL],
        marks=["repeated", "negative", "defenceless", "power-imbalance"],
    ),
    Scenario(
        "{victim} moest van {bully} elke dag een snoepje of geld meenemen, 'anders'. Moeder "
        "merkte dat er geld uit de spaarpot verdween.",
        Location.WAY_TO_SCHOOL,
        ["physical"],
        ["physical-extortion", "physical-treating-as-slave"],
        Classification.BULLYING,
        [B, V],
        range(6, 9),
        [PAR],
        marks=ALL_MARKS,
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "In de zandbak pakt {bully} steeds het schepje van {victim} af en duwt {victim} weg. "
        "Samen met beide kinderen de afspraak over samen spelen herhaald.",
        Location.PLAYGROUND,
        ["physical"],
        ["physical-taking-belongings", "physical-touching"],
        Classification.TEASING,
        [B, V],
        range(1, 3),
        [TCH, PAR],
        marks=["interaction"],
    ),
    Scenario(
        "In de groepsapp van de klas wordt {victim} steeds uit de groep gezet door {bully}. "
        "Ook wordt er over {victim} geroddeld. Vader heeft screenshots gestuurd.",
        Location.ONLINE,
        ["digital", "psychological"],
        ["digital-group-app-exclusion", "psychological-isolating"],
        Classification.BULLYING,
        [B, F, V, S],
        range(6, 9),
        [PAR],
        marks=ALL_MARKS,
        platforms=["whatsapp", "group-apps"],
    ),
    Scenario(
        "{bully} heeft stiekem een foto van {victim} in de kleedkamer gemaakt en die met een "
        "gemene tekst op Snapchat en TikTok gezet. De foto is door veel kinderen gezien.",
        Location.ONLINE,
        ["digital"],
        ["digital-hurtful-images"],
        Classification.BULLYING,
        [B, F, V],
        range(7, 9),
        [PAR, PUP, ANON],
        marks=ALL_MARKS,
        platforms=["snapchat", "tiktok"],
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "Tijdens het gamen 's avonds scheldt {bully} in de chat {victim} uit en dreigt "
        "'morgen op school' iets te doen. {victim} durfde niet naar school.",
        Location.ONLINE,
        ["digital", "verbal"],
        ["digital-game-chat-abuse", "verbal-insults"],
        Classification.UNDETERMINED,
        [B, V],
        range(5, 9),
        [PAR, PUP],
        marks=["negative"],
        platforms=["gaming"],
    ),
    Scenario(
        "Er is een nepaccount op Instagram met de naam en foto van {victim}. Kinderen uit de "
        "groep denken dat {bully} het heeft gemaakt; {bully} ontkent.",
        Location.ONLINE,
        ["digital"],
        ["digital-fake-accounts"],
        Classification.UNDETERMINED,
        [B, V, S],
        range(7, 9),
        [PAR, ANON],
        platforms=["instagram"],
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "{bully} heeft een screenshot van een privégesprek met {victim} in de klassenapp "
        "gedeeld. {victim} schaamt zich en wil de app niet meer openen.",
        Location.ONLINE,
        ["digital"],
        ["digital-sharing-screenshots"],
        Classification.BULLYING,
        [B, V, D],
        range(7, 9),
        [PUP, PAR],
        marks=["negative", "defenceless", "power-imbalance"],
        platforms=["whatsapp"],
    ),
    Scenario(
        "Via de chat op de schooltablets sturen {bully} en anderen gemene berichtjes naar "
        "{victim} tijdens het zelfstandig werken.",
        Location.CLASSROOM,
        ["digital", "verbal"],
        ["verbal-insults"],
        Classification.BULLYING,
        [B, F, V],
        range(5, 9),
        [TCH, PUP],
        marks=["repeated", "interaction", "negative"],
        platforms=["other"],
        digital_description="Chatfunctie van de schooltablets",
    ),
    Scenario(
        "{bully} maakt elke ochtend opmerkingen over de kleding van {victim} en zegt dat "
        "{victim} lelijk is. {victim} wil sinds kort niet meer naar school.",
        Location.CORRIDOR,
        ["verbal", "psychological"],
        ["verbal-remarks-clothing", "psychological-stupid-or-ugly"],
        Classification.BULLYING,
        [B, V, S],
        range(5, 9),
        [PAR, PUP],
        marks=ALL_MARKS,
    ),
    Scenario(
        "{bully} jent {victim} tijdens de gymles door steeds de bal weg te trappen en te "
        "lachen. {victim} lachte eerst mee en deed daarna hetzelfde terug.",
        Location.GYM,
        ["physical", "verbal"],
        ["physical-taunting", "verbal-mocking-remarks"],
        Classification.TEASING,
        [B, V],
        range(4, 8),
        [COL, TCH],
        marks=["interaction"],
    ),
]

COLLEAGUES = ["juf Fleur (pleinwacht)", "meester Koen (gym)", "juf Anouk (overblijf)"]


@dataclass
class DemoResult:
    school: School
    school_year: SchoolYear
    created: dict[str, int]
    accounts: list[StaffAccount]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def school_year_dates(today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The school year that `today` falls in: 1 August starts a new one.

    Lessons start on the third Monday of August and end on the second Friday of July,
    close to the regional dates of the south of the Netherlands.
    """
    start_year = today.year if today.month >= 8 else today.year - 1
    name = f"{start_year}-{start_year + 1}"
    first_day = _nth_weekday(start_year, 8, 0, 3)
    last_day = _nth_weekday(start_year + 1, 7, 4, 2)
    return name, first_day, last_day


def _school_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _ensure_groups(school: School) -> tuple[dict[str, SchoolGroup], int]:
    existing = set(SchoolGroup.objects.filter(school=school).values_list("name", flat=True))
    new = [
        SchoolGroup(school=school, name=name, order=order)
        for name, order, _size in GROUPS
        if name not in existing
    ]
    SchoolGroup.objects.bulk_create(new)
    groups = {group.name: group for group in SchoolGroup.objects.filter(school=school)}
    return groups, len(new)


def _ensure_pupils(
    school: School, groups: dict[str, SchoolGroup], first_day: datetime.date, today: datetime.date
) -> int:
    rng = random.Random(DEMO_SEED)
    planned: list[Pupil] = []
    number = FIRST_STUDENT_NUMBER
    for name, _order, size in GROUPS:
        for _position in range(size):
            infix, last_name = rng.choice(SURNAMES)
            planned.append(
                Pupil(
                    school=school,
                    student_number=str(number),
                    first_name=rng.choice(FIRST_NAMES),
                    infix=infix,
                    last_name=last_name,
                    group=groups[name],
                )
            )
            number += 1
    # The last pupils of two groups moved away a few weeks after the start of the year.
    left_on = min(first_day + datetime.timedelta(weeks=5), today)
    for pupil in (planned[len(planned) // 3], planned[2 * len(planned) // 3])[:LEFT_PUPILS]:
        pupil.left_on = left_on

    existing = set(
        Pupil.objects.filter(
            school=school, student_number__in=[p.student_number for p in planned]
        ).values_list("student_number", flat=True)
    )
    new = [pupil for pupil in planned if pupil.student_number not in existing]
    Pupil.objects.bulk_create(new)
    return len(new)


def _ensure_staff(groups: dict[str, SchoolGroup]) -> tuple[dict[str, User], int]:
    users: dict[str, User] = {}
    created = 0
    for account in STAFF:
        user, was_created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@kindcentrum-mozaiek.example",
                "is_staff": account.is_staff,
            },
        )
        if was_created:
            created += 1
            # Demo accounts only: the password is public and set without the validators.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user_set_roles(user=user, roles=[account.role])
            if account.group:
                groups[account.group].teachers.add(user)
        users[account.username] = user
    return users, created


def _window(first_day: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The school days of this year up to yesterday, or, early in the year, the last weeks."""
    days = _school_days(first_day, today - datetime.timedelta(days=1))
    if len(days) < 10:
        days = _school_days(today - datetime.timedelta(weeks=8), today - datetime.timedelta(days=1))
    return days


def _aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _in_school_hours(moment: datetime.datetime, rng: random.Random) -> datetime.datetime:
    """The moment, or the start of the next school day when it falls outside school hours."""
    local = timezone.localtime(moment)
    day = local.date()
    if local.hour >= 16:
        day += datetime.timedelta(days=1)
    elif local.hour >= 8 and day.weekday() < 5:
        return moment
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return _aware(day, 8, rng.randint(10, 45))


def _reporter_name(rng: random.Random, kind: str, victim: Pupil) -> str:
    if kind == ReporterKind.PARENT:
        return f"{rng.choice(['moeder', 'vader'])} van {victim.first_name}"
    if kind == ReporterKind.PUPIL:
        return rng.choice([victim.first_name, "een klasgenoot"])
    if kind == ReporterKind.COLLEAGUE:
        return rng.choice(COLLEAGUES)
    return ""


def _create_incidents(
    school: School,
    groups: dict[str, SchoolGroup],
    users: dict[str, User],
    first_day: datetime.date,
) -> int:
    rng = random.Random(DEMO_SEED + 1)
    now = timezone.now()
    today = timezone.localdate()
    days = _window(first_day, today)

    forms = BullyingForm.objects.in_bulk(field_name="code")
    examples = FormExample.objects.in_bulk(field_name="key")
    marks = BullyingMark.objects.in_bulk(field_name="key")
    platforms = DigitalPlatform.objects.in_bulk(field_name="key")
    pupils_by_group: dict[int, list[Pupil]] = {}
    for pupil in Pupil.objects.filter(school=school, left_on__isnull=True).order_by(
        "student_number"
    ):
        pupils_by_group.setdefault(pupil.group_id, []).append(pupil)
    teacher_of = {groups[a.group].pk: users[a.username] for a in STAFF if a.group}

    groups_by_order = {group.order: group for group in groups.values()}
    incident_groups = [
        groups_by_order[order]
        for order, count in INCIDENTS_PER_GROUP.items()
        for _position in range(count)
    ]
    rng.shuffle(incident_groups)
    dates = sorted(rng.choice(days) for _position in incident_groups)
    # Late registrations only where there was time to be late.
    can_be_late = [i for i, day in enumerate(dates) if (today - day).days >= 5]
    late = set(rng.sample(can_be_late, min(LATE_COUNT, len(can_be_late))))

    used = dict.fromkeys(map(id, SCENARIOS), 0)
    created = 0
    for index, (day, group) in enumerate(zip(dates, incident_groups, strict=True)):
        # The least used scenario that fits the group, so that every kind of incident shows.
        fitting = [s for s in SCENARIOS if group.order in s.groups]
        fewest = min(used[id(s)] for s in fitting)
        scenario = rng.choice([s for s in fitting if used[id(s)] == fewest])
        used[id(scenario)] += 1
        cast = rng.sample(pupils_by_group[group.pk], len(scenario.roles))
        bully = cast[scenario.roles.index(InvolvementRole.BULLY)]
        victim = cast[scenario.roles.index(InvolvementRole.VICTIM)]

        if scenario.location == Location.ONLINE:
            occurred_hour = rng.choice([15, 16, 18, 19, 20])
        else:
            occurred_hour = rng.choice([8, 10, 10, 12, 12, 12, 13, 14])
        occurred_at = _aware(day, occurred_hour, rng.choice([0, 15, 30, 45]))
        reporter_kind = rng.choice(scenario.reporters)
        if reporter_kind in (ReporterKind.PARENT, ReporterKind.ANONYMOUS):
            # By e-mail or the report form, at any hour.
            reported_at = occurred_at + datetime.timedelta(minutes=rng.randint(90, 30 * 60))
            if timezone.localtime(reported_at).hour < 7:
                reported_at += datetime.timedelta(hours=7)
        else:
            reported_at = _in_school_hours(
                occurred_at + datetime.timedelta(minutes=rng.randint(5, 150)), rng
            )
        if index in late:
            registered_at = _in_school_hours(
                reported_at + datetime.timedelta(hours=rng.randint(27, 96)), rng
            )
        else:
            registered_at = _in_school_hours(
                reported_at + datetime.timedelta(minutes=rng.randint(20, 240)), rng
            )
            if registered_at - reported_at > datetime.timedelta(hours=23):
                # Over a weekend the teacher registers it from home the same evening.
                registered_at = reported_at + datetime.timedelta(minutes=rng.randint(20, 60))
        # The most recent incidents must not be reported or registered in the future.
        reported_at = min(reported_at, now - datetime.timedelta(hours=2))
        registered_at = max(reported_at, min(registered_at, now - datetime.timedelta(minutes=5)))
        # Parents do not always know when it happened.
        time_known = reporter_kind != ReporterKind.PARENT or rng.random() < 0.6

        incident = Incident.objects.create(
            occurred_on=day,
            occurred_time=occurred_at.time() if time_known else None,
            reported_at=reported_at,
            reporter_kind=reporter_kind,
            reporter_name=_reporter_name(rng, reporter_kind, victim),
            location=scenario.location,
            description=scenario.description.format(
                bully=bully.first_name, victim=victim.first_name
            ),
            digital_description=scenario.digital_description,
            classification=scenario.classification,
            severity=scenario.severity,
            registered_by=teacher_of.get(group.pk, users["ib"]),
            registered_at=registered_at,
        )
        incident.forms.set([forms[code] for code in scenario.forms])
        incident.examples.set([examples[key] for key in scenario.examples])
        incident.marks.set([marks[key] for key in scenario.marks])
        incident.platforms.set([platforms[key] for key in scenario.platforms])
        bulk_create_with_history(
            [
                Involvement(incident=incident, pupil=pupil, role=role)
                for pupil, role in zip(cast, scenario.roles, strict=True)
            ],
            Involvement,
        )
        created += 1
    return created


@transaction.atomic
def demo_seed() -> DemoResult:
    """Create the demo school, its staff and pupils, and a year of incidents (idempotent)."""
    protocol_data_load()
    today = timezone.localdate()

    school, school_created = School.objects.get_or_create(
        name=SCHOOL_NAME, defaults={"city": SCHOOL_CITY}
    )
    name, first_day, last_day = school_year_dates(today)
    school_year, year_created = SchoolYear.objects.get_or_create(
        school=school, name=name, defaults={"start_date": first_day, "end_date": last_day}
    )
    groups, groups_created = _ensure_groups(school)
    pupils_created = _ensure_pupils(school, groups, school_year.start_date, today)
    users, users_created = _ensure_staff(groups)

    incidents_created = 0
    if not Incident.objects.filter(involvements__pupil__school=school).exists():
        incidents_created = _create_incidents(school, groups, users, school_year.start_date)
    # Who sees what follows from the staff, groups and incidents just made.
    visibility_sync()

    return DemoResult(
        school=school,
        school_year=school_year,
        created={
            "schools": int(school_created),
            "school_years": int(year_created),
            "groups": groups_created,
            "pupils": pupils_created,
            "users": users_created,
            "incidents": incidents_created,
        },
        accounts=STAFF,
    )
