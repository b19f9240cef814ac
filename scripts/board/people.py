"""Staff, groups and pupils of the board, and the protocol's reference lists."""

import random
from collections import defaultdict

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
from scripts.board.sizes import BENCH_GROUP, GROUP_WEIGHTS, GROUPS, OTHER_TEACHERS, Sizes, bulk


class People:
    """Staff, groups and pupils."""

    def __init__(self, rng: random.Random, sizes: Sizes, school: School):
        self.rng = rng
        password = make_password(None)  # nobody logs in with a password here
        roles_ensure()
        groups_by_role = {g.name: g for g in Group.objects.filter(name__in=Role.values)}

        self.groups = bulk(
            SchoolGroup, [SchoolGroup(school=school, name=n, order=o) for n, o in GROUPS]
        )
        staff: list[tuple[User, str]] = []

        def person(username: str, first: str, last: str, role: str) -> User:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@mozaiek.example",
                password=password,
            )
            staff.append((user, role))
            return user

        self.group_teachers = [
            person(f"leerkracht{o}", demo.FIRST_NAMES[o * 3], "Leerkracht", Role.TEACHER)
            for _, o in GROUPS
        ]
        # Teachers without a group of their own (gym, remedial teaching) also register.
        self.other_teachers = [
            person(f"vakleerkracht{i}", demo.FIRST_NAMES[40 + i], "Vakleerkracht", Role.TEACHER)
            for i in range(1, OTHER_TEACHERS + 1)
        ]
        self.ibs = [
            person("ib1", "Marieke", "Swinkels", Role.IB),
            person("ib2", "Ilse", "Coppens", Role.IB),
        ]
        self.directie = [person("directie", "Peter", "Aarts", Role.DIRECTIE)]
        self.coordinator = person("coordinator", "Femke", "Manders", Role.COORDINATOR)
        self.confidant = person("aanspreekpersoon", "Hugo", "Wijnen", Role.CONFIDANT)
        bulk(User, [user for user, _ in staff])
        User.groups.through.objects.bulk_create(
            [
                User.groups.through(user_id=user.pk, group_id=groups_by_role[role].pk)
                for user, role in staff
            ]
        )
        SchoolGroup.teachers.through.objects.bulk_create(
            [
                SchoolGroup.teachers.through(schoolgroup_id=group.pk, user_id=teacher.pk)
                for group, teacher in zip(self.groups, self.group_teachers, strict=True)
            ]
        )
        self.teacher_of = {
            group.pk: teacher.pk
            for group, teacher in zip(self.groups, self.group_teachers, strict=True)
        }
        self.bench_group = next(g for g in self.groups if g.name == BENCH_GROUP)
        self.bench_teacher = self.group_teachers[self.groups.index(self.bench_group)]

        pupils = []
        for index in range(sizes.pupils):
            group = self.groups[index % len(self.groups)]
            infix, last_name = rng.choice(demo.SURNAMES)
            pupils.append(
                Pupil(
                    school=school,
                    student_number=str(200000 + index),
                    first_name=rng.choice(demo.FIRST_NAMES),
                    infix=infix,
                    last_name=last_name,
                    group=group,
                )
            )
        self.pupils = bulk(Pupil, pupils)
        self.pupils_of: dict[int, list[Pupil]] = defaultdict(list)
        for pupil in self.pupils:
            self.pupils_of[pupil.group_id].append(pupil)
        self.teachers = self.group_teachers + self.other_teachers
        self.registrars = self.teachers + self.ibs

    def weighted_group(self) -> SchoolGroup:
        weights = [GROUP_WEIGHTS[g.order] for g in self.groups]
        (group,) = self.rng.choices(self.groups, weights=weights)
        return group

    def registrar_for(self, group: SchoolGroup) -> User:
        # Mostly the group's own teacher; sometimes a colleague on playground duty or the IB.
        if self.rng.random() < 0.7:
            return self.group_teachers[self.groups.index(group)]
        return self.rng.choice(self.registrars)


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
