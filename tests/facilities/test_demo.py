import io

from django.utils import timezone

from facilities import demo
from facilities.models import Booking, BookingSeries, Site, Space
from tests.factories import MembershipFactory


def test_demo_makes_the_premises_and_a_season_of_bookings_once(db):
    MembershipFactory()
    MembershipFactory()

    demo.seed(stdout=io.StringIO())
    counts = (Site.objects.count(), Space.objects.count(), Booking.objects.count())
    demo.seed(stdout=io.StringIO())

    assert (Site.objects.count(), Space.objects.count(), Booking.objects.count()) == counts
    half = Space.objects.select_related("parent").get(slug="liikuntahalli-sali-a")
    assert half.parent is not None
    assert half.parent.slug == "liikuntahalli-sali"
    assert BookingSeries.objects.count() == 2
    assert Booking.objects.filter(
        starts_at__lt=timezone.now(), actual_participants__isnull=False
    ).exists()
    assert counts[2] > 20


def test_demo_without_associations_makes_only_the_premises(db):
    out = io.StringIO()

    demo.seed(stdout=out)

    assert Space.objects.count() == 8
    assert not Booking.objects.exists()
