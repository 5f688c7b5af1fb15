import io

import pytest

from bench import wellbeing_followup as bench
from wellbeing.models import SurveyResponse

pytestmark = pytest.mark.django_db


def test_the_survey_bench_prepares_its_data_once_and_its_page_answers(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(bench, "ASSOCIATIONS", 8)

    scenarios = bench.scenarios(stdout=io.StringIO(), officer_email="x@example.invalid")
    again = bench.scenarios(stdout=io.StringIO(), officer_email="x@example.invalid")

    assert SurveyResponse.objects.count() == 8 * bench.YEARS
    assert [s.path for s in again] == [s.path for s in scenarios]
    with django_assert_max_num_queries(12):
        page = client.get(scenarios[0].path)
    assert page.status_code == 200
    assert 'id="results-hidden"' not in page.content.decode()
