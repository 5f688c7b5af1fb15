"""Awarded grants as open data, shaped like the 360Giving Data Standard.

Only public data: the decision, the association's name and business ID, the programme, and the
figures of the use report. Extra fields beyond the standard start with `x_`:

    x_round              the grant round's title
    x_useReport          from the standard use report, when the municipality has accepted it:
                         participants, volunteerHours, totalCosts, grantUsed, municipalShare (%)
    x_refusals (package) decided applications that got 0 €: id, title, amountAppliedFor,
                         decisionDate, recipientOrganization, grantProgramme

Organisation ids are `FI-PRO-<Y-tunnus>` (the Finnish Patent and Registration Office's business
ID); an association without one gets a portal-specific 360G id. The 360G prefix is the setting
PORTAL_360GIVING_PREFIX. The beneficiary location is the municipality; its geoCode is Statistics
Finland's municipality number (PORTAL_MUNICIPALITY_CODE) with geoCodeType `MUN`, left out when the
setting is empty. Classifications use the portal's own lists: `<prefix>-sector` (the municipal
sector) and `<prefix>-grant-kind` (`open-call` or `year-round`). `url` is the grant's public page,
`dataSource` the page of awarded grants that lists it.
"""

import csv
import io
import json
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from grants.models import Decision, GrantApplication, Payment, UseReport, UseReportEvent
from organizations.services import register_version
from portal.caching import DataVersion
from portal.downloads import Download
from portal.links import Urls
from portal.models import Sector

# Decisions, payments, use reports and rounds bump it; recipients' names come from the register,
# whose version is part of every key too.
OPEN_DATA = DataVersion("grants:open-data-version")
# A safety net: a change the versions miss shows within this many seconds.
CACHE_SECONDS = 600

FIELDS = [
    "application_id",
    "application__title",
    "application__purpose_and_activities",
    "application__amount_requested",
    "amount",
    "decided_on",
    "application__association__name",
    "application__association__business_id",
    "application__association__slug",
    "application__grant_round__title",
    "application__grant_round__use_report_due_on",
    "application__grant_round__programme_id",
    "application__grant_round__programme__name",
    "application__grant_round__programme__sector",
    "application__grant_round__is_year_round",
    "application__updated_at",
    "application__use_report__status",
    "application__use_report__volunteer_hours",
    "application__use_report__total_costs",
    "application__use_report__grant_used",
]
CSV_COLUMNS = [
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "amountAppliedFor",
    "amountDisbursed",
    "awardDate",
    "plannedDates:startDate",
    "plannedDates:endDate",
    "recipientOrganization:id",
    "recipientOrganization:name",
    "fundingOrganization:id",
    "fundingOrganization:name",
    "grantProgramme:code",
    "grantProgramme:title",
    "fromOpenCall",
    "beneficiaryLocation:name",
    "beneficiaryLocation:countryCode",
    "beneficiaryLocation:geoCode",
    "beneficiaryLocation:geoCodeType",
    "classifications:0:vocabulary",
    "classifications:0:code",
    "classifications:0:title",
    "classifications:1:vocabulary",
    "classifications:1:code",
    "classifications:1:title",
    "url",
    "dataSource",
    "dateModified",
    "x_round",
    "x_useReport:participants",
    "x_useReport:volunteerHours",
    "x_useReport:totalCosts",
    "x_useReport:grantUsed",
    "x_useReport:municipalShare",
]


# The kind of grant, as the round takes applications.
GRANT_KINDS = {
    False: ("open-call", gettext_lazy("Application round")),
    True: ("year-round", gettext_lazy("Year-round")),
}


def _prefix() -> str:
    return settings.OPEN_DATA_360GIVING_PREFIX


def funding_organization() -> dict:
    return {"id": f"{_prefix()}-municipality", "name": settings.MUNICIPALITY_NAME}


def organization_id(business_id: str, slug: str) -> str:
    return f"FI-PRO-{business_id}" if business_id else f"{_prefix()}-association-{slug}"


def _decided():
    return Decision.objects.filter(decided_on__isnull=False).exclude(
        application__status=GrantApplication.Status.DECLINED
    )


def awarded():
    """The decisions that granted money and were not declined: what the public pages list."""
    return _decided().filter(amount__gt=0)


def awarded_ids():
    """The awarded decisions' ids, newest first, as awarded_rows() orders them."""
    return awarded().order_by("-decided_on", "pk").values_list("pk", flat=True)


def awarded_count_query():
    """awarded() written for counting: the declined applications left out by an anti-join,
    which hashes only the declined ones where the join of awarded() hashed every decision
    (two thirds of the time)."""
    declined = GrantApplication.objects.filter(
        pk=OuterRef("application_id"), status=GrantApplication.Status.DECLINED
    )
    return Decision.objects.filter(decided_on__isnull=False, amount__gt=0).filter(~Exists(declined))


def awarded_rows():
    """One dictionary of plain values per awarded grant, in one query."""
    disbursed = (
        Payment.objects.filter(decision=OuterRef("pk"), status=Payment.Status.PAID)
        .values("decision")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    participants = (
        UseReportEvent.objects.filter(report__application=OuterRef("application"))
        .values("report")
        .annotate(total=Sum("participants"))
        .values("total")
    )
    return (
        awarded()
        .annotate(disbursed=Subquery(disbursed), participants=Subquery(participants))
        .order_by("-decided_on", "pk")
        .values(*FIELDS, "disbursed", "participants")
    )


def refusal_rows():
    return _decided().filter(amount=0).order_by("-decided_on", "pk").values(*FIELDS[:13])


def _money(value) -> float:
    return float(value or Decimal(0))


def _use_report(row) -> dict | None:
    if row.get("application__use_report__status") != UseReport.Status.ACCEPTED:
        return None
    costs = row["application__use_report__total_costs"]
    used = row["application__use_report__grant_used"]
    return {
        "participants": row.get("participants") or 0,
        "volunteerHours": row["application__use_report__volunteer_hours"],
        "totalCosts": _money(costs),
        "grantUsed": _money(used),
        "municipalShare": float((used * 100 / costs).quantize(Decimal("0.1"))) if costs else None,
    }


def _planned_dates(row) -> dict:
    """From the decision to the use report's due date (the end of the use period)."""
    dates = {"startDate": row["decided_on"].isoformat()}
    if row["application__grant_round__use_report_due_on"]:
        dates["endDate"] = row["application__grant_round__use_report_due_on"].isoformat()
    return dates


def beneficiary_location() -> dict:
    """The municipality; the geoCode only when the municipality number is set."""
    location = {"name": settings.MUNICIPALITY_NAME, "countryCode": "FI"}
    if settings.MUNICIPALITY_CODE:
        location["geoCode"] = settings.MUNICIPALITY_CODE
        location["geoCodeType"] = "MUN"
    return location


class Shared:
    """What the grants of one list have in common, worked out once for all of them: the
    addresses of a grant and of the list (reversing them twice a grant took a fifth of a page
    of the API) and the classifications' titles in the current language."""

    def __init__(self):
        # The published data name one address whatever the language of the request.
        with translation.override(settings.LANGUAGE_CODE):
            self.grant_url = Urls("grants:awarded_detail")
            self.list_path = reverse("grants:awarded_list")
        self._sector_titles: dict[str, str] = {}
        self._kind_titles = {key: (code, str(title)) for key, (code, title) in GRANT_KINDS.items()}

    def url(self, application_id: int) -> str:
        return settings.SITE_URL + self.grant_url(application_id)

    def data_source(self, *, year: int, sector: str, application_id: int) -> str:
        query = urlencode({"vuosi": year, "toimiala": sector})
        return f"{settings.SITE_URL}{self.list_path}?{query}#grant-{application_id}"

    def sector_title(self, sector: str) -> str:
        title = self._sector_titles.get(sector)
        if title is None:
            title = self._sector_titles[sector] = str(Sector(sector).label)
        return title

    def kind(self, is_year_round: bool) -> tuple[str, str]:
        return self._kind_titles[is_year_round]


def _classifications(row, shared: Shared) -> list[dict]:
    sector = row["application__grant_round__programme__sector"]
    kind, kind_title = shared.kind(bool(row.get("application__grant_round__is_year_round")))
    return [
        {
            "vocabulary": f"{_prefix()}-sector",
            "code": sector,
            "title": shared.sector_title(sector),
        },
        {"vocabulary": f"{_prefix()}-grant-kind", "code": kind, "title": kind_title},
    ]


def to_360(row, shared: Shared | None = None) -> dict:
    """A grant in 360Giving's JSON shape; `shared` is what a list's grants have in common."""
    if shared is None:
        shared = Shared()
    grant = {
        "id": f"{_prefix()}-grant-{row['application_id']}",
        "title": row["application__title"],
        "description": row["application__purpose_and_activities"],
        "currency": "EUR",
        "amountAwarded": _money(row["amount"]),
        "amountAppliedFor": _money(row["application__amount_requested"]),
        "amountDisbursed": _money(row.get("disbursed")),
        "awardDate": row["decided_on"].isoformat(),
        "plannedDates": [_planned_dates(row)],
        "recipientOrganization": [
            {
                "id": organization_id(
                    row["application__association__business_id"],
                    row["application__association__slug"],
                ),
                "name": row["application__association__name"],
            }
        ],
        "fundingOrganization": [funding_organization()],
        "grantProgramme": [
            {
                "code": f"{_prefix()}-programme-{row['application__grant_round__programme_id']}",
                "title": row["application__grant_round__programme__name"],
            }
        ],
        "fromOpenCall": "Yes",
        "beneficiaryLocation": [beneficiary_location()],
        "classifications": _classifications(row, shared),
        "url": shared.url(row["application_id"]),
        "dataSource": shared.data_source(
            year=row["decided_on"].year,
            sector=row["application__grant_round__programme__sector"],
            application_id=row["application_id"],
        ),
        "dateModified": row["application__updated_at"].isoformat(timespec="seconds"),
        "x_round": row["application__grant_round__title"],
    }
    if "disbursed" in row:
        grant["x_useReport"] = _use_report(row)
    return grant


def _refusal(row) -> dict:
    return {
        "id": f"{_prefix()}-grant-{row['application_id']}",
        "title": row["application__title"],
        "amountAppliedFor": _money(row["application__amount_requested"]),
        "decisionDate": row["decided_on"].isoformat(),
        "recipientOrganization": [
            {
                "id": organization_id(
                    row["application__association__business_id"],
                    row["application__association__slug"],
                ),
                "name": row["application__association__name"],
            }
        ],
        "grantProgramme": [{"title": row["application__grant_round__programme__name"]}],
    }


def package() -> dict:
    """The whole 360Giving data package: awarded grants, and refusals as an extra list."""
    shared = Shared()
    return {
        "version": "1.4",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "publisher": {"name": settings.MUNICIPALITY_NAME, "website": settings.SITE_URL + "/"},
        "generated": timezone.now().isoformat(timespec="seconds"),
        "grants": [to_360(row, shared) for row in awarded_rows()],
        "x_refusals": [_refusal(row) for row in refusal_rows()],
    }


def _flat(grant: dict) -> list:
    report = grant.get("x_useReport") or {}
    location = grant["beneficiaryLocation"][0]
    sector, kind = grant["classifications"]
    return [
        grant["id"],
        grant["title"],
        grant["description"],
        grant["currency"],
        grant["amountAwarded"],
        grant["amountAppliedFor"],
        grant["amountDisbursed"],
        grant["awardDate"],
        grant["plannedDates"][0]["startDate"],
        grant["plannedDates"][0].get("endDate", ""),
        grant["recipientOrganization"][0]["id"],
        grant["recipientOrganization"][0]["name"],
        grant["fundingOrganization"][0]["id"],
        grant["fundingOrganization"][0]["name"],
        grant["grantProgramme"][0]["code"],
        grant["grantProgramme"][0]["title"],
        grant["fromOpenCall"],
        location["name"],
        location["countryCode"],
        location.get("geoCode", ""),
        location.get("geoCodeType", ""),
        sector["vocabulary"],
        sector["code"],
        sector["title"],
        kind["vocabulary"],
        kind["code"],
        kind["title"],
        grant["url"],
        grant["dataSource"],
        grant["dateModified"],
        grant["x_round"],
        report.get("participants", ""),
        report.get("volunteerHours", ""),
        report.get("totalCosts", ""),
        report.get("grantUsed", ""),
        report.get("municipalShare", ""),
    ]


def csv_text() -> str:
    """Awarded grants as CSV with 360Giving's field names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    shared = Shared()
    for row in awarded_rows():
        writer.writerow(_flat(to_360(row, shared)))
    return buffer.getvalue()


def json_bytes() -> bytes:
    return json.dumps(package(), cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def csv_bytes() -> bytes:
    return csv_text().encode()


def version() -> str:
    """The version of the downloads: the grants' and the register's (recipients' names)."""
    return f"{OPEN_DATA.current()}-{register_version()}"


JSON_DOWNLOAD = Download(
    key="grants-360giving.json",
    builder="grants.opendata.json_bytes",
    content_type="application/json",
)
CSV_DOWNLOAD = Download(
    key="grants-360giving.csv",
    builder="grants.opendata.csv_bytes",
    content_type="text/csv; charset=utf-8",
    as_attachment=True,
)


def cache_key(name: str) -> str:
    """A cache key that goes stale whenever the open data or the register change."""
    return f"grants:open-data:{name}:{OPEN_DATA.current()}:{register_version()}"


def cached(name: str, make):
    """The value cached under name, made (and cached) when missing or stale."""
    key = cache_key(name)
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, CACHE_SECONDS)
    return value
