import io

import pytest

from bench import seasons as bench
from facilities.models import SeasonApplication, SeasonTurn


@pytest.fixture
def small_bench(monkeypatch):
    monkeypatch.setattr(bench, "GRID_APPLICATIONS", 6)
    monkeypatch.setattr(bench, "PROPOSAL_SPACES", 3)
    monkeypatch.setattr(bench, "PROPOSAL_NEEDS", 12)


def test_the_season_bench_prepares_once_reports_the_proposal_and_its_pages_answer(
    db, small_bench, client_for
):
    out = io.StringIO()
    scenarios = bench.prepare(stdout=io.StringIO())
    bench.prepare(stdout=out)

    assert SeasonApplication.objects.count() == 18
    assert SeasonTurn.objects.exists()
    assert "proposal for 3 spaces × 12 needs" in out.getvalue()
    officer = bench._officer()
    for scenario in scenarios:
        client = client_for(officer if scenario.user_email else None)
        assert client.get(scenario.path).status_code == 200
