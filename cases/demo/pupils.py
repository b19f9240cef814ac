"""The demo's 200 pupils: names from a seeded generator, found again by student number."""

import datetime
import random

from cases.demo.school import DEMO_SEED, GROUPS
from cases.models import Pupil, School, SchoolGroup

# Two pupils moved away this school year; the admin and the pupil pickers must cope.
LEFT_PUPILS = 2

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


def ensure_pupils(
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
