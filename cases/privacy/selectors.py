"""What the privacy pages read: the policies with their confirmation and last run, and the
staff per role."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from cases.models import RetentionConfirmation, RetentionRun
from cases.privacy.policies import Policy, policies


@dataclass
class PolicyState:
    policy: Policy
    confirmation: RetentionConfirmation | None
    last_run: RetentionRun | None
    preview: dict[str, int] | None = None


def policy_states() -> list[PolicyState]:
    """Every policy with its confirmation and its latest run (two queries)."""
    confirmations = {
        c.policy: c for c in RetentionConfirmation.objects.select_related("confirmed_by")
    }
    newest = RetentionRun.objects.filter(policy=OuterRef("policy")).order_by("-ran_at", "-pk")
    latest = {
        run.policy: run for run in RetentionRun.objects.filter(pk=Subquery(newest.values("pk")[:1]))
    }
    return [
        PolicyState(policy, confirmations.get(policy.key), latest.get(policy.key))
        for policy in policies()
    ]


def staff_per_role() -> dict[str, int]:
    """How many active staff hold each role (one query)."""
    return dict(
        Group.objects.annotate(
            active=Count("user", filter=Q(user__is_active=True), distinct=True)
        ).values_list("name", "active")
    )


def count_labels() -> dict[str, Any]:
    return {
        "pupils": _("pupils anonymised"),
        "incident_texts": _("incidents whose free text is removed"),
        "attachments": _("attachments removed"),
        "case_texts": _("case records whose free text is removed"),
        "pupil_texts": _("signals and comments whose text is removed"),
        "accesses": _("access log entries deleted"),
        "logins": _("login records deleted"),
        "failed_logins": _("failed login records deleted"),
        "reports": _("confidential reports emptied"),
    }
