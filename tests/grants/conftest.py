import pytest

from grants.models import AssessmentCriterion
from tests.grants.factories import GrantApplicationFactory, GrantProgrammeFactory, GrantRoundFactory


@pytest.fixture
def culture_round(sector_officer):
    """An open culture round run by the culture officer, with two weighted criteria."""
    programme = GrantProgrammeFactory(contact_official=sector_officer, name="Kulttuuriavustukset")
    grant_round = GrantRoundFactory(programme=programme, title="Kulttuurin kohdeavustukset 2026")
    AssessmentCriterion.objects.create(grant_round=grant_round, name="Vaikuttavuus", weight=2)
    AssessmentCriterion.objects.create(grant_round=grant_round, name="Toteutettavuus", weight=1)
    return grant_round


@pytest.fixture
def application(culture_round, association, association_rep):
    """A draft of the association that association_rep represents."""
    return GrantApplicationFactory(
        grant_round=culture_round, association=association, created_by=association_rep
    )


@pytest.fixture
def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
