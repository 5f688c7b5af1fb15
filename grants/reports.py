"""Comparable figures from the standard use reports, per sector and year (council PDF, dashboard).

The year is the year of the grant decision. Only the reports an officer has accepted count in
the figures; submitted reports not yet checked are counted apart, and reports waiting for
completion are left out.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from grants.models import (
    Decision,
    GrantApplication,
    GrantRound,
    Payment,
    UseReport,
    UseReportEvent,
)
from portal.models import Sector

COUNTED = [UseReport.Status.ACCEPTED]


def _sector(application_path: str):
    return F(f"{application_path}__grant_round__programme__sector")


@dataclass
class SectorYearFigures:
    sector: str
    year: int
    grants: int = 0
    granted: Decimal = Decimal(0)
    reports: int = 0
    unchecked_reports: int = 0
    participants: int = 0
    volunteer_hours: int = 0
    total_costs: Decimal = Decimal(0)
    grant_used: Decimal = Decimal(0)

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label)

    @property
    def municipal_share(self) -> Decimal | None:
        """The municipal grants' share of the reported total costs, in per cent."""
        if not self.total_costs:
            return None
        return (self.grant_used * 100 / self.total_costs).quantize(Decimal("0.1"))


def figures_by_sector_and_year(*, sectors=None) -> list[SectorYearFigures]:
    """Grants, euros, participants, volunteer hours and municipal share; three queries."""
    sector_filter = Q() if sectors is None else Q(sector__in=list(sectors))
    figures: dict[tuple[str, int], SectorYearFigures] = {}

    def row(sector, year):
        return figures.setdefault((sector, year), SectorYearFigures(sector=sector, year=year))

    decisions = (
        Decision.objects.filter(decided_on__isnull=False, amount__gt=0)
        .exclude(application__status="declined")
        .annotate(sector=_sector("application"), year=ExtractYear("decided_on"))
        .filter(sector_filter)
        .values("sector", "year")
        .annotate(grants=Count("pk"), granted=Sum("amount"))
    )
    for item in decisions:
        figure = row(item["sector"], item["year"])
        figure.grants = item["grants"]
        figure.granted = item["granted"]
    counted = Q(status__in=COUNTED)
    reports = (
        UseReport.objects.filter(counted | Q(status=UseReport.Status.SUBMITTED))
        .annotate(
            sector=_sector("application"),
            year=ExtractYear("application__decision__decided_on"),
        )
        .filter(sector_filter)
        .values("sector", "year")
        .annotate(
            reports=Count("pk", filter=counted),
            unchecked=Count("pk", filter=Q(status=UseReport.Status.SUBMITTED)),
            hours=Sum("volunteer_hours", filter=counted),
            costs=Sum("total_costs", filter=counted),
            used=Sum("grant_used", filter=counted),
        )
    )
    for report in reports:
        figure = row(report["sector"], report["year"])
        figure.reports = report["reports"]
        figure.unchecked_reports = report["unchecked"]
        figure.volunteer_hours = report["hours"] or 0
        figure.total_costs = report["costs"] or Decimal(0)
        figure.grant_used = report["used"] or Decimal(0)
    events = (
        UseReportEvent.objects.filter(report__status__in=COUNTED)
        .annotate(
            sector=_sector("report__application"),
            year=ExtractYear("report__application__decision__decided_on"),
        )
        .filter(sector_filter)
        .values("sector", "year")
        .annotate(participants=Sum("participants"))
    )
    for event in events:
        row(event["sector"], event["year"]).participants = event["participants"] or 0
    return sorted(figures.values(), key=lambda f: (-f.year, f.sector))


def council_section(*, years: int = 3, year: int | None = None) -> dict:
    """The grants section of the council's PDF: a table of one year, or of the latest years."""
    rows = figures_by_sector_and_year()
    if year is not None:
        latest = [year]
    else:
        latest = sorted({row.year for row in rows}, reverse=True)[:years]
    return {
        "title": _("Grants to associations"),
        "columns": [
            _("Year"),
            _("Sector"),
            _("Grants"),
            _("Granted (€)"),
            _("Participants"),
            _("Volunteer hours"),
            _("Municipal share (%)"),
        ],
        "rows": [
            [
                row.year,
                row.sector_label,
                row.grants,
                row.granted,
                row.participants,
                row.volunteer_hours,
                row.municipal_share,
            ]
            for row in rows
            if row.year in latest
        ],
    }


def _year_span(year: int):
    return date(year, 1, 1), date(year, 12, 31)


def years_with_data() -> set[int]:
    """The years in which grants were decided."""
    return set(
        Decision.objects.filter(decided_on__isnull=False)
        .annotate(year=ExtractYear("decided_on"))
        .values_list("year", flat=True)
        .distinct()
    )


def sector_year_table(year: int) -> list[dict]:
    """Applied, awarded, paid and declined per sector in one year, with the use reports' figures."""
    first, last = _year_span(year)
    table: dict[str, dict] = {
        value: {
            "sector": str(label),
            "applied": 0,
            "requested": Decimal(0),
            "awarded": 0,
            "granted": Decimal(0),
            "paid": Decimal(0),
            "declined": 0,
            "participants": 0,
            "volunteer_hours": 0,
            "municipal_share": None,
        }
        for value, label in Sector.choices
    }
    applied = (
        GrantApplication.objects.filter(submitted_at__date__range=(first, last))
        .values(sector=F("grant_round__programme__sector"))
        .annotate(count=Count("pk"), requested=Sum("amount_requested"))
        .order_by()
    )
    for applied_row in applied:
        table[applied_row["sector"]].update(
            applied=applied_row["count"], requested=applied_row["requested"] or 0
        )
    decided = (
        Decision.objects.filter(decided_on__range=(first, last))
        .values(sector=_sector("application"))
        .annotate(
            awarded=Count("pk", filter=Q(amount__gt=0) & ~Q(application__status="declined")),
            granted=Sum("amount", filter=Q(amount__gt=0) & ~Q(application__status="declined")),
            declined=Count("pk", filter=Q(application__status="declined")),
        )
        .order_by()
    )
    for decided_row in decided:
        table[decided_row["sector"]].update(
            awarded=decided_row["awarded"],
            granted=decided_row["granted"] or 0,
            declined=decided_row["declined"],
        )
    paid = (
        Payment.objects.filter(status=Payment.Status.PAID, paid_on__range=(first, last))
        .values(sector=_sector("decision__application"))
        .annotate(paid=Sum("amount"))
        .order_by()
    )
    for paid_row in paid:
        table[paid_row["sector"]]["paid"] = paid_row["paid"] or 0
    for figure in figures_by_sector_and_year():
        if figure.year == year:
            table[figure.sector].update(
                participants=figure.participants,
                volunteer_hours=figure.volunteer_hours,
                municipal_share=figure.municipal_share,
            )
    return [row for row in table.values() if row["applied"] or row["awarded"] or row["paid"]]


def annual_section(year: int):
    """The grants' section of the council's annual report."""
    from portal.council import Section

    rows = sector_year_table(year)
    return Section(
        anchor="grants",
        title=_("Grants to associations"),
        html=render_to_string(
            "grants/pdf/council_section.html",
            {
                "year": year,
                "rows": rows,
                "chart": [(row["sector"], row["granted"]) for row in rows],
            },
        ),
    )


def rounds_with_decisions():
    """The rounds with at least one decision made: those a council member may ask a report of."""
    return (
        GrantRound.objects.filter(
            Exists(
                Decision.objects.filter(
                    application__grant_round=OuterRef("pk"), decided_on__isnull=False
                )
            )
        )
        .select_related("programme")
        .order_by("-closes_at", "-pk")
    )


def round_sections(round_pk: int) -> list:
    """The report on one grant round's decisions: the totals and every decision."""
    from portal.council import Section

    grant_round = GrantRound.objects.select_related("programme").get(pk=round_pk)
    decisions = list(
        Decision.objects.filter(application__grant_round=grant_round, decided_on__isnull=False)
        .select_related("application__association")
        .order_by("application__association__name", "pk")
    )
    applied = grant_round.applications.exclude(status__in=["draft", "withdrawn"]).aggregate(
        count=Count("pk"), requested=Sum("amount_requested")
    )
    granted = [d for d in decisions if d.amount > 0 and d.application.status != "declined"]
    context = {
        "grant_round": grant_round,
        "decisions": decisions,
        "applied": applied["count"],
        "requested": applied["requested"] or Decimal(0),
        "awarded": len(granted),
        "granted": sum((d.amount for d in granted), Decimal(0)),
        "refused": sum(1 for d in decisions if d.amount == 0),
        "declined": sum(1 for d in decisions if d.application.status == "declined"),
    }
    return [
        Section(
            anchor="round-decisions",
            title=_("Decisions"),
            html=render_to_string("grants/pdf/round_section.html", context),
        )
    ]
