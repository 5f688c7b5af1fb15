"""The wellbeing input round in Chromium: the officer opens a round, a representative answers in
two sittings, the officer exports the answers and publishes the summary. Elements are found by
ids and by our own data, since the Finnish UI texts are translated later."""

from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import TargetGroupFactory
from tests.wellbeing.round_factories import ThemeFactory
from wellbeing.models import InputAnswer, InputRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_opens_a_round_a_rep_answers_in_two_sittings_and_the_summary_is_published(
    live_server, page, browser, log_in, liaison_officer, association_rep, association, tmp_path
):
    loneliness = ThemeFactory(slug="yksinaisyys", name="Yksinäisyys")
    ThemeFactory(slug="liikunta", name="Liikunta")
    older = TargetGroupFactory(slug="ikaihmiset", name="Ikäihmiset")
    today = timezone.localdate()

    # The officer makes the round and opens it.
    log_in(page, liaison_officer)
    page.goto(f"{live_server.url}/hyvinvointi/kierrokset/uusi/")
    assert_accessible(page)
    page.locator("#id_title").fill("Hyvinvointikertomus 2026")
    page.locator("#id_instructions").fill("Kertokaa havainnoistanne.")
    page.locator("#id_opens_on").fill(today.isoformat())
    page.locator("#id_deadline").fill((today + timedelta(days=14)).isoformat())
    page.locator("#round-save").click()
    expect(page.locator("[data-testid=round-status]")).to_be_visible()
    page.locator("#round-open").click()
    expect(page.locator("[data-testid=consequences]")).to_be_visible()
    assert_accessible(page)
    page.locator("#confirm-open").click()
    input_round = InputRound.objects.get(title="Hyvinvointikertomus 2026")
    assert input_round.status == InputRound.Status.OPEN
    assert set(input_round.themes.values_list("slug", flat=True)) == {"yksinaisyys", "liikunta"}

    # The representative answers in two sittings.
    rep_context = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    rep = rep_context.new_page()
    log_in(rep, association_rep)
    rep.goto(f"{live_server.url}/hyvinvointi/kierrokset/{input_round.pk}/")
    rep.locator(f"#answer-{association.pk}").click()
    assert_accessible(rep)
    rep.get_by_label("Yksinäisyys").check()
    rep.locator("#id_observed_needs").fill("Yksin asuvat ikäihmiset jäävät kotiin.")
    rep.locator("#answer-save").click()
    expect(rep.locator("[data-testid=draft-status]")).to_be_visible()

    rep.goto(f"{live_server.url}/hyvinvointi/kierrokset/{input_round.pk}/")
    rep.locator(f"#answer-{association.pk}").click()
    expect(rep.locator("#id_observed_needs")).to_have_value(
        "Yksin asuvat ikäihmiset jäävät kotiin."
    )
    rep.locator(f"#id_reached_{older.pk}").fill("45")
    rep.locator("#id_proposals").fill("Palveluliikenne kylien kautta kerran viikossa.")
    rep.locator("#answer-review").click()
    expect(rep.locator("[data-testid=consequences]")).to_be_visible()
    assert_accessible(rep)
    rep.locator("#confirm-submit").click()
    expect(rep.locator("[data-testid=answer-status]")).to_be_visible()
    answer = InputAnswer.objects.get(round=input_round, association=association)
    assert answer.status == InputAnswer.Status.SUBMITTED
    assert answer.reached_groups.get().people_reached == 45
    rep_context.close()

    # The officer reads by theme, marks a quotation, exports, closes and publishes.
    page.goto(f"{live_server.url}/hyvinvointi/kierrokset/{input_round.pk}/")
    expect(page.locator("[data-testid=theme-count-yksinaisyys]")).to_have_text("1")
    expect(page.locator(f"[data-testid=group-people-{older.slug}]")).to_have_text("45")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("#round-xlsx").click()
    path = tmp_path / "vastaukset.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][0] == association.name

    page.get_by_role("link", name=association.name).click()
    page.locator("#id_text").fill("Ikäihmiset jäävät kotiin.")
    page.locator("#id_theme").select_option(str(loneliness.pk))
    page.locator("#id_is_approved").check()
    page.locator("#quotation-save").click()
    expect(page.locator("main")).to_contain_text("Ikäihmiset jäävät kotiin.")

    page.goto(f"{live_server.url}/hyvinvointi/kierrokset/{input_round.pk}/sulje/")
    page.locator("#confirm-close").click()
    page.locator("#round-publish").click()
    page.locator("#id_summary").fill("Kunta lisää palveluliikennettä kyliin.")
    page.locator("#summary-publish").click()
    expect(page.locator("[data-testid=summary-text]")).to_contain_text("palveluliikennettä")

    # Anyone sees what the input became.
    visitor_context = browser.new_context(locale="fi-FI")
    visitor = visitor_context.new_page()
    visitor.goto(f"{live_server.url}/hyvinvointi/")
    visitor.get_by_role("link", name="Hyvinvointikertomus 2026").click()
    expect(visitor.locator("main")).to_contain_text("Ikäihmiset jäävät kotiin.")
    expect(visitor.locator("main")).to_contain_text(association.name)
    assert_accessible(visitor)
    visitor_context.close()
