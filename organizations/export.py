"""The register as a spreadsheet for the liaison officer, private contact details included."""

from django.contrib.postgres.aggregates import StringAgg
from django.utils.translation import gettext_lazy as _

from organizations.models import Association
from portal import exports

COLUMNS = [
    ("name", _("Name")),
    ("business_id", _("Business ID")),
    ("register_number", _("Register number")),
    ("domicile", _("Domicile")),
    ("category_names", _("Categories")),
    ("languages", _("Languages")),
    ("founded_year", _("Founding year")),
    ("member_count", _("Number of members")),
    ("public_email", _("Public e-mail")),
    ("public_phone", _("Public phone")),
    ("website", _("Website")),
    ("postal_address", _("Postal address")),
    ("contact_name", _("Contact person")),
    ("contact_email", _("Contact person's e-mail")),
    ("contact_phone", _("Contact person's phone")),
    ("is_listed", _("Listed")),
    ("is_verified", _("Verified")),
    ("slug", _("Address")),
]


def headers() -> list[str]:
    return [str(label) for _field, label in COLUMNS]


def rows():
    """One list of plain values per association, in one query."""
    queryset = (
        Association.objects.order_by("name", "pk")
        .annotate(category_names=StringAgg("categories__name", ", ", distinct=True, default=""))
        .values_list(*[field for field, _label in COLUMNS])
    )
    for row in queryset.iterator(chunk_size=2000):
        yield [", ".join(value) if isinstance(value, list) else value for value in row]


def _safe(value):
    """A cell starting with = + - @ would be a formula in a spreadsheet program (open data)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def to_csv(data) -> tuple[bytes, str]:
    return exports.to_csv(headers(), data), exports.CSV_CONTENT_TYPE


def to_xlsx(data) -> tuple[bytes, str]:
    content = exports.to_xlsx(headers(), data, sheet_title=str(_("Associations")))
    return content, exports.XLSX_CONTENT_TYPE


FORMATS = {"xlsx": to_xlsx, "csv": to_csv}
