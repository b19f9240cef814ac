"""Demo confidential reports for the demo school's aanspreekpersoon: a few reports as pupils,
a parent and a colleague would send them, one answered, one with a message after the answer.

Made through the confidential services. Their notices stay in the app (no email from a demo).
"""

from django.db import transaction

from accounts.models import Role, User
from confidential.models import ConfidantNotice, ConfidentialReport, NoticeEmail
from confidential.services import report_follow_up, report_reply, report_submit

REPORTS = [
    {
        "reporter_kind": "pupil",
        "is_anonymous": True,
        "message": "In de bus naar zwemmen lachen ze me elke week uit om mijn kleren. "
        "Ik durf het niet tegen de juf te zeggen.",
        "consent_to_forward": False,
        "reply": "Fijn dat je dit vertelt. Wil je met mij praten? Je mag ook een vriendin "
        "meenemen. Schrijf hier wanneer het je uitkomt.",
        "follow_up": "Ja, donderdag in de pauze.",
    },
    {
        "reporter_kind": "parent",
        "is_anonymous": False,
        "reporter_name": "Moeder van een leerling uit groep 6",
        "reporter_contact": "06-00000000",
        "message": "Mijn zoon wordt in een groepsapp van de klas buitengesloten. Ik weet niet "
        "of de leerkracht dit weet en wil eerst met iemand anders overleggen.",
        "consent_to_forward": True,
        "reply": "Dank u voor uw bericht. Ik bel u morgen na schooltijd om het te bespreken.",
    },
    {
        "reporter_kind": "staff",
        "is_anonymous": True,
        "message": "Ik maak me zorgen over hoe een collega in de teamkamer over een leerling "
        "praat. Ik wil graag weten wat ik hiermee kan.",
        "consent_to_forward": False,
    },
]


@transaction.atomic
def demo_reports_seed() -> int:
    """The demo reports, unless there are reports already; returns how many were made."""
    if ConfidentialReport.objects.exists():
        return 0
    confidant = (
        User.objects.filter(groups__name=Role.CONFIDANT, is_active=True).order_by("pk").first()
    )
    for values in REPORTS:
        values = dict(values)
        reply = values.pop("reply", "")
        follow_up = values.pop("follow_up", "")
        report, _code = report_submit(**values)
        if reply and confidant is not None:
            report_reply(report=report, by=confidant, body=reply)
        if follow_up:
            report_follow_up(report=report, body=follow_up)
    ConfidantNotice.objects.filter(email_status=NoticeEmail.PENDING).update(
        email_status=NoticeEmail.NOT_EMAILED
    )
    return len(REPORTS)
