import io

import pytest

from bench import facilities as bench
from facilities.models import Booking, Space


@pytest.fixture
def small_bench(monkeypatch):
    monkeypatch.setattr(bench, "SPACES", 5)
    monkeypatch.setattr(bench, "BOOKINGS", 200)


def test_bench_prepares_its_data_once_and_its_pages_answer(db, small_bench, client):
    scenarios = bench.prepare(stdout=io.StringIO())
    bench.prepare(stdout=io.StringIO())

    assert Space.objects.count() == 5
    assert Booking.objects.count() == 200
    for scenario in scenarios:
        assert client.get(scenario.path).status_code == 200
