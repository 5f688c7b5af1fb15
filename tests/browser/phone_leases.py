"""Long-term use of rooms and utilisation at phone widths (see test_phone_widths.py)."""

from datetime import timedelta

from django.utils import timezone

from facilities import leases
from facilities.models import Space
from tests.facilities.factories import SiteFactory, SpaceFactory, open_every_day

# Pages that only take a POST (a GET goes back to the lease), and a download.
NOT_PAGES = {
    "facilities:lease_edit",
    "facilities:lease_renew",
    "facilities:lease_end",
    "facilities:utilisation_export",
}

LONG_NAME = "Yhdistystoimintaavustushakemuskäsittelyjärjestelmäkehittämisprojektivarasto"


def phone_data(data) -> dict:
    site = SiteFactory(name="Yhdistystalo", slug="yhdistystalo-puhelin")
    open_every_day(site)
    office = SpaceFactory(
        site=site, name=LONG_NAME, slug="toimisto-puhelin", type=Space.Type.OFFICE
    )
    today = timezone.localdate()
    lease = leases.create_lease(
        space=office,
        association=data["association"],
        starts_on=today,
        ends_on=today + timedelta(days=364),
        contract_signed_on=today,
        key_handed_over_on=today,
        keys=f"2 × avain 14, {LONG_NAME}",
        notes=LONG_NAME,
        by=data["officer"],
    )
    return {"lease": lease}


def journeys(data, own) -> list:
    lease = {"pk": own["lease"].pk}
    return [
        ("officer", "facilities:lease_list", {}, ""),
        ("officer", "facilities:lease_create", {}, ""),
        ("officer", "facilities:lease_detail", lease, ""),
        ("rep", "facilities:lease_detail", lease, ""),
        ("officer", "facilities:utilisation", {}, "?by=month"),
    ]
