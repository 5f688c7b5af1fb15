"""The survey's results are computed once and kept until an answer, a question or an
association changes; signed-in readers get them from the cache as well."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.wellbeing.survey_factories import (
    answers_in_category,
    make_survey,
    submitted_response,
)
from wellbeing import followup_services as services
from wellbeing.models import SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db


def _en(name, *args):
    with translation.override("en"):
        return reverse(f"wellbeing:{name}", args=args)


def _answer_queries(client, path) -> int:
    """How many queries of the request read the answers (the results' own work)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('from "wellbeing_surveyanswer"' in q["sql"].lower() for q in queries)


def test_the_officer_reads_the_results_computed_once_until_an_answer_changes(
    client_for, liaison_officer
):
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, score=3, text="Lisää iltavuoroja")
    client = client_for(liaison_officer)
    path = _en("survey_results", survey.year)

    first = _answer_queries(client, path)
    again = _answer_queries(client, path)
    submitted_response(survey, score=5, text="Parempi tiedotus")
    after = client.get(path).content.decode()

    assert first > 0
    assert again == 0
    assert "Parempi tiedotus" in after
    assert "Mean 3.33 on a scale of 1–5." in after


def test_a_response_removed_outside_the_services_makes_the_results_stale(
    client_for, council_member
):
    survey = make_survey()
    responses = [submitted_response(survey, score=4) for _n in range(5)]
    client = client_for(council_member)
    path = _en("survey_results", survey.year)
    before = client.get(path).content.decode()

    # As the admin site or a cascade from a removed association would.
    SurveyResponse.objects.filter(pk=responses[0].pk).delete()
    after = client.get(path).content.decode()

    assert 'id="results-hidden"' not in before
    assert 'id="results-hidden"' in after


def test_a_question_changed_outside_the_services_shows_at_once(client):
    survey = make_survey()
    question = SurveyQuestion.objects.create(
        survey=survey, code="", theme="other", kind="text", text="Mitä muuta?", order=99
    )
    for _n in range(5):
        submitted_response(survey)
    path = _en("survey_results", survey.year)
    client.get(path)

    question.text = "Mitä toivotte ensi vuodelle?"
    question.save()

    assert "Mitä toivotte ensi vuodelle?" in client.get(path).content.decode()


def test_a_change_in_the_register_makes_the_results_by_category_stale(client_for, liaison_officer):
    from organizations.services import bump_register_version

    survey = make_survey()
    responses = answers_in_category(survey, 5, "Kylätoiminta")
    client = client_for(liaison_officer)
    path = _en("survey_results", survey.year)
    before = client.get(path).content.decode()

    for response in responses:
        response.association.categories.clear()
    bump_register_version()
    after = client.get(path).content.decode()

    assert "Kylätoiminta" in before
    assert "Kylätoiminta" not in after


def test_visitors_and_readers_of_the_free_texts_never_share_cached_results():
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, text="Vain virkailijalle")

    public = services.survey_results(survey)
    officers = services.survey_results(survey, with_texts=True)
    public_again = services.survey_results(survey)

    texts = [text for result in officers.questions for text in result.texts]
    assert "Vain virkailijalle" in texts
    assert not any(result.texts for result in public.questions + public_again.questions)
    assert [r.text_count for r in public.questions] == [r.text_count for r in officers.questions]


@pytest.mark.parametrize(("rows", "categories"), [(5, 1), (30, 4)])
def test_the_officers_results_page_takes_the_same_queries_however_many_answers(
    client_for, liaison_officer, django_assert_max_num_queries, rows, categories
):
    survey = make_survey()
    for n in range(categories):
        answers_in_category(survey, rows // categories, f"Luokka {n}")
    client = client_for(liaison_officer)

    with django_assert_max_num_queries(14):
        assert client.get(_en("survey_results", survey.year)).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(_en("survey_results", survey.year)).status_code == 200


def test_the_rendered_results_are_kept_apart_by_audience_and_language(
    client_for, liaison_officer, plain_user
):
    """The questions' HTML is cached too: never the officer's free texts for a resident, nor
    one language's page for the other."""
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, score=4, text="Vain virkailijalle")
    officer = client_for(liaison_officer)
    resident = client_for(plain_user)
    with translation.override("fi"):
        finnish = reverse("wellbeing:survey_results", args=[survey.year])

    officer_en = officer.get(_en("survey_results", survey.year)).content.decode()
    resident_en = resident.get(_en("survey_results", survey.year)).content.decode()
    officer_fi = officer.get(finnish).content.decode()
    officer_again = _answer_queries(officer, _en("survey_results", survey.year))

    assert "Vain virkailijalle" in officer_en
    assert "Mean 4.00 on a scale of 1–5." in officer_en
    assert "Vain virkailijalle" not in resident_en
    assert "The written answers are read by the liaison officer and the council." in resident_en
    assert "Vain virkailijalle" in officer_fi
    assert "Mean 4.00" not in officer_fi
    assert "4,00" in officer_fi
    assert officer_again == 0
