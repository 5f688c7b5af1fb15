import pytest

from portal.privacy import personal_data
from tests.factories import TargetGroupFactory
from tests.wellbeing.round_factories import (
    InputAnswerFactory,
    InputRoundFactory,
    QuotationFactory,
    ReachedFactory,
)
from wellbeing import reports

pytestmark = pytest.mark.django_db


def test_the_annual_section_counts_the_closed_rounds_of_the_year_only():
    closed = InputRoundFactory(closed=True, year=2025, title="Suljettu 2025")
    InputRoundFactory(year=2025, title="Yhä auki 2025")
    answer = InputAnswerFactory(round=closed)
    ReachedFactory(answer=answer, target_group=TargetGroupFactory(slug="nuoret", name="Nuoret"))

    sections = {section.anchor: section for section in reports.annual_sections(2025)}
    section = sections["wellbeing-rounds-summary"]

    assert "Suljettu 2025" in section.html
    assert "Yhä auki 2025" not in section.html
    assert 2025 in reports.years_with_data()


def test_the_round_report_shows_approved_quotations_only():
    input_round = InputRoundFactory(published=True)
    answer = InputAnswerFactory(round=input_round)
    QuotationFactory(answer=answer, text="Näkyvä lainaus")
    QuotationFactory(answer=answer, text="Piilotettu lainaus", is_approved=False)

    html = "".join(section.html for section in reports.round_sections(input_round.pk))

    assert "Näkyvä lainaus" in html
    assert "Piilotettu lainaus" not in html


def test_the_personal_data_export_lists_the_answers_a_person_edited(association_rep):
    InputAnswerFactory(updated_by=association_rep, association__name="Oma Yhdistys ry")

    sections = {section.key: section for section in personal_data(association_rep)}

    rows = sections["wellbeing_answers_edited"].rows
    assert [row["association__name"] for row in rows] == ["Oma Yhdistys ry"]
