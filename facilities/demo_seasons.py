"""Demo seasonal rounds: a closed winter season with its allocation, an open summer round.

The winter round goes through the services as the officer would run it: applications, the
proposal, publishing (which books the turns from today to the season's end). The summer round
is open with twenty applications waiting for the allocation.
"""

from datetime import time, timedelta

from django.utils import timezone

from facilities.models import (
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    SeasonWish,
    Space,
)
from facilities.seasons import services
from organizations.models import Association, Membership
from portal.models import User

HALL_SLUGS = ["liikuntahalli-sali", "liikuntahalli-sali-a", "liikuntahalli-sali-b"]
WINTER, SUMMER = "Talvikauden vakiovuorot", "Kesäkauden vakiovuorot"
CRITERIA_TEXT = (
    "Lasten ja nuorten ohjattu toiminta ensin, sitten aktiivisten jäsenten määrä. Kunnassa "
    "toimivat seurat ennen muita; edellisen kauden käyttö otetaan huomioon."
)
# (group, age group, turns a week, minutes) for the clubs' needs, used in turn.
NEEDS = [
    ("U10 jalkapallo", SeasonNeed.AgeGroup.CHILDREN, 2, 60),
    ("U14 salibandy", SeasonNeed.AgeGroup.YOUTH, 2, 90),
    ("Naisten lentopallo", SeasonNeed.AgeGroup.ADULTS, 1, 90),
    ("Senioreiden tuolijumppa", SeasonNeed.AgeGroup.SENIORS, 1, 60),
    ("Perhesähly", SeasonNeed.AgeGroup.MIXED, 1, 60),
    ("U16 koripallo", SeasonNeed.AgeGroup.YOUTH, 2, 90),
]


def _applicant(association, office: User) -> User:
    """The association's representative; the office enters a club's paper application."""
    membership = (
        Membership.objects.approved().filter(association=association).select_related("user")
    ).first()
    return membership.user if membership else office


def _applications(season_round, associations, spaces, office, *, count: int) -> int:
    made = 0
    for index, association in enumerate(associations[:count]):
        applicant = _applicant(association, office)
        application = SeasonApplication.objects.create(
            season_round=season_round,
            association=association,
            created_by=applicant,
            active_members=15 + (index * 37) % 120,
            is_local=index % 7 != 6,
            had_turns_last_season=index % 3 == 0,
            notes="" if applicant != office else "Paperihakemus, kirjattu palvelupisteessä.",
            status=SeasonApplication.Status.SUBMITTED,
            submitted_at=timezone.now(),
            is_late=index == count - 1,
        )
        for offset in range(1 + index % 2):
            name, age, turns, minutes = NEEDS[(index + offset) % len(NEEDS)]
            need = SeasonNeed.objects.create(
                application=application,
                name=name,
                group_size=12 + index % 10,
                age_group=age,
                purpose="Ohjatut harjoitukset",
                turns_per_week=turns,
                turn_minutes=minutes,
            )
            first_hour = 16 + (index + offset) % 4
            SeasonWish.objects.bulk_create(
                SeasonWish(
                    need=need,
                    rank=rank,
                    space=spaces[(index + rank + offset) % len(spaces)],
                    weekday=(index + 2 * rank + offset) % 5,
                    starts_at=time(first_hour),
                    ends_at=time(min(first_hour + 3, 21)),
                )
                for rank in (1, 2, 3)
            )
        made += 1
    return made


def seed(*, stdout) -> None:
    """The two demo rounds over the sports hall, once; needs the demo associations."""
    spaces = list(Space.objects.filter(slug__in=HALL_SLUGS).order_by("slug"))
    associations = list(Association.objects.filter(is_verified=True).order_by("name"))
    office = (
        User.objects.filter(email="liikunta@esimerkkila.fi").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if len(spaces) < len(HALL_SLUGS) or len(associations) < 20 or office is None:
        stdout.write(" No seasonal rounds: they need the hall and 20 verified associations.")
        return
    if SeasonRound.objects.filter(name__in=[WINTER, SUMMER]).exists():
        stdout.write(" Seasonal rounds already made.")
        return
    today = timezone.localdate()
    winter = SeasonRound.objects.create(
        name=WINTER,
        season_starts_on=today - timedelta(days=90),
        season_ends_on=today + timedelta(days=150),
        applications_open_on=today - timedelta(days=160),
        applications_close_on=today - timedelta(days=120),
        give_up_until=today + timedelta(days=14),
        criteria=[SeasonRound.Criterion.YOUTH, SeasonRound.Criterion.MEMBERS],
        criteria_text=CRITERIA_TEXT,
        status=SeasonRound.Status.OPEN,
        created_by=office,
    )
    winter.spaces.set(spaces)
    _applications(winter, associations[20:], spaces, office, count=8)
    services.propose_turns(season_round=winter, by=office)
    result = services.publish_round(
        season_round=winter,
        refusal_reason="Toivotut ajat annettiin etusijajärjestyksessä muille ryhmille.",
        by=office,
    )
    summer = SeasonRound.objects.create(
        name=SUMMER,
        season_starts_on=today + timedelta(days=180),
        season_ends_on=today + timedelta(days=260),
        applications_open_on=today - timedelta(days=7),
        applications_close_on=today + timedelta(days=60),
        give_up_until=today + timedelta(days=190),
        criteria=[
            SeasonRound.Criterion.YOUTH,
            SeasonRound.Criterion.LOCAL,
            SeasonRound.Criterion.MEMBERS,
        ],
        criteria_text=CRITERIA_TEXT,
        notes="Kesällä sali on auki 8–21. Juhannusviikolla ei vuoroja.",
        status=SeasonRound.Status.OPEN,
        created_by=office,
    )
    summer.spaces.set(spaces)
    made = _applications(summer, associations, spaces, office, count=20)
    stdout.write(
        f" Seasonal rounds: winter published ({result.series} series, {result.bookings} "
        f"bookings), summer open with {made} applications."
    )
