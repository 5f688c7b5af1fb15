"""Rows for the seasonal round tests: a round over the sports hall, applications and needs."""

from datetime import time, timedelta

from django.utils import timezone

from facilities.models import (
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    SeasonTurn,
    SeasonWish,
)
from portal.models import RoleGrant, Sector
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, with_totp

MON, TUE, WED, THU, FRI = range(5)


def season_start():
    """The Monday three weeks from now: the season lies wholly in the future."""
    today = timezone.localdate()
    return today + timedelta(days=21 - today.weekday())


def make_round(*, spaces, by, status=SeasonRound.Status.OPEN, **fields) -> SeasonRound:
    today = timezone.localdate()
    starts = season_start()
    values = {
        "name": "Talvikausi",
        "season_starts_on": starts,
        "season_ends_on": starts + timedelta(weeks=8, days=-1),
        "applications_open_on": today - timedelta(days=1),
        "applications_close_on": today + timedelta(days=7),
        "give_up_until": starts + timedelta(days=30),
        "criteria": [SeasonRound.Criterion.YOUTH, SeasonRound.Criterion.MEMBERS],
        "status": status,
        "created_by": by,
        **fields,
    }
    season_round = SeasonRound.objects.create(**values)
    season_round.spaces.set(spaces)
    return season_round


def make_application(
    season_round, association, *, by=None, members=10, late=False, submitted=True, **fields
) -> SeasonApplication:
    by = by or MembershipFactory(association=association).user
    return SeasonApplication.objects.create(
        season_round=season_round,
        association=association,
        created_by=by,
        active_members=members,
        status=SeasonApplication.Status.SUBMITTED if submitted else SeasonApplication.Status.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        is_late=late,
        **fields,
    )


def make_need(
    application, *, name="U12 jalkapallo", age=SeasonNeed.AgeGroup.CHILDREN, turns=1, minutes=90,
    wishes=(),
) -> SeasonNeed:  # fmt: skip
    """`wishes` are (space, weekday, "17:00", "19:00") in order of preference."""
    need = SeasonNeed.objects.create(
        application=application,
        name=name,
        group_size=15,
        age_group=age,
        purpose="Harjoitukset",
        turns_per_week=turns,
        turn_minutes=minutes,
    )
    for rank, (space, weekday, starts, ends) in enumerate(wishes, start=1):
        SeasonWish.objects.create(
            need=need,
            rank=rank,
            space=space,
            weekday=weekday,
            starts_at=time.fromisoformat(starts),
            ends_at=time.fromisoformat(ends),
        )
    return need


def make_turn(need, space, weekday, starts, ends, *, by) -> SeasonTurn:
    return SeasonTurn.objects.create(
        need=need,
        space=space,
        weekday=weekday,
        starts_at=time.fromisoformat(starts),
        ends_at=time.fromisoformat(ends),
        created_by=by,
    )


def sports_officer():
    user = UserFactory(email="liikunta@esimerkkila.fi")
    RoleGrantFactory(user=user, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.SPORTS)
    return with_totp(user)
