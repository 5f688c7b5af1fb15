import io

import pytest

from bench import facilities as bench
from facilities.models import Booking, Space
from portal.models import User


@pytest.fixture
def small_bench(monkeypatch):
    monkeypatch.setattr(bench, "SPACES", 5)
    monkeypatch.setattr(bench, "BOOKINGS", 200)
    monkeypatch.setattr(bench, "PENDING", 50)


def test_bench_prepares_its_data_once_and_its_pages_answer(db, small_bench, client):
    scenarios = bench.prepare(stdout=io.StringIO())
    bench.prepare(stdout=io.StringIO())

    assert Space.objects.count() == 5
    assert Booking.objects.count() == 250
    assert Booking.objects.filter(status=Booking.Status.PENDING).count() == 50
    for scenario in scenarios:
        client.logout()
        if scenario.user_email:
            client.force_login(User.objects.get(email=scenario.user_email))
        assert client.get(scenario.path).status_code == 200, scenario.name
