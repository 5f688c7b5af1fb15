"""Factories for grant rows; the shared ones (users, associations) are in tests/factories.py."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import (
    AssessmentCriterion,
    BudgetLine,
    Decision,
    ExtraQuestion,
    GrantApplication,
    GrantProgramme,
    GrantRound,
    Score,
)
from portal.models import Sector
from tests.factories import AssociationFactory, UserFactory


class GrantProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProgramme

    sector = Sector.CULTURE
    name = factory.Sequence(lambda n: f"Kulttuuriavustukset {n}")
    description = "Avustuksia yhdistysten kulttuuritoimintaan."
    contact_official = factory.SubFactory(UserFactory)


class GrantRoundFactory(factory.django.DjangoModelFactory):
    """An open, published round by default."""

    class Meta:
        model = GrantRound

    programme = factory.SubFactory(GrantProgrammeFactory)
    title = factory.Sequence(lambda n: f"Kohdeavustukset {n}")
    instructions = "Hae avustusta yhdistyksen tapahtumiin. Kerro mitä teette ja kenelle."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    budget = Decimal("10000.00")
    min_amount = Decimal("100.00")
    max_amount = Decimal("3000.00")
    requires_previous_use_report = True
    is_published = True

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=5)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=30)),
        )
        year_round = factory.Trait(is_year_round=True, opens_at=None, closes_at=None)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentCriterion

    grant_round = factory.SubFactory(GrantRoundFactory)
    name = factory.Sequence(lambda n: f"Kriteeri {n}")
    description = "Kuinka hyvin toiminta tavoittaa kuntalaisia."
    weight = 1


class ExtraQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraQuestion

    grant_round = factory.SubFactory(GrantRoundFactory)
    text = "Miten toiminta on esteetöntä?"


class GrantApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with the standard fields filled and one budget line."""

    class Meta:
        model = GrantApplication
        skip_postgeneration_save = True

    grant_round = factory.SubFactory(GrantRoundFactory)
    association = factory.SubFactory(AssociationFactory)
    created_by = factory.SubFactory(UserFactory)
    title = "Kesäkonsertti"
    purpose_and_activities = "Järjestämme kesäkonsertin kylätalolla."
    target_groups = "Kaikenikäiset kuntalaiset"
    planned_events = "Konsertti heinäkuussa"
    expected_participants = 120
    planned_volunteer_hours = 80
    amount_requested = Decimal("1000.00")

    class Params:
        submitted = factory.Trait(
            status=GrantApplication.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        in_review = factory.Trait(
            status=GrantApplication.Status.IN_REVIEW,
            submitted_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def costs(self, create, extracted, **kwargs):
        """One budget line; `costs=False` leaves the budget empty."""
        if create and extracted is not False:
            BudgetLine.objects.create(
                application=self,
                category=BudgetLine.Category.FEES,
                description="Esiintyjien palkkiot",
                amount=extracted if extracted is not None else Decimal("1500.00"),
            )


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.SubFactory(
        GrantApplicationFactory,
        status=GrantApplication.Status.DECIDED,
        submitted_at=factory.LazyFunction(timezone.now),
    )
    amount = Decimal("800.00")
    reasons = "Avustus myönnetään osittain määrärahan riittämiseksi."
    proposed_by = factory.SubFactory(UserFactory)
    decided_by = factory.SelfAttribute("proposed_by")
    decided_on = factory.LazyFunction(timezone.localdate)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    reviewer = factory.SubFactory(UserFactory)
    application = factory.SubFactory(GrantApplicationFactory, in_review=True)
    criterion = factory.SubFactory(
        CriterionFactory, grant_round=factory.SelfAttribute("..application.grant_round")
    )
    score = 4
    rationale = "Hyvä suunnitelma."
