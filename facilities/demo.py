"""Demo premises: the association house, a sports hall with two halves, a hut and a sauna.

Future bookings go through the services, as a representative would make them; the past half
of the season is written directly (the services refuse past times) so that the statistics
have something to show.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from facilities import demo_seasons, services
from facilities.models import (
    Booking,
    BookingRules,
    Lease,
    Occupancy,
    OpeningHours,
    Site,
    Space,
)
from organizations.models import Association, Membership
from portal import roles
from portal.models import User

SITES: list[dict[str, Any]] = [
    {
        "slug": "yhdistystalo",
        "name": "Yhdistystalo",
        "address": "Kirkkotie 4",
        "sector": "",
        "hours": (time(8), time(22)),
        "spaces": [
            ("yhdistystalo-kokoushuone", "Kokoushuone Aalto", Space.Type.MEETING_ROOM, 16, None),
            ("yhdistystalo-toimisto", "Toimistohuone", Space.Type.OFFICE, 4, None),
            ("yhdistystalo-varasto", "Varasto", Space.Type.STORAGE, 2, None),
        ],
    },
    {
        "slug": "liikuntahalli",
        "name": "Liikuntahalli",
        "address": "Urheilutie 2",
        "sector": "sports",
        "hours": (time(7), time(22)),
        "spaces": [
            ("liikuntahalli-sali", "Palloilusali", Space.Type.HALL, 120, None),
            ("liikuntahalli-sali-a", "Palloilusali, A-puoli", Space.Type.HALL, 60, "sali"),
            ("liikuntahalli-sali-b", "Palloilusali, B-puoli", Space.Type.HALL, 60, "sali"),
        ],
    },
    {
        "slug": "ulkoilukeskus",
        "name": "Ulkoilukeskus",
        "address": "Metsäpolku 10",
        "sector": "",
        "hours": (time(9), time(21)),
        "spaces": [("ulkoilukeskus-kota", "Laavukota", Space.Type.HUT, 25, None)],
    },
    {
        "slug": "uimaranta",
        "name": "Uimaranta",
        "address": "Rantatie 1",
        "sector": "",
        "hours": (time(12), time(22)),
        "spaces": [("uimaranta-sauna", "Rantasauna", Space.Type.SAUNA, 12, None)],
    },
]

FREE_OF_CHARGE = (
    "Maksuton, kun toiminta on yleishyödyllistä, osallistujille maksutonta tai kaikille avointa."
)


def _spaces(stdout) -> list[Space]:
    made = []
    for data in SITES:
        site, _created = Site.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "address": data["address"], "sector": data["sector"]},
        )
        if not site.opening_hours.exists():
            OpeningHours.objects.bulk_create(
                OpeningHours(
                    site=site,
                    weekday=weekday,
                    opens_at=data["hours"][0],
                    closes_at=data["hours"][1],
                )
                for weekday in range(7)
            )
        parents: dict[str, Space] = {}
        for slug, name, kind, capacity, parent in data["spaces"]:
            space, _created = Space.objects.get_or_create(
                slug=slug,
                defaults={
                    "site": site,
                    "parent": parents.get(parent),
                    "name": name,
                    "type": kind,
                    "capacity": capacity,
                    "step_free_access": kind != Space.Type.HUT,
                    "accessible_toilet": kind in (Space.Type.MEETING_ROOM, Space.Type.HALL),
                    "induction_loop": kind == Space.Type.MEETING_ROOM,
                    "free_of_charge_conditions": FREE_OF_CHARGE,
                    "use_rules": "Jätä tila siistiksi. Palauta avain lokeroon.",
                    "access_instructions": "Avain noudetaan kunnantalon palvelupisteestä.",
                },
            )
            parents[slug.rsplit("-", 1)[-1]] = space
            BookingRules.objects.get_or_create(
                space=space,
                defaults={
                    "requires_approval": kind not in (Space.Type.HALL,),
                    "max_days_ahead": 180,
                    "max_open_bookings": 30,
                    "buffer_minutes": 30 if kind == Space.Type.SAUNA else 0,
                    "max_length_minutes": 480,
                },
            )
            made.append(space)
    stdout.write(f"{len(made)} spaces, ")
    return made


def _past_booking(space, association, user, starts_at, hours, purpose) -> None:
    booking = Booking.objects.create(
        space=space,
        association=association,
        booked_by=user,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        purpose=purpose,
        expected_participants=min(space.capacity, 10),
        actual_participants=min(space.capacity, 8),
        is_public_benefit=True,
        status=Booking.Status.CONFIRMED,
    )
    Occupancy.objects.bulk_create(
        Occupancy(space_id=space_id, booking=booking, period=(booking.starts_at, booking.ends_at))
        for space_id in sorted([space.pk, *space.descendant_ids()])
    )


def _leases(spaces: list[Space], stdout) -> None:
    """Two long-term room holders: the association house's office and its storage room."""
    from facilities import leases

    officer = User.objects.filter(is_superuser=True).first()
    holders = list(Association.objects.filter(is_verified=True).order_by("pk")[1:3])
    if Lease.objects.exists() or officer is None or len(holders) < 2:
        stdout.write("no new long-term uses.")
        return
    by_slug = {space.slug: space for space in spaces}
    today = timezone.localdate()
    periods = [
        (today.replace(month=1, day=1), today.replace(month=12, day=31)),
        (today - timedelta(days=120), today + timedelta(days=245)),
    ]
    for slug, association, (starts_on, ends_on), keys in zip(
        ["yhdistystalo-toimisto", "yhdistystalo-varasto"],
        holders,
        periods,
        ["1 × ulko-ovi, 1 × toimisto", "1 × varasto"],
        strict=True,
    ):
        try:
            leases.create_lease(
                space=by_slug[slug],
                association=association,
                starts_on=starts_on,
                ends_on=ends_on,
                contract_signed_on=starts_on - timedelta(days=14),
                key_handed_over_on=starts_on,
                keys=keys,
                by=officer,
            )
        except ValidationError as error:
            stdout.write(f"{slug}: {error.messages[0]}")
    stdout.write(f"{Lease.objects.count()} long-term uses.")


def seed(*, stdout) -> None:
    """Make the demo premises and a season of bookings for the existing associations."""
    spaces = _spaces(stdout)
    _leases(spaces, stdout)
    associations = list(Association.objects.filter(is_verified=True).order_by("pk")[:6])
    if not associations:
        stdout.write("no verified associations, no bookings.")
        return
    if Booking.objects.filter(space__in=spaces).exists():
        stdout.write("bookings already made.")
        demo_seasons.seed(stdout=stdout)
        return
    officer = User.objects.filter(is_superuser=True).first()
    by_slug = {space.slug: space for space in spaces}
    today = timezone.localdate()
    made = 0
    for index, association in enumerate(associations):
        membership = (
            Membership.objects.approved().filter(association=association).select_related("user")
        ).first()
        if membership is None:
            continue
        rep = membership.user
        roles.forget(rep)
        space = [
            by_slug["yhdistystalo-kokoushuone"],
            by_slug["liikuntahalli-sali-a"],
            by_slug["liikuntahalli-sali-b"],
            by_slug["uimaranta-sauna"],
            by_slug["ulkoilukeskus-kota"],
            by_slug["liikuntahalli-sali"],
        ][index % 6]
        start_hour = 17 + index % 3
        for week in range(1, 9):
            day = today - timedelta(weeks=week)
            starts_at = timezone.make_aware(datetime.combine(day, time(start_hour)))
            _past_booking(space, association, rep, starts_at, 2, "Viikkotoiminta")
            made += 1
        try:
            series, _skipped = services.book_series(
                space=space,
                association=association,
                starts_on=today + timedelta(days=1 + index),
                ends_on=today + timedelta(weeks=12),
                interval_weeks=1 + index % 2,
                starts=time(start_hour),
                ends=time(start_hour + 2),
                purpose="Viikkotoiminta",
                expected_participants=min(space.capacity, 10),
                is_public_benefit=True,
                is_open_to_all=True,
                by=rep,
            )
            made += series.bookings.count()
        except ValidationError:
            pass
        try:
            booking = services.book_space(
                space=by_slug["yhdistystalo-kokoushuone"],
                association=association,
                starts_at=timezone.make_aware(
                    datetime.combine(today + timedelta(days=10 + index), time(12))
                ),
                ends_at=timezone.make_aware(
                    datetime.combine(today + timedelta(days=10 + index), time(14))
                ),
                purpose="Hallituksen kokous",
                expected_participants=8,
                is_public_benefit=True,
                by=rep,
            )
            made += 1
            if officer is not None and index % 2:
                services.confirm_booking(booking=booking, by=officer)
        except ValidationError:
            pass
    stdout.write(f"{made} bookings.")
    demo_seasons.seed(stdout=stdout)
