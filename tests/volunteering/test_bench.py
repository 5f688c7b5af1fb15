import io

import pytest

from bench import volunteering as bench
from volunteering.models import Offer, Task


@pytest.fixture
def small_bench(monkeypatch):
    monkeypatch.setattr(bench, "TASKS", 60)
    monkeypatch.setattr(bench, "OFFERS", 6)
    monkeypatch.setattr(bench, "ASSOCIATIONS", 4)


def test_bench_prepares_its_data_once_and_its_pages_answer(db, small_bench, client):
    scenarios = bench.prepare(stdout=io.StringIO())
    again = bench.prepare(stdout=io.StringIO())

    assert Task.objects.count() == 60
    assert Offer.objects.count() == 6
    assert [s.path for s in again] == [s.path for s in scenarios]
    for scenario in scenarios:
        assert client.get(scenario.path).status_code == 200, scenario.path
