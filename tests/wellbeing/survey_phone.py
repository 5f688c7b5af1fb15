"""The yearly follow-up's pages in the phone-width check (tests/browser/phone_wellbeing.py)."""

from django.utils import timezone

from tests.factories import AssociationFactory
from tests.wellbeing.survey_factories import make_assessment, make_survey, submitted_response
from wellbeing.models import AssessmentAction, SurveyQuestion

LONG_WORD = "Järjestöyhteistyöasiakirjavalmisteluprosessikehittämistoimenpide"

NOT_PAGES = {"wellbeing:survey_export", "wellbeing:survey_regional_export"}


def followup_phone_data(data) -> dict:
    """Two years of the follow-up: last year's survey answered by the data's association."""
    year = timezone.localdate().year
    last = make_survey(year - 1, is_open=False)
    own = submitted_response(last, data["association"], text=f"{LONG_WORD} " * 4)
    for n in range(5):
        submitted_response(last, AssociationFactory(name=f"{LONG_WORD} {n} ry"), text=LONG_WORD)
    survey = make_survey(year)
    question = SurveyQuestion.objects.create(
        survey=survey, theme="other", kind="text", text=f"{LONG_WORD}?", order=99
    )
    make_assessment(year - 1, {1: 2}, is_published=True)
    assessment = make_assessment(year, {1: 4, 11: 5}, is_published=True)
    action = AssessmentAction.objects.create(
        assessment=assessment,
        term="short",
        description=f"{LONG_WORD} " * 3,
        owner=LONG_WORD,
        due_on=timezone.localdate(),
    )
    return {"year": year, "last": last, "own": own, "question": question, "action": action}


def followup_journeys(data, own) -> list[tuple]:
    year, last = own["year"], own["last"].year
    slug = data["association"].slug
    return [
        (None, "wellbeing:followup_overview", {}, ""),
        (None, "wellbeing:assessment_detail", {"year": year}, ""),
        (None, "wellbeing:survey_results", {}, ""),
        (None, "wellbeing:survey_results", {"year": last}, ""),
        ("rep", "wellbeing:survey_answer", {"year": year, "slug": slug}, ""),
        ("rep", "wellbeing:survey_response_detail", {"pk": own["own"].pk}, ""),
        ("officer", "wellbeing:survey_results", {"year": last}, ""),
        ("officer", "wellbeing:followup_manage", {}, ""),
        ("officer", "wellbeing:assessment_create", {}, ""),
        ("officer", "wellbeing:assessment_edit", {"year": year}, ""),
        ("officer", "wellbeing:action_create", {"year": year}, ""),
        ("officer", "wellbeing:action_list", {}, ""),
        ("officer", "wellbeing:action_edit", {"pk": own["action"].pk}, ""),
        ("officer", "wellbeing:mark_figure_edit", {"year": year, "mark": 1}, ""),
        ("officer", "wellbeing:survey_create", {}, ""),
        ("officer", "wellbeing:survey_manage", {"year": year}, ""),
        ("officer", "wellbeing:survey_edit", {"year": year}, ""),
        ("officer", "wellbeing:question_create", {"year": year}, ""),
        ("officer", "wellbeing:question_delete", {"pk": own["question"].pk}, ""),
        ("officer", "wellbeing:survey_responses", {"year": last}, ""),
    ]
