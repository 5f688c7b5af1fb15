"""Comparable figures from the standard use reports, per sector and year (council PDF, dashboard).

The year is the year of the grant decision. Only the reports an officer has accepted count in
the figures; submitted reports not yet checked are counted apart, and reports waiting for
completion are left out.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from grants.models import Decision, UseReport, UseReportEvent
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
