"""The public register as open data (CSV and JSON, CC BY 4.0), built once per register version.

Only what the public association page shows: never the private contact person, never who
represents the association. The CSV is semicolon-separated UTF-8 with a byte order mark, so
that a spreadsheet program set to Finnish opens it as it is.
"""

import csv
import io
import json

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from organizations.export import _safe
from organizations.models import ActivityLanguage, Association
from organizations.services import register_version
from portal.downloads import CC_BY_4, Download, serve

# Public fields, in the order of the association's page.
FIELDS = [
    "name",
    "business_id",
    "register_number",
    "domicile",
    "purpose_fi",
    "purpose_sv",
    "purpose_en",
    "activities",
    "how_to_join",
    "accessibility",
    "founded_year",
    "member_count",
    "public_email",
    "public_phone",
    "postal_address",
    "website",
    "facebook",
    "instagram",
    "other_social",
    "is_verified",
]
CSV_COLUMNS = [*FIELDS[:4], "categories", "targetGroups", "languages", *FIELDS[4:], "url"]
CSV_COLUMNS += ["dateModified"]


def rows() -> list[dict]:
    """One dictionary per listed association, in one query."""
    queryset = (
        Association.objects.listed()
        .order_by("name", "pk")
        .annotate(
            category_names=StringAgg("categories__name", "|", distinct=True, default=""),
            target_group_names=StringAgg("target_groups__name", "|", distinct=True, default=""),
        )
        .values(*FIELDS, "slug", "languages", "updated_at", "category_names", "target_group_names")
    )
    result = []
    for row in queryset.iterator(chunk_size=2000):
        slug = row.pop("slug")
        categories = row.pop("category_names")
        groups = row.pop("target_group_names")
        result.append(
            {
                **row,
                "categories": sorted(categories.split("|")) if categories else [],
                "targetGroups": sorted(groups.split("|")) if groups else [],
                "languages": [str(ActivityLanguage(code).label) for code in row["languages"]],
                "url": settings.SITE_URL
                + reverse("organizations:association_detail", kwargs={"slug": slug}),
                "dateModified": row.pop("updated_at").isoformat(timespec="seconds"),
            }
        )
    return result


def json_bytes() -> bytes:
    associations = rows()
    modified = Association.objects.listed().aggregate(latest=Max("updated_at"))["latest"]
    document = {
        "title": f"{settings.MUNICIPALITY_NAME}: associations",
        "publisher": {"name": settings.MUNICIPALITY_NAME, "website": settings.SITE_URL + "/"},
        "license": CC_BY_4,
        "licenseName": "CC BY 4.0",
        "generated": timezone.now().isoformat(timespec="seconds"),
        "dateModified": modified.isoformat(timespec="seconds") if modified else None,
        "associations": associations,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def csv_bytes() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for row in rows():
        values = [
            ", ".join(row[column]) if isinstance(row[column], list) else row[column]
            for column in CSV_COLUMNS
        ]
        writer.writerow([_safe(value) for value in values])
    # Excel opens a UTF-8 file with a byte order mark as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def version() -> str:
    return str(register_version())


_LICENSE_NOTE = {"X-License": "CC BY 4.0"}
JSON_DOWNLOAD = Download(
    key="yhdistykset.json",
    builder="organizations.opendata.json_bytes",
    content_type="application/json",
    extra_headers=_LICENSE_NOTE,
)
CSV_DOWNLOAD = Download(
    key="yhdistykset.csv",
    builder="organizations.opendata.csv_bytes",
    content_type="text/csv; charset=utf-8",
    as_attachment=True,
    extra_headers=_LICENSE_NOTE,
)


def register_json(request):
    """The public register as JSON."""
    return serve(request, JSON_DOWNLOAD, version)


def register_csv(request):
    """The public register as CSV for a spreadsheet program."""
    return serve(request, CSV_DOWNLOAD, version)
