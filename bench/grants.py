"""Grants benchmark: the public open-data export of 5,000 awarded grants and the API.

The ranking of a round with 500 applications (round "Bench ranking") is loaded as the general
sector's officer, signed in with a second factor, and so is one of ten times as many (round
"Bench ranking, 5,000"), whose 4,500 further applicants are not listed in the register.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.mfa.models import Authenticator
from django.db import transaction

from bench import Scenario
from grants.models import (
    AssessmentCriterion,
    Decision,
    GrantApplication,
    GrantProgramme,
    GrantRound,
    Score,
)
from organizations.models import Association
from portal.models import RoleGrant, Sector, User

ASSOCIATIONS = 500
ROUNDS = 10
# The ranking at ten times the round's applications.
BIG_RANKING = 5_000
HELSINKI = ZoneInfo("Europe/Helsinki")
OFFICIAL = "bench-grants@example.invalid"


def _bench_associations(prefix: str, count: int, name: str, **fields) -> list[Association]:
    """`count` associations with slugs `prefix`0, 1, …, created when missing, in key order."""
    existing = set(
        Association.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
    )
    Association.objects.bulk_create(
        Association(name=name.format(n=n), slug=f"{prefix}{n}", domicile="Esimerkkilä", **fields)
        for n in range(count)
        if f"{prefix}{n}" not in existing
    )
    return list(Association.objects.filter(slug__startswith=prefix).order_by("pk"))


def _associations() -> list[Association]:
    return _bench_associations(
        "bench-grants-", ASSOCIATIONS, "Penkkiyhdistys {n} ry", is_verified=True
    )


def _big_ranking_associations() -> list[Association]:
    """The 500 applicants and 4,500 more, unlisted, so that the register's figures stay."""
    more = _bench_associations(
        "bench-ranking-", BIG_RANKING - ASSOCIATIONS, "Hakijayhdistys {n} ry", is_listed=False
    )
    return _associations() + more


@transaction.atomic
def _prepare(stdout) -> None:
    official, _created = User.objects.get_or_create(
        email=OFFICIAL, defaults={"first_name": "Bench"}
    )
    programme, _created = GrantProgramme.objects.get_or_create(
        sector=Sector.GENERAL, name="Bench grants", defaults={"contact_official": official}
    )
    if Decision.objects.filter(application__grant_round__programme=programme).count() >= (
        ASSOCIATIONS * ROUNDS
    ):
        stdout.write("grants: bench data exists")
        return
    associations = _associations()
    for number in range(ROUNDS):
        year = 2015 + number
        grant_round, _created = GrantRound.objects.get_or_create(
            programme=programme,
            title=f"Bench round {year}",
            defaults={
                "instructions": "Bench",
                "opens_at": datetime(year, 1, 1, tzinfo=HELSINKI),
                "closes_at": datetime(year, 2, 1, tzinfo=HELSINKI),
                "budget": Decimal("500000"),
                "max_amount": Decimal("5000"),
                "is_published": True,
            },
        )
        if grant_round.applications.exists():
            continue
        submitted = datetime(year, 1, 20, tzinfo=HELSINKI)
        applications = GrantApplication.objects.bulk_create(
            GrantApplication(
                grant_round=grant_round,
                association=association,
                title=f"Toiminta {year}",
                purpose_and_activities="Viikoittainen toiminta ja tapahtumat.",
                amount_requested=Decimal(1000 + index % 40 * 100),
                status=GrantApplication.Status.DECIDED,
                submitted_at=submitted,
                created_by=official,
            )
            for index, association in enumerate(associations)
        )
        Decision.objects.bulk_create(
            Decision(
                application=application,
                amount=application.amount_requested,
                proposed_by=official,
                decided_by=official,
                decided_on=date(year, 3, 1),
            )
            for application in applications
        )
    stdout.write(f"grants: {ASSOCIATIONS * ROUNDS} awarded grants")
    _ranking_round(programme, official, associations)


@transaction.atomic
def _big_ranking(programme, official) -> GrantRound:
    title = "Bench ranking, 5,000"
    existing = GrantRound.objects.filter(programme=programme, title=title).first()
    if existing is not None:
        return existing
    return _ranking_round(programme, official, _big_ranking_associations(), title)


def _officer() -> User:
    """The general sector's officer, with a second factor, who reads the ranking."""
    official, _created = User.objects.get_or_create(
        email=OFFICIAL, defaults={"first_name": "Bench"}
    )
    RoleGrant.objects.get_or_create(
        user=official, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.GENERAL
    )
    Authenticator.objects.get_or_create(
        user=official, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH"}}
    )
    return official


def _ranking_round(programme, official, associations, title="Bench ranking") -> GrantRound:
    closes = datetime.now(HELSINKI) - timedelta(days=1)
    grant_round, created = GrantRound.objects.get_or_create(
        programme=programme,
        title=title,
        defaults={
            "instructions": "Bench",
            "opens_at": closes - timedelta(days=30),
            "closes_at": closes,
            "budget": Decimal("100000"),
            "max_amount": Decimal("5000"),
            "is_published": False,
        },
    )
    if not created:
        return grant_round
    criteria = AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(grant_round=grant_round, name=f"Criterion {n}", weight=n + 1)
        for n in range(3)
    )
    applications = GrantApplication.objects.bulk_create(
        GrantApplication(
            grant_round=grant_round,
            association=association,
            title="Ranking",
            amount_requested=Decimal(500 + index % 4000),
            status=GrantApplication.Status.IN_REVIEW,
            submitted_at=closes,
            created_by=official,
        )
        for index, association in enumerate(associations)
    )
    Score.objects.bulk_create(
        Score(
            reviewer=official,
            application=application,
            criterion=criterion,
            score=(application.pk + criterion.pk) % 6,
            rationale="Bench",
        )
        for application in applications
        for criterion in criteria
    )
    return grant_round


def prepare(*, stdout) -> list[Scenario]:
    _prepare(stdout)
    official = _officer()
    ranking = GrantRound.objects.get(title="Bench ranking")
    big_ranking = _big_ranking(ranking.programme, official)
    # Browsers ask for compressed downloads; the stored files are served gzipped then.
    compressed = (("Accept-Encoding", "gzip, deflate, br"),)
    # A download's version lives in the cache: with every read missing, each request would be a
    # new version and a new build, a state the portal is never in, so it has no uncached target.
    return [
        Scenario(
            name="grants ranking (500 applications)",
            path=f"/avustukset/haut/{ranking.pk}/hakemukset/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=OFFICIAL,
        ),
        Scenario(
            name="grants ranking (5,000 applications)",
            path=f"/avustukset/haut/{big_ranking.pk}/hakemukset/",
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            user_email=OFFICIAL,
        ),
        Scenario(
            name="grants open data JSON (5,000 grants)",
            path="/avustukset/avoin-data/avustukset.json",
            uncached_min_ratio=None,
            headers=compressed,
        ),
        Scenario(
            name="grants open data CSV (5,000 grants)",
            path="/avustukset/avoin-data/avustukset.csv",
            uncached_min_ratio=None,
            headers=compressed,
        ),
        Scenario(name="grants API page", path="/api/v1/grants/"),
        Scenario(name="grant rounds", path="/avustukset/"),
    ]
