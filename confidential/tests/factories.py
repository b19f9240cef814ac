import factory
from django.utils import timezone

from confidential.codes import generate_code, lookup_hash, verifier_hash
from confidential.models import ConfidentialReport, ReporterKind, ReportMessage


class ConfidentialReportFactory(factory.django.DjangoModelFactory):
    """A stored report; its code is kept on the instance as `_code` for the tests only."""

    class Meta:
        model = ConfidentialReport
        exclude = ("code",)

    code = factory.LazyFunction(generate_code)
    reporter_kind = ReporterKind.PUPIL
    is_anonymous = True
    message = "In de pauze word ik steeds uitgelachen bij het voetbalveld."
    consent_to_forward = False
    created_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)
    code_lookup = factory.LazyAttribute(lambda report: lookup_hash(report.code))
    code_hash = factory.LazyAttribute(lambda report: verifier_hash(report.code))


class ReportMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportMessage

    report = factory.SubFactory(ConfidentialReportFactory)
    author_kind = "reporter"
    body = "Het gebeurde vandaag weer."
