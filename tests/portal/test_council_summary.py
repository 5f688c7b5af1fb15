import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_council_member_reads_the_years_summary_with_register_figures(client_for, council_member):
    sports = CategoryFactory(name="Liikunta ja urheilu", slug="liikunta")
    for _ in range(3):
        AssociationFactory().categories.add(sports)
    year = timezone.localdate().year

    response = client_for(council_member).get(reverse("portal:council_summary_pdf", args=[year]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert f"Yhdistysyhteistyö {year}" in text
    assert "Yhdistysrekisterissä on 3 yhdistystä" in text
    assert re.search(r"Liikunta ja urheilu\s+3\n", text)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("association_rep", 403),
        ("sector_officer", 403),
        ("council_member", 200),
        ("liaison_officer", 200),
    ],
)
def test_only_council_members_and_the_officer_read_the_summaries(
    request, client_for, who, expected
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    year = timezone.localdate().year

    assert client_for(user).get(reverse("portal:council_summary")).status_code == expected
    pdf_url = reverse("portal:council_summary_pdf", args=[year])
    assert client_for(user).get(pdf_url).status_code == expected


@pytest.mark.parametrize("year", [1999, 2019, 3000])
def test_summary_of_a_year_without_figures_is_not_found(client_for, council_member, year):
    response = client_for(council_member).get(f"/valtuusto/{year}.pdf")

    assert response.status_code == 404
