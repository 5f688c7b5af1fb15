import pytest
from django.utils import translation

from tests.wellbeing.survey_factories import make_assessment, make_survey, submitted_response
from wellbeing import reports

pytestmark = pytest.mark.django_db


def test_the_council_report_has_the_follow_up_with_marks_scores_and_survey():
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, score=4)
    make_assessment(survey.year, {1: 3})

    with translation.override("en"):
        sections = reports.annual_sections(survey.year)

    followup = next(section for section in sections if section.anchor == "wellbeing-followup")
    assert "Offers free premises" in followup.html
    assert "Self-assessment" in followup.html
    assert "4.00" in followup.html


def test_the_council_report_holds_back_a_survey_of_four_answers():
    survey = make_survey()
    for _n in range(4):
        submitted_response(survey, score=4)

    with translation.override("en"):
        section = reports.followup_section(survey.year)

    assert "fewer than five answers" in section.html
    assert "4.00" not in section.html
