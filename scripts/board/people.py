"""Staff, groups and pupils of the board, and the protocol's reference lists."""

import random
from collections import defaultdict
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Role, User
from accounts.services import roles_ensure
from cases import demo
from cases.models import (
    Pupil,
    School,
    SchoolGroup,
)
from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormCode,
    FormExample,
    SuggestedAction,
)
from protocol.services import protocol_data_load
from scripts.board.sizes import (
    BENCH_GROUP,
    GROUP_WEIGHTS,
    GROUPS_PER_SCHOOL,
    OTHER_TEACHERS,
    TWO_GROUP_EVERY,
    Sizes,
    bulk,
)


class People:
    """Staff, groups and pupils of the board: its schools of up to GROUPS_PER_SCHOOL groups of
    about PUPILS_PER_GROUP pupils, groep 1 to 8; a teacher teaches one group or, in a duo
    with a part-timer's week, two (every TWO_GROUP_EVERY-th teacher)."""

    def __init__(self, rng: random.Random, sizes: Sizes, schools: list[School]):
        self.rng = rng
        self.schools = schools
        self.groups = bulk(SchoolGroup, _groups(schools, sizes.groups))
        self.teacher_by_group: dict[int, User] = {}
        self.group_teachers: list[User] = []
        staff = _Staff()
        for index, group in enumerate(self.groups):
            if index % TWO_GROUP_EVERY == 1 and self.group_teachers:
                teacher = self.group_teachers[-1]  # the previous teacher's second group
            else:
                number = len(self.group_teachers) + 1
                first = demo.FIRST_NAMES[number % len(demo.FIRST_NAMES)]
                teacher = staff.person(f"leerkracht{number}", first, "Leerkracht", Role.TEACHER)
                self.group_teachers.append(teacher)
            self.teacher_by_group[id(group)] = teacher
        # Teachers without a group of their own (gym, remedial teaching) also register.
        self.other_teachers = [
            staff.person(
                f"vakleerkracht{i}", demo.FIRST_NAMES[40 + i], "Vakleerkracht", Role.TEACHER
            )
            for i in range(1, OTHER_TEACHERS + 1)
        ]
        self.ibs = [
            staff.person("ib1", "Marieke", "Swinkels", Role.IB),
            staff.person("ib2", "Ilse", "Coppens", Role.IB),
        ]
        self.directie = [staff.person("directie", "Peter", "Aarts", Role.DIRECTIE)]
        self.coordinator = staff.person("coordinator", "Femke", "Manders", Role.COORDINATOR)
        self.confidant = staff.person("aanspreekpersoon", "Hugo", "Wijnen", Role.CONFIDANT)
        staff.save()
        self.teacher_by_group = {g.pk: self.teacher_by_group[id(g)] for g in self.groups}
        bulk(
            SchoolGroup.teachers.through,
            [
                SchoolGroup.teachers.through(schoolgroup_id=group.pk, user_id=teacher.pk)
                for group, teacher in zip(self.groups, self.teacher_by_group.values(), strict=True)
            ],
        )
        self.teacher_of = {pk: teacher.pk for pk, teacher in self.teacher_by_group.items()}
        self.bench_group = next(g for g in self.groups if g.name == BENCH_GROUP)
        self.bench_teacher = self.teacher_by_group[self.bench_group.pk]
        self.pupils = bulk(Pupil, _pupils(rng, self.groups, sizes.pupils))
        self.pupils_of: dict[int, list[Pupil]] = defaultdict(list)
        for pupil in self.pupils:
            self.pupils_of[pupil.group_id].append(pupil)
        self.teachers = self.group_teachers + self.other_teachers
        self.registrars = self.teachers + self.ibs
        self._cumulative = list(accumulate(GROUP_WEIGHTS[g.order] for g in self.groups))

    def weighted_group(self) -> SchoolGroup:
        (group,) = self.rng.choices(self.groups, cum_weights=self._cumulative)
        return group

    def teacher_for(self, group: SchoolGroup) -> User:
        return self.teacher_by_group[group.pk]

    def registrar_for(self, group: SchoolGroup) -> User:
        # Mostly the group's own teacher; sometimes a colleague on playground duty or the IB.
        if self.rng.random() < 0.7:
            return self.teacher_by_group[group.pk]
        return self.rng.choice(self.registrars)


class _Staff:
    """Staff accounts with their roles, saved together."""

    def __init__(self):
        roles_ensure()
        self.password = make_password(None)  # nobody logs in with a password here
        self.by_role = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
        self.people: list[tuple[User, str]] = []

    def person(self, username: str, first: str, last: str, role: str) -> User:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@mozaiek.example",
            password=self.password,
        )
        self.people.append((user, role))
        return user

    def save(self) -> None:
        bulk(User, [user for user, _ in self.people])
        bulk(
            User.groups.through,
            [
                User.groups.through(user_id=user.pk, group_id=self.by_role[role].pk)
                for user, role in self.people
            ],
        )


def _groups(schools: list[School], count: int) -> list[SchoolGroup]:
    """`count` groups, groep 1 to 8 in turn, GROUPS_PER_SCHOOL to a school: groep 5a, 5b..."""
    groups = []
    for index in range(count):
        school = schools[index // GROUPS_PER_SCHOOL]
        order = index % 8 + 1
        letter = "abcdefghijklmnopqrstuvwxyz"[(index % GROUPS_PER_SCHOOL) // 8]
        groups.append(SchoolGroup(school=school, name=f"groep {order}{letter}", order=order))
    return groups


def _pupils(rng: random.Random, groups: list[SchoolGroup], count: int) -> list[Pupil]:
    pupils = []
    for index in range(count):
        group = groups[index % len(groups)]
        infix, last_name = rng.choice(demo.SURNAMES)
        pupils.append(
            Pupil(
                school=group.school,
                student_number=str(200000 + index),
                first_name=rng.choice(demo.FIRST_NAMES),
                infix=infix,
                last_name=last_name,
                group=group,
            )
        )
    return pupils


class Reference:
    """The protocol's reference lists, loaded as `manage.py load_protocol` does."""

    def __init__(self):
        protocol_data_load()
        self.forms = list(BullyingForm.objects.filter(is_active=True).order_by("order"))
        self.examples_of: dict[int, list[FormExample]] = defaultdict(list)
        for example in FormExample.objects.filter(is_active=True):
            self.examples_of[example.form_id].append(example)
        self.platforms = list(DigitalPlatform.objects.all())
        self.marks = list(BullyingMark.objects.all())
        self.actions_of: dict[str, list[SuggestedAction]] = defaultdict(list)
        for action in SuggestedAction.objects.all():
            self.actions_of[action.track].append(action)
        self.verbal = next(f for f in self.forms if f.code == FormCode.VERBAL)
        self.digital = next(f for f in self.forms if f.code == FormCode.DIGITAL)
