"""The load benchmark's own logic: how it judges a run against the noise it measured, and that
the register's and the grants' scenarios prepare their data once and answer their users."""

import io

import pytest

import bench.__main__ as runner
from bench import Scenario
from bench import organizations as organizations_bench
from portal.models import User


def passes(rps: float, p95: float) -> tuple[dict, dict]:
    """One measurement: a throughput pass and a latency pass."""
    return (
        {"rps": rps, "errors": 0, "p50": 1.0, "p95": p95},
        {"rps": rps, "errors": 0, "p50": 1.0, "p95": p95},
    )


def row(name: str, rps: float, p95: float, **targets) -> tuple:
    return (Scenario(name, "/", **targets), *passes(rps, p95))


def test_noise_is_how_far_the_bare_views_passes_lie_apart():
    assert runner.spread([900.0, 1100.0]) == pytest.approx(0.2)
    assert runner.spread([1000.0, 1000.0]) == 0.0


def test_a_page_missing_its_target_by_less_than_the_noise_passes():
    hello = [passes(900, 2.0), passes(1100, 2.0)]  # 20 % apart; mean 1,000 req/s
    rows = [row("register list", 130, 40.0)]  # 13 % against a target of 15 %

    table, failed = runner.judge(rows, hello, uncached=False)

    assert table[0][3] == pytest.approx(0.13)
    assert failed == []


def test_a_page_missing_its_target_by_more_than_the_noise_fails():
    hello = [passes(990, 2.0), passes(1010, 2.0)]  # 2 % apart
    rows = [row("register list", 100, 40.0), row("slow page", 500, 150.0)]

    _table, failed = runner.judge(rows, hello, uncached=False)

    assert failed == [
        "register list: 10.0% of the bare view, target 15% (noise 2%)",
        "slow page: p95 150 ms, target 100 ms (noise 0%)",
    ]


def test_the_uncached_run_is_judged_by_the_uncached_target():
    hello = [passes(1000, 2.0), passes(1000, 2.0)]
    rows = [row("register list", 100, 40.0), row("download", 10, 40.0, uncached_min_ratio=None)]

    assert runner.judge(rows, hello, uncached=True)[1] == []
    assert len(runner.judge(rows, hello, uncached=False)[1]) == 2


def test_failed_requests_fail_the_run_whatever_the_figures():
    hello = [passes(1000, 2.0), passes(1000, 2.0)]
    scenario, throughput, latency = row("register list", 500, 10.0)
    throughput = {**throughput, "errors": 3}

    _table, failed = runner.judge([(scenario, throughput, latency)], hello, uncached=False)

    assert failed == ["register list: 3 failed requests"]


def test_the_bench_uses_the_local_redis_as_production_does(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("BENCH_REDIS", raising=False)
    monkeypatch.setattr(runner, "redis_answers", lambda url: True)
    flushed = []
    monkeypatch.setattr(
        "redis.Redis.from_url",
        lambda url: type("R", (), {"flushdb": lambda self: flushed.append(url)})(),
    )

    env = runner.production_env()

    assert env["REDIS_URL"] == runner.BENCH_REDIS_URL
    assert flushed == [runner.BENCH_REDIS_URL]
    monkeypatch.setenv("BENCH_REDIS", "0")
    assert "REDIS_URL" not in runner.production_env()


@pytest.mark.django_db
def test_the_register_bench_prepares_its_users_once_and_its_pages_answer(monkeypatch, client_for):
    monkeypatch.setattr(organizations_bench, "ASSOCIATIONS", 30)
    monkeypatch.setattr(organizations_bench, "PENDING_REQUESTS", 5)

    scenarios = organizations_bench.prepare(stdout=io.StringIO())
    again = organizations_bench.prepare(stdout=io.StringIO())

    assert [s.path for s in again] == [s.path for s in scenarios]
    officer = User.objects.get(email=organizations_bench.OFFICER)
    assert officer.memberships.count() == 0
    representative = User.objects.get(email=organizations_bench.REPRESENTATIVE)
    assert representative.memberships.count() == organizations_bench.REPRESENTED
    for scenario in scenarios:
        user = User.objects.get(email=scenario.user_email) if scenario.user_email else None
        response = client_for(user).get(scenario.path)
        assert response.status_code == 200, scenario.name


def test_an_uncached_run_leaves_out_the_pages_without_an_uncached_target():
    register = Scenario("register list", "/")
    download = Scenario("open data JSON", "/x.json", uncached_min_ratio=None)

    assert runner.to_load([register, download], [""], uncached=False) == [register, download]
    assert runner.to_load([register, download], [""], uncached=True) == [register]
    assert runner.to_load([register, download], ["JSON"], uncached=False) == [download]


def test_the_page_probe_asks_for_an_address_before_touching_anything(capsys):
    from bench import page

    assert page.main([]) == 2
    assert page.main(["yhdistykset"]) == 2
    assert "python -m bench.page PATH" in capsys.readouterr().out
