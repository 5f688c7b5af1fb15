import io

from django.urls import reverse

from facilities import demo
from facilities.models import SeasonApplication, SeasonRound, SeasonTurn
from tests.factories import AssociationFactory, UserFactory


def test_the_demo_makes_a_published_winter_and_an_open_summer_round_once(db, client):
    UserFactory(is_superuser=True)
    AssociationFactory.create_batch(30)

    demo.seed(stdout=io.StringIO())
    counts = (SeasonRound.objects.count(), SeasonTurn.objects.count())
    demo.seed(stdout=io.StringIO())

    assert (SeasonRound.objects.count(), SeasonTurn.objects.count()) == counts
    winter = SeasonRound.objects.get(status=SeasonRound.Status.PUBLISHED)
    summer = SeasonRound.objects.get(status=SeasonRound.Status.OPEN)
    assert SeasonTurn.objects.filter(need__application__season_round=winter).exists()
    assert not SeasonTurn.objects.filter(
        need__application__season_round=winter, series__isnull=True
    ).exists()
    assert SeasonApplication.objects.filter(season_round=summer).count() == 20
    page = client.get(reverse("facilities:season_round_list"))
    assert winter.name in page.text
    assert summer.name in page.text
