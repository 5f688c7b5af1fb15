"""The applications waiting for a decision per round, kept by the database's triggers
(grants.WaitingCount), must always equal a count of the applications as they stand."""

from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from grants.models import Decision, GrantApplication, WaitingCount
from tests.factories import AssociationFactory, UserFactory
from tests.grants.factories import DecisionFactory, GrantApplicationFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db


def kept() -> dict[int, int]:
    return dict(WaitingCount.objects.values_list("grant_round_id", "count"))


def counted() -> dict[int, int]:
    """Sent or in review, with no decision made."""
    made = Decision.objects.filter(application=OuterRef("pk"), decided_on__isnull=False)
    waiting = GrantApplication.objects.filter(
        status__in=[GrantApplication.Status.SUBMITTED, GrantApplication.Status.IN_REVIEW]
    ).exclude(Exists(made))
    counts: dict[int, int] = {}
    for round_id in waiting.values_list("grant_round_id", flat=True):
        counts[round_id] = counts.get(round_id, 0) + 1
    return counts


def decide(decision: Decision) -> None:
    decision.decided_by, decision.decided_on = decision.proposed_by, timezone.localdate()
    decision.save()


def test_the_kept_counts_follow_every_kind_of_change():
    spring, autumn = GrantRoundFactory(), GrantRoundFactory()
    sent = GrantApplicationFactory(grant_round=spring, submitted=True)
    reviewed = GrantApplicationFactory(grant_round=spring, in_review=True)
    GrantApplicationFactory(grant_round=spring)  # a draft waits for no one
    other = GrantApplicationFactory(grant_round=autumn, in_review=True)
    assert kept() == counted() == {spring.pk: 2, autumn.pk: 1}

    # A proposal is not a decision; deciding takes it off, as the service does: the decision
    # first, then the status.
    proposal = Decision.objects.create(
        application=reviewed, amount=Decimal("500"), reasons="Ehdotus", proposed_by=sent.created_by
    )
    assert kept() == counted() == {spring.pk: 2, autumn.pk: 1}
    decide(proposal)
    assert kept() == counted() == {spring.pk: 1, autumn.pk: 1}
    reviewed.status = GrantApplication.Status.DECIDED
    reviewed.save()
    assert kept() == counted()

    # A decision taken back, moved to another application, deleted.
    proposal.decided_on = proposal.decided_by = None
    proposal.save()
    reviewed.status = GrantApplication.Status.IN_REVIEW
    reviewed.save()
    assert kept() == counted() == {spring.pk: 2, autumn.pk: 1}
    decide(proposal)
    Decision.objects.filter(pk=proposal.pk).update(application=other)
    assert kept() == counted() == {spring.pk: 2}
    Decision.objects.filter(pk=proposal.pk).delete()
    assert kept() == counted() == {spring.pk: 2, autumn.pk: 1}

    # Moved to another round, withdrawn, saved unchanged, deleted after its proposal.
    sent.grant_round = autumn
    sent.save()
    assert kept() == counted() == {spring.pk: 1, autumn.pk: 2}
    other.status = GrantApplication.Status.WITHDRAWN
    other.save()
    sent.save()
    assert kept() == counted() == {spring.pk: 1, autumn.pk: 1}
    DecisionFactory(application=reviewed, decided_on=None, decided_by=None).delete()
    reviewed.delete()
    assert kept() == counted() == {autumn.pk: 1}

    # The last waiting application gone, its round has no count left.
    GrantApplication.objects.filter(grant_round=autumn).delete()
    autumn.delete()
    assert kept() == counted() == {}


def test_bulk_created_and_updated_applications_are_counted():
    grant_round, applicant = GrantRoundFactory(), UserFactory()
    GrantApplication.objects.bulk_create(
        GrantApplication(
            grant_round=grant_round,
            association=association,
            created_by=applicant,
            title="Sama hanke",
            amount_requested=Decimal("100"),
            status=GrantApplication.Status.IN_REVIEW,
            submitted_at=timezone.now(),
        )
        for association in AssociationFactory.create_batch(20)
    )
    assert kept() == counted() == {grant_round.pk: 20}

    GrantApplication.objects.filter(grant_round=grant_round).update(
        status=GrantApplication.Status.WITHDRAWN
    )
    assert kept() == counted() == {}
