import datetime

import factory
from django.utils import timezone

from accounts.models import User
from cases.models import (
    Incident,
    Involvement,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    School,
    SchoolGroup,
    SchoolYear,
)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("name",)

    name = "Kindcentrum Mozaïek"
    city = "Helmond"


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026-2027"
    start_date = datetime.date(2026, 8, 17)
    end_date = datetime.date(2027, 7, 9)


class SchoolGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolGroup
        django_get_or_create = ("school", "name")

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"groep {n % 8 + 1}{chr(97 + n // 8)}")
    order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            from accounts.services import user_set_roles

            user_set_roles(user=self, roles=list(extracted))


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    student_number = factory.Sequence(lambda n: f"{100000 + n}")
    first_name = factory.Sequence(lambda n: f"Kind{n}")
    infix = ""
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    group = factory.SubFactory(SchoolGroupFactory, school=factory.SelfAttribute("..school"))


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    reported_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=3))
    registered_at = factory.LazyFunction(timezone.now)
    reporter_kind = ReporterKind.PUPIL
    location = Location.PLAYGROUND
    description = "Tijdens het buitenspelen werd een kind steeds uitgescholden."
    registered_by = factory.SubFactory(UserFactory)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    incident = factory.SubFactory(IncidentFactory)
    pupil = factory.SubFactory(PupilFactory)
    role = InvolvementRole.VICTIM


# The protocol's reference lists (the real rows come from `manage.py load_protocol`).
class BullyingFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protocol.BullyingForm"
        django_get_or_create = ("code",)

    code = "verbal"
    key = factory.LazyAttribute(lambda form: f"form-{form.code}")
    name = factory.LazyAttribute(
        lambda form: {
            "verbal": "Verbaal",
            "psychological": "Psychologisch",
            "physical": "Fysiek",
            "digital": "Digitaal",
        }.get(form.code, form.code)
    )
    order = factory.Sequence(lambda n: n)


class FormExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protocol.FormExample"

    form = factory.SubFactory(BullyingFormFactory)
    key = factory.Sequence(lambda n: f"example-{n}")
    text = factory.Sequence(lambda n: f"Voorbeeld {n}")
    order = factory.Sequence(lambda n: n)


class DigitalPlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protocol.DigitalPlatform"

    key = factory.Sequence(lambda n: f"platform-{n}")
    name = factory.Sequence(lambda n: f"Platform {n}")
    order = factory.Sequence(lambda n: n)


class BullyingMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protocol.BullyingMark"

    key = factory.Sequence(lambda n: f"mark-{n}")
    text = factory.Sequence(lambda n: f"Kenmerk {n}")
    order = factory.Sequence(lambda n: n)


class CaseFactory(factory.django.DjangoModelFactory):
    """A case as it stands after verification; the case services open real ones."""

    class Meta:
        model = "cases.Case"

    state = "step_1"
    opened_at = factory.LazyFunction(timezone.now)
    opened_by = factory.SubFactory(UserFactory)
