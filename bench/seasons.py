"""Seasonal rounds: the allocation grid of a hall with 60 applications, and the proposal for a
round of 10 spaces and 150 needs (its time and queries are printed when the bench prepares)."""

import time as clock
from datetime import time, timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import Scenario

PREFIX = "bench-kausi"
OFFICER = "bench-kausi@example.fi"
GRID_APPLICATIONS = 60
PROPOSAL_SPACES = 10
PROPOSAL_NEEDS = 150


def _officer():
    from allauth.mfa.models import Authenticator

    from portal.models import RoleGrant, User

    officer, _created = User.objects.get_or_create(email=OFFICER, defaults={"first_name": "Bench"})
    RoleGrant.objects.get_or_create(user=officer, role=RoleGrant.Role.LIAISON_OFFICER)
    Authenticator.objects.get_or_create(
        user=officer, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH"}}
    )
    return officer


def _round(name, spaces, officer):
    from facilities.models import SeasonRound

    today = timezone.localdate()
    season_round, created = SeasonRound.objects.get_or_create(
        name=name,
        defaults={
            "season_starts_on": today + timedelta(days=400),
            "season_ends_on": today + timedelta(days=500),
            "applications_open_on": today - timedelta(days=10),
            "applications_close_on": today + timedelta(days=10),
            "give_up_until": today + timedelta(days=410),
            "criteria": ["youth", "members", "local"],
            "status": SeasonRound.Status.OPEN,
            "created_by": officer,
        },
    )
    if created:
        season_round.spaces.set(spaces)
    return season_round, created


def _applications(season_round, spaces, count, officer, start_index):
    """`count` applications of one need each, with three wished times over the spaces."""
    from facilities.models import SeasonApplication, SeasonNeed, SeasonWish
    from organizations.models import Association

    associations = Association.objects.bulk_create(
        Association(name=f"Bench Kausi {start_index + n} ry", slug=f"{PREFIX}-{start_index + n}",
                    is_verified=True)
        for n in range(count)
    )  # fmt: skip
    applications = SeasonApplication.objects.bulk_create(
        SeasonApplication(
            season_round=season_round, association=association, created_by=officer,
            active_members=10 + n * 7 % 90, is_local=n % 5 != 0,
            status=SeasonApplication.Status.SUBMITTED, submitted_at=timezone.now(),
        )
        for n, association in enumerate(associations)
    )  # fmt: skip
    ages = [age for age, _label in SeasonNeed.AgeGroup.choices]
    needs = SeasonNeed.objects.bulk_create(
        SeasonNeed(
            application=application, name=f"Ryhmä {n}", group_size=15, age_group=ages[n % 5],
            purpose="Harjoitukset", turns_per_week=1 + n % 2, turn_minutes=60 + 30 * (n % 2),
        )
        for n, application in enumerate(applications)
    )  # fmt: skip
    SeasonWish.objects.bulk_create(
        SeasonWish(
            need=need, rank=rank, space=spaces[(n + rank) % len(spaces)],
            weekday=(n + 2 * rank) % 7, starts_at=time(16 + (n + rank) % 3),
            ends_at=time(20 + (n + rank) % 2),
        )
        for n, need in enumerate(needs)
        for rank in (1, 2, 3)
    )  # fmt: skip


def _spaces(officer):
    from facilities.models import BookingRules, OpeningHours, Site, Space

    site, _created = Site.objects.get_or_create(
        slug=f"{PREFIX}-halli", defaults={"name": "Bench Kausi", "sector": "sports"}
    )
    if not site.opening_hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(site=site, weekday=day, opens_at=time(7), closes_at=time(22))
            for day in range(7)
        )
    spaces = []
    for n in range(PROPOSAL_SPACES + 1):
        space, created = Space.objects.get_or_create(
            slug=f"{PREFIX}-tila-{n}",
            defaults={"site": site, "name": f"Sali {n}", "type": "hall", "capacity": 60},
        )
        if created:
            BookingRules.objects.create(space=space, requires_approval=False)
        spaces.append(space)
    return spaces[0], spaces[1:]


def prepare(*, stdout) -> list[Scenario]:
    from facilities.models import SeasonTurn
    from facilities.seasons import allocation, services

    officer = _officer()
    grid_space, proposal_spaces = _spaces(officer)
    grid_round, created = _round("Bench kausi: ruudukko", [grid_space], officer)
    if created:
        _applications(grid_round, [grid_space], GRID_APPLICATIONS, officer, 0)
        services.propose_turns(season_round=grid_round, by=officer)
    proposal_round, created = _round("Bench kausi: ehdotus", proposal_spaces, officer)
    if created:
        _applications(proposal_round, proposal_spaces, PROPOSAL_NEEDS, officer, 1000)

    # The proposal is measured on every run: the previous run's turns are removed first.
    SeasonTurn.objects.filter(need__application__season_round=proposal_round).delete()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        started = clock.monotonic()
        turns = services.propose_turns(season_round=proposal_round, by=officer)
        seconds = clock.monotonic() - started
    with CaptureQueriesContext(connection) as grid_queries:
        board = allocation.load_board(grid_round)
        allocation.week_grid(board, grid_space)
        allocation.fairness(board)
    stdout.write(
        f"proposal for {PROPOSAL_SPACES} spaces × {PROPOSAL_NEEDS} needs: {len(turns)} turns in "
        f"{seconds:.2f} s, {len(queries)} queries; grid of {GRID_APPLICATIONS} applications: "
        f"{len(grid_queries)} queries"
    )
    return [
        Scenario(
            name=f"seasons: allocation grid ({GRID_APPLICATIONS} applications)",
            path=f"/tilat/kausivaraus/{grid_round.pk}/jako/?tila={grid_space.pk}",
            # The back office's bar; the page is rendered afresh each time (no cache).
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            max_p95_ms=100.0,
            user_email=OFFICER,
        ),
        Scenario(
            name="seasons: public round page",
            path=f"/tilat/kausivaraus/{proposal_round.pk}/",
        ),
    ]
