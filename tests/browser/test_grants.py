"""The grant path in Chromium: apply with an attachment, recusal and review, decision, report."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grants.models import (
    AssessmentCriterion,
    GrantApplication,
    Payment,
    ReviewerAssignment,
    UseReport,
)
from portal.models import RoleGrant, Sector
from tests.browser.conftest import assert_accessible
from tests.factories import (
    AssociationFactory,
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    with_totp,
)
from tests.grants.factories import (
    DecisionFactory,
    GrantApplicationFactory,
    GrantProgrammeFactory,
    GrantRoundFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def private_files(private_storage):
    return private_storage


def switch_user(page, log_in, user):
    page.context.clear_cookies()
    log_in(page, user)


def test_an_association_applies_is_reviewed_decided_and_reports(
    live_server, page, log_in, private_files
):
    officer = with_totp(UserFactory(first_name="Kaisa", last_name="Kulttuuri"))
    RoleGrantFactory(user=officer, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.CULTURE)
    reviewer = UserFactory(first_name="Risto", last_name="Arvioija")
    association = AssociationFactory(name="Kylän Teatteri ry")
    rep = MembershipFactory(association=association).user
    programme = GrantProgrammeFactory(contact_official=officer, name="Kulttuuriavustukset")
    grant_round = GrantRoundFactory(programme=programme, title="Kulttuurin kohdeavustus 2026")
    AssessmentCriterion.objects.create(grant_round=grant_round, name="Vaikuttavuus", weight=2)
    ReviewerAssignment.objects.create(
        grant_round=grant_round, reviewer=reviewer, assigned_by=officer
    )

    # The representative applies with an attachment.
    log_in(page, rep)
    page.goto(f"{live_server.url}/avustukset/")
    assert_accessible(page)
    page.get_by_role("link", name="Kulttuurin kohdeavustus 2026").click()
    assert_accessible(page)
    page.get_by_test_id("apply").click()
    assert_accessible(page)
    page.get_by_test_id("start-application").click()
    page.fill("#id_title", "Kesäteatteri")
    page.fill("#id_purpose_and_activities", "Kesäteatteriesitys kylän nuorille ja aikuisille.")
    page.fill("#id_target_groups", "Nuoret ja aikuiset")
    page.fill("#id_expected_participants", "200")
    page.fill("#id_planned_volunteer_hours", "120")
    page.fill("#id_amount_requested", "1500")
    page.select_option("#id_budget-0-category", "fees")
    page.fill("#id_budget-0-description", "Ohjaajan palkkio")
    page.fill("#id_budget-0-amount", "2500")
    page.get_by_test_id("save-draft").click()
    assert_accessible(page)
    page.set_input_files(
        "#id_file",
        files=[{"name": "talousarvio.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_test_id("upload-attachment").click()
    expect(page.get_by_role("link", name="talousarvio.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id("save-and-submit").click()
    assert_accessible(page)
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("self-financing")).to_have_text(re.compile(r"40[,.]0\s%"))
    assert_accessible(page)
    application = GrantApplication.objects.get()
    assert application.status == GrantApplication.Status.SUBMITTED

    # The officer starts the review, declares no conflict and scores.
    switch_user(page, log_in, officer)
    page.goto(f"{live_server.url}/avustukset/haut/{grant_round.pk}/hakemukset/")
    assert_accessible(page)
    page.get_by_test_id("start-review").click()
    assert_accessible(page)
    page.get_by_test_id("confirm").click()
    page.get_by_role("link", name="Kylän Teatteri ry: Kesäteatteri").click()
    assert_accessible(page)
    page.check("#id_is_disqualified_0")
    page.get_by_test_id("declare").click()
    assert_accessible(page)
    page.get_by_test_id("score").click()
    assert_accessible(page)
    criterion = grant_round.criteria.get()
    page.fill(f"#id_score_{criterion.pk}", "4")
    page.fill(f"#id_rationale_{criterion.pk}", "Tavoittaa nuoria hyvin.")
    page.get_by_test_id("save-scores").click()
    assert_accessible(page)

    # The named reviewer sits on the applicant's board and recuses themself.
    switch_user(page, log_in, reviewer)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/")
    assert_accessible(page)
    page.check("#id_is_disqualified_1")
    page.fill("#id_reason", "Olen teatterin hallituksen jäsen.")
    page.get_by_test_id("declare").click()
    expect(page.get_by_test_id("disqualified")).to_be_visible()
    assert_accessible(page)
    response = page.request.get(f"{live_server.url}/avustukset/hakemukset/{application.pk}/")
    assert response.status == 403

    # The officer decides; the letter is a PDF.
    switch_user(page, log_in, officer)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/")
    page.get_by_test_id("decide").click()
    assert_accessible(page)
    page.fill("#id_amount", "1200")
    page.fill("#id_reasons", "Määräraha jaetaan usean hakijan kesken.")
    page.get_by_test_id("make-decision").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("1 200,00")
    assert_accessible(page)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-amount")).to_contain_text("1200")
    assert_accessible(page)
    letter = page.request.get(
        f"{live_server.url}/avustukset/hakemukset/{application.pk}/paatoskirje.pdf"
    )
    assert letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")

    # The association sees the decision and returns the standard use report.
    switch_user(page, log_in, rep)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/")
    expect(page.get_by_test_id("decision-amount")).to_contain_text("1200")
    assert_accessible(page)
    page.get_by_test_id("use-report").click()
    assert_accessible(page)
    page.fill("#id_events-0-name", "Ensi-ilta")
    page.fill("#id_events-0-held_on", "2026-07-04")
    page.fill("#id_events-0-participants", "180")
    page.fill("#id_volunteer_hours", "140")
    page.fill("#id_total_costs", "3000")
    page.fill("#id_grant_used", "1200")
    page.fill("#id_narrative", "Kolme esitystä, täydet salit.")
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("municipal-share")).to_have_text(re.compile(r"40[,.]0\s%"))
    assert_accessible(page)

    # The officer accepts the report.
    switch_user(page, log_in, officer)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/")
    page.get_by_test_id("review-report").click()
    assert_accessible(page)
    page.check("#id_accept_0")
    page.get_by_test_id("review-report-submit").click()
    assert_accessible(page)
    page.get_by_test_id("confirm").click()
    assert_accessible(page)
    report = UseReport.objects.get()
    assert report.status == UseReport.Status.ACCEPTED
    assert report.grant_used == Decimal("1200.00")


def test_the_public_grant_pages_and_the_officer_figures_are_accessible(
    live_server, page, log_in, private_files
):
    officer = with_totp(UserFactory())
    RoleGrantFactory(user=officer, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.CULTURE)
    grant_round = GrantRoundFactory(
        title="Avoin kulttuurihaku", programme__contact_official=officer
    )
    AssessmentCriterion.objects.create(grant_round=grant_round, name="Vaikuttavuus", weight=2)
    GrantRoundFactory(title="Tuleva nuorisohaku", upcoming=True)

    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/avustukset/")
    expect(page.get_by_role("link", name="Tuleva nuorisohaku")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Avoin kulttuurihaku").click()
    assert_accessible(page)

    log_in(page, officer)
    page.goto(f"{live_server.url}/avustukset/luvut/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/avustukset/haut/{grant_round.pk}/muokkaa/")
    expect(page.locator("#id_title")).to_have_value("Avoin kulttuurihaku")
    assert_accessible(page)
    page.goto(f"{live_server.url}/oma/")
    expect(page.get_by_test_id(f"review-round-{grant_round.pk}")).to_be_visible()
    assert_accessible(page)


def test_a_draft_is_saved_when_the_representative_leaves_the_page(live_server, page, log_in):
    association = AssociationFactory(name="Kuoroyhdistys Laulu ry")
    rep = MembershipFactory(association=association).user
    application = GrantApplicationFactory(association=association, created_by=rep)
    log_in(page, rep)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/muokkaa/")
    assert_accessible(page)

    page.fill("#id_planned_events", "Joulukonsertti kirkossa")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/avustukset/")

    for _attempt in range(50):
        application.refresh_from_db()
        if application.planned_events == "Joulukonsertti kirkossa":
            break
        page.wait_for_timeout(100)
    assert application.planned_events == "Joulukonsertti kirkossa"


def test_text_typed_before_an_upload_is_still_there_after_it_and_after_a_reload(
    live_server, page, log_in, private_files
):
    association = AssociationFactory(name="Kuoroyhdistys Laulu ry")
    rep = MembershipFactory(association=association).user
    application = GrantApplicationFactory(association=association, created_by=rep)
    log_in(page, rep)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/muokkaa/")

    page.fill("#id_purpose_and_activities", "Kirjoitin tämän juuri ennen liitteen lisäämistä.")
    page.fill("#id_budget-0-description", "Kuoronjohtajan palkkio")
    page.set_input_files(
        "#id_file", files=[{"name": "budjetti.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_test_id("upload-attachment").click()

    expect(page.get_by_role("link", name="budjetti.pdf")).to_be_visible()
    expect(page.locator("#id_purpose_and_activities")).to_have_value(
        "Kirjoitin tämän juuri ennen liitteen lisäämistä."
    )
    expect(page.locator("#id_budget-0-description")).to_have_value("Kuoronjohtajan palkkio")
    assert_accessible(page)
    page.reload()
    expect(page.locator("#id_purpose_and_activities")).to_have_value(
        "Kirjoitin tämän juuri ennen liitteen lisäämistä."
    )


def test_leaving_the_application_with_unsaved_text_asks_first(live_server, page, log_in):
    association = AssociationFactory(name="Kuoroyhdistys Laulu ry")
    rep = MembershipFactory(association=association).user
    application = GrantApplicationFactory(association=association, created_by=rep)
    log_in(page, rep)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/muokkaa/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.locator("#id_target_groups").press_sequentially(" ja heidän isovanhempansa")
    page.get_by_role("link", name="Avustukset").first.click()

    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/muokkaa/")
    expect(page.locator("#id_target_groups")).to_have_value(re.compile("ja heidän isovanhempansa"))


def test_declining_a_grant_asks_first_and_then_declines(live_server, page, log_in):
    association = AssociationFactory(name="Kylän Teatteri ry")
    rep = MembershipFactory(association=association).user
    decision = DecisionFactory(application__association=association)
    Payment.objects.create(decision=decision, instalment_no=1, amount=decision.amount)
    application = decision.application
    log_in(page, rep)
    page.goto(f"{live_server.url}/avustukset/hakemukset/{application.pk}/")

    page.get_by_test_id("decline").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("800,00")
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DECIDED
    page.get_by_test_id("confirm").click()

    expect(page.get_by_test_id("application-status")).to_have_text("Avustuksesta kieltäydytty")
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DECLINED
