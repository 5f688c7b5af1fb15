"""The association survey in Chromium: a representative answers, the public results update.
Elements are found by ids and by our own data, since the Finnish UI texts are translated later."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.wellbeing.survey_factories import make_assessment, make_survey, submitted_response
from wellbeing.models import SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_answers_the_survey_and_the_results_page_updates(
    live_server, page, log_in, association, association_rep
):
    survey = make_survey()
    for _n in range(4):
        submitted_response(survey, score=2)
    results_url = f"{live_server.url}/hyvinvointi/kysely/{survey.year}/tulokset/"
    page.goto(results_url)
    expect(page.locator("#results-hidden")).to_be_visible()
    assert_accessible(page)

    log_in(page, association_rep)
    page.goto(f"{live_server.url}/oma/")
    page.get_by_test_id(f"dashboard-survey-{survey.year}-{association.pk}").get_by_role(
        "link"
    ).click()
    assert_accessible(page)
    scale = [q for q in survey.questions.all() if q.is_scale]
    texts = [q for q in survey.questions.all() if not q.is_scale]
    for question in scale[:3]:
        page.locator(f"input[name=q{question.pk}][value='5']").check()
    page.locator(f"#id_q{texts[0].pk}").fill("Lisää iltavuoroja yhdistystalolle")
    page.locator("#survey-draft").click()
    expect(page.locator("#draft-note")).to_be_visible()
    expect(page.locator(f"input[name=q{scale[0].pk}][value='5']")).to_be_checked()
    page.locator("#survey-submit").click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert not SurveyResponse.objects.filter(association=association).first().is_submitted
    for question in scale[3:]:
        page.locator(f"input[name=q{question.pk}][value='cant_say']").check()
    page.locator("#survey-submit").click()
    expect(page.locator("#response-status")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(results_url)
    expect(page.locator("#results-hidden")).to_have_count(0)
    expect(page.get_by_test_id("question-premises").get_by_test_id("mean")).to_contain_text("2")
    expect(page.get_by_text("Lisää iltavuoroja yhdistystalolle")).to_have_count(0)
    assert_accessible(page)


def test_the_headline_view_with_its_charts_is_accessible_on_a_phone(live_server, page):
    make_assessment(2025, {1: 2, 2: 3}, is_published=True)
    make_assessment(2026, {1: 4, 2: 3}, is_published=True)
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(f"{live_server.url}/hyvinvointi/seuranta/?vuosi=2026")

    expect(page.locator("#marks > li")).to_have_count(7)
    expect(page.locator("svg.chart").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
