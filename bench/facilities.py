"""The space week calendar and the "free at this time" search over 50 spaces, 20,000 bookings."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from bench import Scenario

SPACES = 50
BOOKINGS = 20_000
PREFIX = "bench-tila"


def prepare(*, stdout) -> list[Scenario]:
    from facilities.models import (
        Booking,
        BookingRules,
        Occupancy,
        OpeningHours,
        Site,
        Space,
    )
    from organizations.models import Association
    from portal.models import User

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    scenarios = [
        Scenario("facilities: space week calendar", f"/tilat/tila/{PREFIX}-0/?week={monday}"),
        Scenario(
            "facilities: free at a time",
            f"/tilat/?free_on={today + timedelta(days=1)}&free_from=10:00&duration=60",
        ),
    ]
    if Space.objects.filter(slug__startswith=PREFIX).count() >= SPACES:
        stdout.write("already prepared")
        return scenarios

    user, _created = User.objects.get_or_create(email="bench-tilat@example.fi")
    association, _created = Association.objects.get_or_create(
        slug="bench-tilat-ry",
        defaults={"name": "Bench Tilat ry", "is_verified": True},
    )
    sites = [
        Site.objects.get_or_create(slug=f"{PREFIX}-kohde-{n}", defaults={"name": f"Kohde {n}"})[0]
        for n in range(10)
    ]
    OpeningHours.objects.bulk_create(
        OpeningHours(site=site, weekday=weekday, opens_at=time(7), closes_at=time(23))
        for site in sites
        for weekday in range(7)
    )
    spaces = Space.objects.bulk_create(
        Space(
            site=sites[n % len(sites)],
            name=f"Tila {n}",
            slug=slugify(f"{PREFIX}-{n}"),
            type="meeting_room",
            capacity=10 + n,
        )
        for n in range(SPACES)
    )
    BookingRules.objects.bulk_create(BookingRules(space=space) for space in spaces)
    # 400 bookings a space: four one-hour bookings a day, 100 days around today.
    per_space = BOOKINGS // SPACES
    first_day = today - timedelta(days=50)
    rows = []
    for space in spaces:
        for index in range(per_space):
            day = first_day + timedelta(days=index // 4)
            starts_at = timezone.make_aware(datetime.combine(day, time(8 + 3 * (index % 4))))
            rows.append(
                Booking(
                    space=space,
                    association=association,
                    booked_by=user,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=1),
                    purpose="Kokous",
                    expected_participants=5,
                    is_public_benefit=True,
                    status=Booking.Status.CONFIRMED,
                )
            )
    bookings = Booking.objects.bulk_create(rows, batch_size=2000)
    Occupancy.objects.bulk_create(
        (
            Occupancy(
                space_id=booking.space_id,
                booking=booking,
                period=(booking.starts_at, booking.ends_at),
            )
            for booking in bookings
        ),
        batch_size=2000,
    )
    stdout.write(f"{len(spaces)} spaces, {len(bookings)} bookings")
    return scenarios
