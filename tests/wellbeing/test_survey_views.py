import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.factories import AssociationFactory
from tests.wellbeing.survey_factories import (
    answers_in_category,
    make_survey,
    submitted_response,
)
from wellbeing.models import SurveyAnswer, SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db


def _en(name, *args):
    with translation.override("en"):
        return reverse(f"wellbeing:{name}", args=args)


def _post_answers(survey, score="4", **extra):
    data = {}
    for question in survey.questions.all():
        data[f"q{question.pk}"] = score if question.is_scale else "Kiitos yhteistyöstä"
    data.update(extra)
    return data


def test_representative_answers_and_the_answer_is_sent(client_for, association, association_rep):
    survey = make_survey()
    client = client_for(association_rep)
    url = _en("survey_answer", survey.year, association.slug)

    draft = client.post(url, _post_answers(survey, draft=""))
    response = SurveyResponse.objects.get(association=association)
    is_draft = response.submitted_at is None
    sent = client.post(url, _post_answers(survey, submit=""))

    assert draft.status_code == 302
    assert is_draft
    assert sent.status_code == 302
    assert sent["Location"].endswith(_en("survey_response_detail", response.pk))
    response.refresh_from_db()
    assert response.is_submitted
    assert response.submitted_by == association_rep


def test_sending_an_incomplete_answer_says_why_and_keeps_what_was_typed(
    client_for, association, association_rep
):
    survey = make_survey()
    data = _post_answers(survey, submit="")
    first_scale = survey.questions.filter(kind=SurveyQuestion.Kind.SCALE).first()
    data[f"q{first_scale.pk}"] = ""

    page = client_for(association_rep).post(
        _en("survey_answer", survey.year, association.slug), data
    )

    assert page.status_code == 400
    assert "Answer every scale question before sending" in page.content.decode()
    assert "Kiitos yhteistyöstä" in page.content.decode()
    assert not SurveyResponse.objects.filter(submitted_at__isnull=False).exists()


def test_a_score_that_is_not_offered_is_refused(client_for, association, association_rep):
    survey = make_survey()

    page = client_for(association_rep).post(
        _en("survey_answer", survey.year, association.slug), _post_answers(survey, score="9")
    )

    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("plain_user", 404), ("other_association_rep", 404), ("association_rep", 200)],
)
def test_only_the_associations_representatives_open_its_survey_form(
    request, client_for, association, who, status
):
    survey = make_survey()
    user = request.getfixturevalue(who) if who else None

    page = client_for(user).get(_en("survey_answer", survey.year, association.slug))

    assert page.status_code == status


def test_another_associations_representative_cannot_post_its_answer(
    client_for, association, other_association_rep
):
    survey = make_survey()

    page = client_for(other_association_rep).post(
        _en("survey_answer", survey.year, association.slug), _post_answers(survey, submit="")
    )

    assert page.status_code == 404
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("plain_user", 404),
        ("other_association_rep", 404),
        ("council_member", 404),
        ("association_rep", 200),
        ("liaison_officer", 200),
    ],
)
def test_a_single_answer_is_read_by_the_officer_and_its_own_association_only(
    request, client_for, association, who, status
):
    survey = make_survey()
    response = submitted_response(survey, association)
    user = request.getfixturevalue(who) if who else None

    page = client_for(user).get(_en("survey_response_detail", response.pk))

    assert page.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("association_rep", 403),
        ("council_member", 403),
        ("sector_officer", 403),
        ("liaison_officer", 200),
    ],
)
def test_the_list_of_who_answered_is_the_officers(request, client_for, association, who, status):
    survey = make_survey()
    submitted_response(survey, association)
    user = request.getfixturevalue(who) if who else None

    page = client_for(user).get(_en("survey_responses", survey.year))

    assert page.status_code == status


@pytest.mark.parametrize("name", ["survey_create", "assessment_create", "followup_manage"])
@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("association_rep", 403), ("council_member", 403), ("liaison_officer", 200)],
)
def test_officer_pages_are_the_officers(request, client_for, name, who, status):
    user = request.getfixturevalue(who) if who else None

    assert client_for(user).get(_en(name)).status_code == status


def test_council_member_reads_results_with_free_texts_but_writes_nothing(
    client_for, council_member
):
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, text="Avustushaku selkeämmäksi")
    client = client_for(council_member)

    results = client.get(_en("survey_results", survey.year))
    export = client.get(_en("survey_export", survey.year, "csv"))
    create = client.post(
        _en("question_create", survey.year), {"text": "Uusi?", "theme": "other", "kind": "text"}
    )

    assert results.status_code == 200
    assert "Avustushaku selkeämmäksi" in results.content.decode()
    assert export.status_code == 200
    assert create.status_code == 403
    assert survey.questions.count() == 9


def test_the_public_results_show_no_free_texts_and_no_association(client):
    survey = make_survey()
    associations = [AssociationFactory(name=f"Salainen Seura {n} ry") for n in range(5)]
    for association in associations:
        submitted_response(survey, association, text="Avustushaku selkeämmäksi")

    page = client.get(_en("survey_results", survey.year))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Avustushaku selkeämmäksi" not in html
    assert "Salainen Seura" not in html
    assert 'data-testid="mean"' in html


def test_the_results_page_says_when_four_answers_are_too_few(client):
    survey = make_survey()
    for _n in range(4):
        submitted_response(survey)

    page = client.get(_en("survey_results", survey.year))

    assert 'id="results-hidden"' in page.content.decode()
    assert 'data-testid="mean"' not in page.content.decode()


def test_the_results_page_shows_five_answers(client):
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, score=3)

    page = client.get(_en("survey_results", survey.year))

    assert 'id="results-hidden"' not in page.content.decode()
    assert "Mean 3.00 on a scale of 1–5." in page.content.decode()


def test_the_results_page_updates_when_an_answer_is_sent(
    client, client_for, association, association_rep
):
    survey = make_survey()
    for _n in range(4):
        submitted_response(survey, score=5)
    before = client.get(_en("survey_results", survey.year)).content.decode()

    client_for(association_rep).post(
        _en("survey_answer", survey.year, association.slug), _post_answers(survey, "5", submit="")
    )
    after = client.get(_en("survey_results", survey.year)).content.decode()

    assert 'id="results-hidden"' in before
    assert 'id="results-hidden"' not in after
    assert "Mean 5.00 on a scale of 1–5." in after


@pytest.mark.parametrize(("rows", "categories"), [(5, 1), (30, 4)])
def test_the_results_page_takes_the_same_queries_however_many_answers(
    client, django_assert_max_num_queries, rows, categories
):
    this_year = timezone.localdate().year
    make_survey(this_year - 1, is_open=False)
    survey = make_survey()
    for n in range(categories):
        answers_in_category(survey, rows // categories, f"Luokka {n}")

    with django_assert_max_num_queries(12):
        assert client.get(_en("survey_results", survey.year)).status_code == 200


def test_the_results_export_opens_in_excel_and_holds_back_small_groups(client_for, liaison_officer):
    survey = make_survey()
    answers_in_category(survey, 5, "Urheilu", score=4)
    answers_in_category(survey, 2, "Kulttuuri", score=1)
    client = client_for(liaison_officer)

    csv = client.get(_en("survey_export", survey.year, "csv"))
    xlsx = client.get(_en("survey_export", survey.year, "xlsx"))

    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.splitlines()
    assert ";" in lines[0]
    culture = [line for line in lines if "Kulttuuri" in line]
    assert culture
    assert all("fewer than five answers; not shown" in line for line in culture)
    assert any(";3,14;" in line for line in lines)  # 7 answers: (5 * 4 + 2 * 1) / 7
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=1, column=1).value == "Year"
    assert sheet.max_row == len(lines)


def test_the_regional_file_has_a_row_per_scale_question_for_this_year_and_last(
    client_for, liaison_officer
):
    this_year = timezone.localdate().year
    last = make_survey(this_year - 1, is_open=False)
    for _n in range(5):
        submitted_response(last, score=3)
    survey = make_survey()
    for _n in range(5):
        submitted_response(survey, score=4)

    export = client_for(liaison_officer).get(_en("survey_regional_export", survey.year, "xlsx"))

    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    scale_questions = survey.questions.filter(kind=SurveyQuestion.Kind.SCALE).count()
    assert len(rows) == 1 + scale_questions
    assert str(this_year) in rows[0][3]
    assert str(this_year - 1) in rows[0][6]
    premises = next(row for row in rows if row[0] == "premises")
    assert premises[3] == 5
    assert float(premises[4]) == 4.0
    assert premises[6] == 5
    assert float(premises[7]) == 3.0
    assert float(premises[9]) == 1.0


@pytest.mark.parametrize("who", [None, "association_rep"])
def test_exports_are_not_for_residents_or_representatives(request, client_for, who):
    survey = make_survey()
    user = request.getfixturevalue(who) if who else None

    page = client_for(user).get(_en("survey_export", survey.year, "csv"))

    assert page.status_code in (302, 403)


def test_an_unknown_export_format_is_not_found(client_for, liaison_officer):
    survey = make_survey()

    assert (
        client_for(liaison_officer).get(_en("survey_export", survey.year, "pdf")).status_code == 404
    )


def test_officer_makes_a_survey_and_adds_a_question(client_for, liaison_officer):
    client = client_for(liaison_officer)
    today = timezone.localdate()

    made = client.post(
        _en("survey_create"),
        {"year": today.year, "opens_on": today.isoformat(), "closes_on": today.isoformat()},
    )
    added = client.post(
        _en("question_create", today.year),
        {"text": "Onko tiedotus riittävää?", "theme": "information", "kind": "scale"},
    )

    assert made.status_code == 302
    assert added.status_code == 302
    assert SurveyQuestion.objects.filter(text="Onko tiedotus riittävää?", code="").exists()


def test_a_survey_closing_before_it_opens_is_refused_with_a_message(client_for, liaison_officer):
    today = timezone.localdate()

    page = client_for(liaison_officer).post(
        _en("survey_create"),
        {"year": today.year, "opens_on": "2026-05-10", "closes_on": "2026-05-01"},
    )

    assert page.status_code == 400
    assert "The survey must close on or after its opening day." in page.content.decode()
    assert not SurveyQuestion.objects.exists()


def test_a_question_with_answers_is_not_removed(client_for, liaison_officer):
    survey = make_survey()
    question = SurveyQuestion.objects.create(
        survey=survey, theme="other", kind="text", text="Oma kysymys", order=99
    )
    response = submitted_response(survey)
    SurveyAnswer.objects.filter(response=response, question=question).update(text="Vastaus")

    client_for(liaison_officer).post(_en("question_delete", question.pk))

    assert SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_the_wellbeing_index_links_to_the_follow_up_and_this_years_results(client):
    survey = make_survey()

    page = client.get(_en("index"))

    html = page.content.decode()
    assert 'id="followup-overview-link"' in html
    assert _en("survey_results", survey.year) in html


def test_the_officers_dashboard_links_to_the_follow_up(client_for, liaison_officer):
    with translation.override("en"):
        page = client_for(liaison_officer).get(reverse("portal:dashboard"))

    assert 'id="officer-followup"' in page.content.decode()


def test_a_representatives_dashboard_offers_the_open_survey(
    client_for, association, association_rep
):
    survey = make_survey()

    with translation.override("en"):
        page = client_for(association_rep).get(reverse("portal:dashboard"))

    assert f'data-testid="dashboard-survey-{survey.year}-{association.pk}"' in page.content.decode()
    assert _en("survey_answer", survey.year, association.slug) in page.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_of_who_answered_takes_the_same_queries(
    client_for, liaison_officer, django_assert_max_num_queries, rows
):
    survey = make_survey()
    for _n in range(rows):
        submitted_response(survey)
    client = client_for(liaison_officer)
    client.get(_en("survey_responses", survey.year))

    with django_assert_max_num_queries(14):
        page = client.get(_en("survey_responses", survey.year))
    assert page.content.decode().count('data-testid="response-row-') == rows
