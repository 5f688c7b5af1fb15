from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from grants.models import BudgetLine, Decision, GrantApplication, GrantRound, Score, UseReport
from tests.grants.factories import (
    DecisionFactory,
    GrantApplicationFactory,
    GrantProgrammeFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


def test_an_association_applies_only_once_per_round(application):
    with pytest.raises(IntegrityError):
        GrantApplicationFactory(
            grant_round=application.grant_round, association=application.association
        )


def test_a_budget_line_cannot_be_negative(application):
    with pytest.raises(IntegrityError):
        BudgetLine.objects.create(
            application=application, category="other", description="x", amount=Decimal("-1")
        )


def test_a_score_must_be_from_0_to_5():
    score = ScoreFactory()

    score.score = 6

    with pytest.raises(IntegrityError):
        score.save()


def test_an_application_has_only_one_decision():
    decision = DecisionFactory()

    with pytest.raises(IntegrityError):
        Decision.objects.create(
            application=decision.application, amount=0, proposed_by=decision.proposed_by
        )


def test_a_round_is_either_year_round_or_has_a_period():
    programme = GrantProgrammeFactory()

    with pytest.raises(IntegrityError):
        GrantRound.objects.create(
            programme=programme,
            title="x",
            instructions="x",
            budget=1,
            max_amount=1,
            opens_at=timezone.now(),
            closes_at=timezone.now() - timedelta(days=1),
        )


def test_self_financing_share_is_the_part_of_costs_not_covered_by_grants(application):
    application.amount_requested = Decimal("1000")
    application.other_grants = Decimal("200")

    share = application.self_financing_share

    assert share == Decimal("20.0")


def test_municipal_share_is_the_grant_used_of_total_costs():
    report = UseReport(total_costs=Decimal("2000"), grant_used=Decimal("500"))

    assert report.municipal_share == Decimal("25.0")


def test_a_use_report_cannot_use_more_grant_than_it_cost():
    decision = DecisionFactory()

    with pytest.raises(IntegrityError):
        UseReport.objects.create(
            application=decision.application,
            volunteer_hours=1,
            total_costs=Decimal("100"),
            grant_used=Decimal("200"),
            narrative="x",
            submitted_by=decision.proposed_by,
        )


def test_a_submitted_application_has_a_submission_time(application):
    application.status = GrantApplication.Status.SUBMITTED

    with pytest.raises(IntegrityError):
        application.save()


def test_scores_are_unique_per_reviewer_and_criterion():
    score = ScoreFactory()

    with pytest.raises(IntegrityError):
        Score.objects.create(
            reviewer=score.reviewer,
            application=score.application,
            criterion=score.criterion,
            score=1,
            rationale="x",
        )
