"""Pages anyone can read: the open and upcoming rounds, and the grants awarded."""

import math
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import opendata, permissions
from grants.models import AssessmentCriterion, GrantRound
from portal import roles
from portal.caching import cached_for_anonymous
from portal.models import Sector

AWARDED_PAGE_SIZE = 50
# Only what the public register and the decision make public: no people, no contacts.
AWARDED_FIELDS = (
    "application_id",
    "amount",
    "decided_on",
    "application__title",
    "application__purpose_and_activities",
    "application__amount_requested",
    "application__association__name",
    "application__association__slug",
    "application__association__business_id",
    "application__association__is_listed",
    "application__grant_round_id",
    "application__grant_round__title",
    "application__grant_round__is_published",
    "application__grant_round__programme__name",
    "application__grant_round__programme__sector",
)


# A visitor's copy of the rounds page is kept this long at most; a round saved through the portal
# bumps the version sooner, and a copy never outlives the moment a listed round opens or closes.
ROUNDS_PAGE_SECONDS = 60


def rounds_page_seconds() -> int:
    """How long the rounds page stays true: until the next listed round opens or closes."""
    now = timezone.now()
    upcoming = GrantRound.objects.open_or_upcoming(now).filter(is_year_round=False)
    moments = upcoming.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    changes = [moment for moment in moments.values() if moment]
    if not changes:
        return ROUNDS_PAGE_SECONDS
    return max(1, min(ROUNDS_PAGE_SECONDS, math.ceil((min(changes) - now).total_seconds())))


@cached_for_anonymous(opendata.OPEN_DATA, "grants-rounds", rounds_page_seconds)
def round_list(request):
    """Open and upcoming rounds, the open ones first; visitors share a cached copy."""
    now = timezone.now()
    rounds = list(
        GrantRound.objects.open_or_upcoming(now)
        .select_related("programme__contact_official")
        .order_by("closes_at", "title")
    )
    return render(
        request,
        "grants/grantround_list.html",
        {
            "open_rounds": [r for r in rounds if r.is_open(now)],
            "upcoming_rounds": [r for r in rounds if r.is_upcoming(now)],
        },
    )


def round_detail(request, pk):
    """Instructions, criteria with weights, eligibility and the contact official of a round."""
    grant_round = get_object_or_404(
        GrantRound.objects.published()
        .select_related("programme__contact_official")
        .prefetch_related(
            Prefetch("criteria", queryset=AssessmentCriterion.objects.order_by("order", "pk"))
        ),
        pk=pk,
    )
    represented = roles.represented_association_ids(request.user)
    return render(
        request,
        "grants/grantround_detail.html",
        {
            "grant_round": grant_round,
            "can_apply": bool(represented) and grant_round.is_open(),
            "can_review": permissions.can_see_round_applications(request.user, grant_round),
            "my_applications": grant_round.applications.filter(
                association_id__in=represented
            ).select_related("association"),
        },
    )


def _awarded_filters(data, years: list[int]) -> tuple[int | None, str, list[str]]:
    """The year and sector asked for, the defaults instead of malformed ones, and why."""
    problems = []
    year = years[0] if years else None
    raw_year = data.get("vuosi", "").strip()
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        elif year is not None:
            problems.append(
                _("No grants were awarded in “%(asked)s”; showing %(year)s.")
                % {"asked": raw_year[:20], "year": year}
            )
    sector = data.get("toimiala", "").strip()
    if sector and sector not in Sector.values:
        problems.append(
            _("Unknown sector “%(asked)s”; showing all sectors.") % {"asked": sector[:40]}
        )
        sector = ""
    return year, sector, problems


def awarded_list(request):
    """The grants awarded in one year, optionally in one sector, with a total per sector."""
    years = [day.year for day in opendata.awarded().dates("decided_on", "year", order="DESC")]
    year, sector, problems = _awarded_filters(request.GET, years)
    in_year = (
        opendata.awarded().filter(decided_on__year=year) if year else opendata.awarded().none()
    )
    totals = list(
        in_year.values("application__grant_round__programme__sector")
        .annotate(grants=Count("pk"), total=Sum("amount"))
        .order_by("application__grant_round__programme__sector")
    )
    for row in totals:
        code = row["application__grant_round__programme__sector"]
        row.update(code=code, label=Sector(code).label)
    grants = (
        in_year.filter(application__grant_round__programme__sector=sector) if sector else in_year
    )
    paginator = Paginator(
        grants.order_by("-decided_on", "application__association__name", "pk").values(
            *AWARDED_FIELDS
        ),
        AWARDED_PAGE_SIZE,
    )
    raw_page = request.GET.get("page", "1")
    page_obj = paginator.get_page(raw_page)
    if raw_page not in ("", str(page_obj.number)):
        problems.append(
            _("There is no page “%(asked)s”; showing page %(page)s.")
            % {"asked": raw_page[:20], "page": page_obj.number}
        )
    for row in page_obj.object_list:
        row["sector_label"] = Sector(row["application__grant_round__programme__sector"]).label
    filters = {key: value for key, value in (("vuosi", year), ("toimiala", sector)) if value}
    return render(
        request,
        "grants/awarded_list.html",
        {
            "years": years,
            "year": year,
            "sector": sector,
            "sectors": Sector.choices,
            "totals": totals,
            "year_total": sum((row["total"] for row in totals), start=0),
            "page_obj": page_obj,
            "problems": problems,
            "query_without_page": urlencode(filters) + "&" if filters else "",
        },
    )


def awarded_detail(request, pk):
    """One awarded grant: its public facts only."""
    grant = get_object_or_404(opendata.awarded().values(*AWARDED_FIELDS), application_id=pk)
    grant["sector_label"] = Sector(grant["application__grant_round__programme__sector"]).label
    return render(request, "grants/awarded_detail.html", {"grant": grant})
