"""The audiences the officer chooses: sector, category, grant round, use reports, survey."""

from decimal import Decimal

import pytest
from django.utils import timezone

from communication import audiences
from communication.models import Message
from grants.models import GrantApplication, UseReport
from portal.models import Sector
from tests.communication.factories import MessageFactory
from tests.factories import AssociationFactory, CategoryFactory, UserFactory
from tests.grants.factories import (
    DecisionFactory,
    GrantApplicationFactory,
    GrantProgrammeFactory,
    GrantRoundFactory,
)


def _names(message: Message) -> set[str]:
    return set(audiences.associations_for(message).values_list("name", flat=True))


def test_all_means_every_listed_association(db):
    AssociationFactory(name="Näkyvä ry")
    AssociationFactory(name="Piilotettu ry", is_listed=False)

    assert _names(MessageFactory()) == {"Näkyvä ry"}


def test_a_category_reaches_its_associations_only(db):
    sports = CategoryFactory(name="Urheilu")
    AssociationFactory(name="Seura ry").categories.add(sports)
    AssociationFactory(name="Kuoro ry")

    message = MessageFactory(audience=Message.Audience.CATEGORY, category=sports)

    assert _names(message) == {"Seura ry"}


def test_a_sector_reaches_the_associations_that_applied_for_its_grants(db):
    sports_round = GrantRoundFactory(programme=GrantProgrammeFactory(sector=Sector.SPORTS))
    GrantApplicationFactory(
        grant_round=sports_round, association=AssociationFactory(name="Hakija ry"), submitted=True
    )
    GrantApplicationFactory(
        grant_round=sports_round, association=AssociationFactory(name="Luonnos ry")
    )
    GrantApplicationFactory(association=AssociationFactory(name="Kulttuuri ry"), submitted=True)

    message = MessageFactory(audience=Message.Audience.SECTOR, sector=Sector.SPORTS)

    assert _names(message) == {"Hakija ry"}


def test_a_round_reaches_the_associations_granted_in_it(db):
    grant_round = GrantRoundFactory(closed=True)
    for name, amount in (("Sai ry", Decimal("500")), ("Ei saanut ry", Decimal("0"))):
        DecisionFactory(
            application__grant_round=grant_round,
            application__association=AssociationFactory(name=name),
            amount=amount,
        )
    DecisionFactory(application__association=AssociationFactory(name="Muu kierros ry"))

    message = MessageFactory(audience=Message.Audience.ROUND, grant_round=grant_round)

    assert _names(message) == {"Sai ry"}


def test_no_use_report_reaches_those_granted_who_have_not_reported(db):
    owing = DecisionFactory(application__association=AssociationFactory(name="Velkaa ry"))
    reported = DecisionFactory(application__association=AssociationFactory(name="Raportoi ry"))
    UseReport.objects.create(
        application=reported.application,
        volunteer_hours=10,
        total_costs=Decimal("1000"),
        grant_used=Decimal("800"),
        narrative="Konsertti pidettiin.",
        submitted_by=UserFactory(),
    )

    message = MessageFactory(audience=Message.Audience.NO_USE_REPORT)

    assert _names(message) == {"Velkaa ry"}
    assert owing.application.status == GrantApplication.Status.DECIDED


def test_the_survey_audience_is_offered_only_when_the_portal_has_the_survey(db):
    choices = dict(audiences.audience_choices())

    assert (Message.Audience.NO_SURVEY in choices) == (
        audiences.survey_response_model() is not None
    )


@pytest.mark.skipif(
    audiences.survey_response_model() is None, reason="the portal has no yearly survey"
)
def test_no_survey_reaches_those_who_have_not_answered_this_years_survey(db):
    from tests.communication.survey import answered_survey

    year = timezone.localdate().year
    answered_survey(AssociationFactory(name="Vastasi ry"), year)
    AssociationFactory(name="Ei vastannut ry")

    message = MessageFactory(audience=Message.Audience.NO_SURVEY, survey_year=year)

    assert _names(message) == {"Ei vastannut ry"}
