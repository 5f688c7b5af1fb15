import io

import pytest

from bench import events as bench
from events.models import Event


@pytest.fixture
def small_bench(monkeypatch):
    monkeypatch.setattr(bench, "EVENTS", 60)
    monkeypatch.setattr(bench, "ORGANISERS", 6)


def test_bench_prepares_its_data_once_and_its_pages_answer(db, small_bench, client):
    scenarios = bench.prepare(stdout=io.StringIO())
    again = bench.prepare(stdout=io.StringIO())

    assert Event.objects.count() == 60
    assert [s.path for s in again] == [s.path for s in scenarios]
    for scenario in scenarios:
        assert client.get(scenario.path).status_code == 200
