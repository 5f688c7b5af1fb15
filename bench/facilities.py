"""The premises' pages over 50 spaces and 22,000 bookings.

Public: the space week calendar and the "free at this time" search. Signed in: the officer's
booking queue with 200 requests (a sector officer) and with 2,000 (the liaison officer), the
representative's bookings page (an association with 22,000 bookings) and the utilisation page.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from bench import Scenario

SPACES = 50
BOOKINGS = 20_000
PREFIX = "bench-tila"
PENDING = 2_000
PENDING_PURPOSE = "Jonossa"
LIAISON_OFFICER = "bench-tilat-yhdyshenkilo@example.fi"
SECTOR_OFFICER = "bench-tilat-liikunta@example.fi"
REPRESENTATIVE = "bench-tilat@example.fi"


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
    scenarios += [
        Scenario(
            "facilities: booking queue, 200 pending (sector officer)",
            "/tilat/jono/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=SECTOR_OFFICER,
        ),
        Scenario(
            "facilities: booking queue, 2,000 pending (liaison officer)",
            "/tilat/jono/?sort=time&page=3",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=LIAISON_OFFICER,
        ),
        Scenario(
            "facilities: our bookings (22,000 bookings)",
            "/tilat/varaukset/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=REPRESENTATIVE,
        ),
        Scenario(
            "facilities: utilisation per space",
            "/tilat/tilastot/kayttoaste/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=LIAISON_OFFICER,
        ),
    ]
    if Space.objects.filter(slug__startswith=PREFIX).count() >= SPACES:
        _signed_in(stdout)
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
    _signed_in(stdout)
    return scenarios


def _signed_in(stdout) -> None:
    """The officers, the representative and the 2,000 requests of the signed-in pages."""
    from allauth.mfa.models import Authenticator

    from facilities.models import Booking, BookingSeries, Occupancy, Site, Space
    from organizations.models import Association, Membership
    from portal.models import RoleGrant, Sector, User

    officers = [
        (LIAISON_OFFICER, {"role": RoleGrant.Role.LIAISON_OFFICER}),
        (SECTOR_OFFICER, {"role": RoleGrant.Role.SECTOR_OFFICER, "sector": Sector.SPORTS}),
    ]
    for email, grant in officers:
        officer, _created = User.objects.get_or_create(email=email)
        RoleGrant.objects.get_or_create(user=officer, **grant)
        Authenticator.objects.get_or_create(
            user=officer, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH"}}
        )
    association = Association.objects.get(slug="bench-tilat-ry")
    user = User.objects.get(email=REPRESENTATIVE)
    Membership.objects.get_or_create(
        user=user,
        association=association,
        defaults={"role": Membership.Role.CHAIR, "status": Membership.Status.APPROVED},
    )
    if Booking.objects.filter(purpose=PENDING_PURPOSE).exists():
        return
    # The sports sector holds every tenth space: 200 of the 2,000 requests.
    Site.objects.filter(slug=f"{PREFIX}-kohde-0").update(sector=Sector.SPORTS)
    today = timezone.localdate()
    rows = []
    for space in Space.objects.filter(slug__startswith=PREFIX).order_by("pk"):
        # The first ten requests of each space are one weekly series waiting as a whole.
        series = BookingSeries.objects.create(
            space=space,
            association=association,
            booked_by=user,
            starts_on=today + timedelta(days=1),
            ends_on=today + timedelta(days=10),
            starts_at=time(20),
            ends_at=time(21),
            purpose=PENDING_PURPOSE,
        )
        for index in range(PENDING // SPACES):
            starts_at = timezone.make_aware(
                datetime.combine(today + timedelta(days=1 + index), time(20))
            )
            rows.append(
                Booking(
                    space=space,
                    association=association,
                    booked_by=user,
                    series=series if index < 10 else None,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=1),
                    purpose=PENDING_PURPOSE,
                    expected_participants=5,
                    is_public_benefit=True,
                    status=Booking.Status.PENDING,
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
    stdout.write(f"{len(bookings)} requests waiting")
