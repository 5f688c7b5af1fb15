import io

import pytest

from grants import demo
from grants.models import Decision, GrantApplication, GrantRound, UseReport
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_needs_associations():
    out = io.StringIO()

    demo.seed(stdout=out)

    assert not GrantRound.objects.exists()


def test_the_demo_makes_past_open_and_year_round_rounds_once(sector_officer):
    AssociationFactory.create_batch(10)

    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    assert GrantRound.objects.count() == 4
    assert GrantRound.objects.filter(is_year_round=True).count() == 1
    assert Decision.objects.count() == 8
    assert UseReport.objects.count() == 6
    assert GrantApplication.objects.filter(status="draft").count() == 2
