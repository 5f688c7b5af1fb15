"""Each sent application's entry in its round's ranking, kept by the database's triggers
(grants.RankingEntry), must always equal what its row, its scores and its decision say."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from grants.models import (
    AssessmentCriterion,
    Decision,
    GrantApplication,
    RankingEntry,
    Score,
)
from tests.factories import UserFactory
from tests.grants.factories import (
    CriterionFactory,
    GrantApplicationFactory,
    GrantRoundFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


def kept() -> dict[int, tuple]:
    return {
        entry.application_id: (
            entry.grant_round_id,
            entry.mean,
            entry.amount_requested,
            entry.decision_amount,
        )
        for entry in RankingEntry.objects.all()
    }


def worked_out() -> dict[int, tuple]:
    """Every application but drafts and withdrawn ones: its round, the weighted sum of its
    scores per reviewer who scored it, its amount applied for and its decision's amount."""
    hidden = [GrantApplication.Status.DRAFT, GrantApplication.Status.WITHDRAWN]
    entries = {}
    for application in GrantApplication.objects.exclude(status__in=hidden):
        scores = Score.objects.filter(application=application).select_related("criterion")
        reviewers = {score.reviewer_id for score in scores}
        weighted = sum(score.score * score.criterion.weight for score in scores)
        decision = Decision.objects.filter(application=application).first()
        entries[application.pk] = (
            application.grant_round_id,
            weighted / len(reviewers) if reviewers else None,
            application.amount_requested,
            decision.amount if decision else None,
        )
    return entries


def test_the_kept_entries_follow_every_kind_of_change():
    spring, autumn = GrantRoundFactory(), GrantRoundFactory()
    reach = CriterionFactory(grant_round=spring, weight=2)
    plan = CriterionFactory(grant_round=spring, weight=1)
    draft = GrantApplicationFactory(grant_round=spring, amount_requested=Decimal("800"))
    sent = GrantApplicationFactory(
        grant_round=spring, submitted=True, amount_requested=Decimal("1000")
    )
    assert kept() == worked_out() == {sent.pk: (spring.pk, None, Decimal("1000"), None)}

    # Sent, changed, moved to another round and back, withdrawn and sent again.
    draft.status, draft.submitted_at = GrantApplication.Status.SUBMITTED, timezone.now()
    draft.save()
    assert kept() == worked_out()
    draft.amount_requested = Decimal("750.50")
    draft.save()
    sent.grant_round = autumn
    sent.save()
    assert kept() == worked_out()
    assert kept()[draft.pk][2] == Decimal("750.50")
    assert kept()[sent.pk][0] == autumn.pk
    sent.grant_round = spring
    sent.save()
    draft.status = GrantApplication.Status.WITHDRAWN
    draft.save()
    assert kept() == worked_out()
    assert draft.pk not in kept()
    draft.status = GrantApplication.Status.IN_REVIEW
    draft.save()
    assert kept() == worked_out()

    # Scored by one reviewer, then a second; a score changed, moved and deleted.
    first, second = UserFactory(), UserFactory()
    ScoreFactory(reviewer=first, application=sent, criterion=reach, score=4)
    ScoreFactory(reviewer=first, application=sent, criterion=plan, score=3)
    assert kept() == worked_out()
    assert kept()[sent.pk][1] == 11  # 4 × 2 + 3 × 1, by one reviewer
    late = ScoreFactory(reviewer=second, application=sent, criterion=reach, score=1)
    assert kept() == worked_out()
    assert kept()[sent.pk][1] == 6.5  # (11 + 1 × 2) by two reviewers
    late.score = 5
    late.save()
    assert kept() == worked_out()
    Score.objects.filter(pk=late.pk).update(application=draft)
    assert kept() == worked_out()
    assert kept()[sent.pk][1] == 11
    assert kept()[draft.pk][1] == 10
    late.delete()
    assert kept() == worked_out()
    assert kept()[draft.pk][1] is None

    # A criterion's weight changed, and a criterion deleted with its scores.
    AssessmentCriterion.objects.filter(pk=reach.pk).update(weight=3)
    assert kept() == worked_out()
    assert kept()[sent.pk][1] == 15
    reach.delete()
    assert kept() == worked_out()
    assert kept()[sent.pk][1] == 3

    # Proposed, changed, moved to another application and deleted.
    decision = Decision.objects.create(
        application=sent, amount=Decimal("600"), reasons="Ehdotus", proposed_by=first
    )
    assert kept() == worked_out()
    assert kept()[sent.pk][3] == Decimal("600")
    decision.amount = Decimal("0")
    decision.save()
    assert kept() == worked_out()
    Decision.objects.filter(pk=decision.pk).update(application=draft)
    assert kept() == worked_out()
    assert kept()[sent.pk][3] is None
    assert kept()[draft.pk][3] == Decimal("0")
    Decision.objects.filter(pk=decision.pk).delete()
    assert kept() == worked_out()

    # Many at once: scores added in one statement, a round's applications withdrawn in one.
    Score.objects.bulk_create(
        Score(reviewer=reviewer, application=application, criterion=plan, score=2, rationale="")
        for reviewer in (first, second)
        for application in (draft, sent)
        if (reviewer, application) != (first, sent)
    )
    assert kept() == worked_out()
    assert kept()[draft.pk][1] == 2
    GrantApplication.objects.filter(grant_round=spring).update(
        status=GrantApplication.Status.WITHDRAWN
    )
    assert kept() == worked_out() == {}
    GrantApplication.objects.filter(grant_round=spring).update(
        status=GrantApplication.Status.IN_REVIEW
    )
    assert kept() == worked_out()

    # Saved unchanged, and deleted with its scores.
    sent.save()
    assert kept() == worked_out()
    sent.delete()
    assert kept() == worked_out()
    assert sent.pk not in kept()


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_scoring_one_application_at_once_are_both_counted():
    # The second reviewer's score is saved while the first one's transaction is still open;
    # the entry must count both once both are committed, not only the one saved last.
    criterion = CriterionFactory(weight=1)
    application = GrantApplicationFactory(grant_round=criterion.grant_round, in_review=True)
    first, second = UserFactory(), UserFactory()
    first_saved, second_started = threading.Event(), threading.Event()
    errors = []

    def score_first():
        try:
            with transaction.atomic():
                ScoreFactory(reviewer=first, application=application, criterion=criterion, score=5)
                first_saved.set()
                second_started.wait(timeout=10)
                # Long enough for the second score to reach the database before this commits.
                threading.Event().wait(0.5)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    def score_second():
        try:
            first_saved.wait(timeout=10)
            with transaction.atomic():
                second_started.set()
                ScoreFactory(reviewer=second, application=application, criterion=criterion, score=1)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=score_first), threading.Thread(target=score_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Score.objects.filter(application=application).count() == 2
    assert kept() == worked_out()
    assert kept()[application.pk][1] == 3  # (5 + 1) by two reviewers
