import io

import pytest

from bench import wellbeing as bench
from portal.models import User
from wellbeing.models import InputAnswer


@pytest.fixture
def small_bench(monkeypatch):
    monkeypatch.setattr(bench, "ANSWERS", 12)


def test_bench_prepares_its_round_once_and_its_pages_answer(db, small_bench, client_for):
    scenarios = bench.prepare(stdout=io.StringIO())
    again = bench.prepare(stdout=io.StringIO())

    assert InputAnswer.objects.count() == 12
    assert [s.path for s in again] == [s.path for s in scenarios]
    officer = client_for(User.objects.get(email=bench.OFFICER))
    anonymous = client_for(None)
    for scenario in scenarios:
        client = officer if scenario.user_email else anonymous
        assert client.get(scenario.path).status_code == 200, scenario.path
