import csv
import io
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants.models import Attachment, BudgetLine, Decision, GrantApplication
from grants.views.review import RANKING_PAGE_SIZE
from tests.factories import AssociationFactory
from tests.grants.factories import (
    GrantApplicationFactory,
    GrantRoundFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def form_data(application, **changes):
    data = {
        "title": application.title,
        "purpose_and_activities": "Konsertti",
        "target_groups": "Kaikki",
        "planned_events": "Heinäkuu",
        "expected_participants": "100",
        "planned_volunteer_hours": "40",
        "other_income": "0",
        "other_grants": "0",
        "amount_requested": "1000",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "50",
        "budget-0-category": "fees",
        "budget-0-description": "Esiintyjät",
        "budget-0-amount": "1200",
        "budget-1-category": "",
        "budget-1-description": "",
        "budget-1-amount": "",
    }
    data.update(changes)
    return data


def test_the_round_list_shows_open_and_upcoming_rounds_only(resident):
    GrantRoundFactory(title="Auki")
    GrantRoundFactory(title="Tulossa", upcoming=True)
    GrantRoundFactory(title="Ympäri vuoden", year_round=True)
    GrantRoundFactory(title="Mennyt", closed=True)
    GrantRoundFactory(title="Luonnos", is_published=False)

    page = resident.get(reverse("grants:round_list")).content.decode()

    assert "Auki" in page
    assert "Tulossa" in page
    assert "Ympäri vuoden" in page
    assert "Mennyt" not in page
    assert "Luonnos" not in page


def test_the_round_page_shows_criteria_weights_and_the_contact_official(resident, culture_round):
    page = resident.get(culture_round.get_absolute_url()).content.decode()

    assert "Vaikuttavuus" in page
    assert '<td class="num">2</td>' in page
    assert culture_round.programme.contact_official.email in page


def test_the_info_hub_links_to_the_grant_rounds(resident):
    page = resident.get(reverse("portal:home")).content.decode()

    assert reverse("grants:round_list") in page


def test_a_representative_starts_an_application_from_the_round(
    client_for, culture_round, association, association_rep
):
    response = client_for(association_rep).post(
        reverse("grants:application_create", args=[culture_round.pk]),
        {"association": association.pk},
    )

    application = GrantApplication.objects.get()
    assert response["Location"] == reverse("grants:application_edit", args=[application.pk])


def test_saving_the_form_saves_fields_and_budget_lines(client_for, application, association_rep):
    client = client_for(association_rep)

    client.post(reverse("grants:application_edit", args=[application.pk]), form_data(application))

    application.refresh_from_db()
    assert application.planned_volunteer_hours == 40
    assert list(application.budget_lines.values_list("amount", flat=True)) == [Decimal("1200")]


def test_a_negative_cost_gets_a_clear_message_and_nothing_changes(
    client_for, application, association_rep
):
    client = client_for(association_rep)

    response = client.post(
        reverse("grants:application_edit", args=[application.pk]),
        form_data(application, **{"budget-0-amount": "-5", "planned_volunteer_hours": "1"}),
    )

    assert response.status_code == 200
    assert 'id="id_budget-0-amount_error"' in response.content.decode()
    application.refresh_from_db()
    assert application.planned_volunteer_hours == 80
    assert BudgetLine.objects.get(application=application).amount == Decimal("1500.00")


def test_a_budget_that_does_not_add_up_is_shown_and_not_saved(
    client_for, application, association_rep
):
    response = client_for(association_rep).post(
        reverse("grants:application_edit", args=[application.pk]),
        form_data(application, other_income="900", planned_volunteer_hours="1"),
    )

    assert 'class="form-errors"' in response.content.decode()
    application.refresh_from_db()
    assert application.other_income == 0
    assert application.planned_volunteer_hours == 80


def test_autosave_answers_in_json(client_for, application, association_rep):
    client = client_for(association_rep)
    url = reverse("grants:application_edit", args=[application.pk])

    saved = client.post(url, form_data(application), headers={"X-Autosave": "1"})
    refused = client.post(
        url, form_data(application, amount_requested="-1"), headers={"X-Autosave": "1"}
    )

    assert saved.json() == {"saved": True}
    assert refused.status_code == 400


def test_a_disguised_file_is_refused_with_a_message(
    client_for, application, association_rep, private_storage
):
    upload = SimpleUploadedFile("hakemus.pdf", b"MZ\x90\x00" + b"\x00" * 100)

    with translation.override("en"):
        url = reverse("grants:attachment_upload", args=[application.pk])

    response = client_for(association_rep).post(url, {"file": upload}, follow=True)

    assert "PDF, PNG, JPEG, DOCX, XLSX" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_late_submission_shows_why(client_for, association, association_rep):
    application = GrantApplicationFactory(
        association=association, grant_round=GrantRoundFactory(closed=True)
    )

    with translation.override("en"):
        url = reverse("grants:application_submit", args=[application.pk])

    response = client_for(association_rep).post(url)

    assert "The round closed on" in response.content.decode()
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DRAFT


def ranking_round(n, officer):
    grant_round = GrantRoundFactory(programme__contact_official=officer)
    for number in range(n):
        score = ScoreFactory(
            application__grant_round=grant_round,
            application__costs=None if number % 2 else False,
            reviewer=officer,
        )
        ScoreFactory(
            application=score.application,
            criterion__grant_round=grant_round,
            reviewer=officer,
            score=2,
        )
    return grant_round


@pytest.mark.parametrize("rows", [3, 30])
def test_the_ranking_takes_the_same_number_of_queries_for_3_and_30_applications(
    client_for, sector_officer, django_assert_num_queries, rows
):
    grant_round = ranking_round(rows, sector_officer)
    client = client_for(sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])
    client.get(url)

    # the user, the roles with the second factor, and the page's own three
    with django_assert_num_queries(5):
        response = client.get(url)

    shown = min(rows, RANKING_PAGE_SIZE)
    assert response.content.decode().count('data-testid="ranking-row-') == shown


def test_the_ranking_orders_by_weighted_score(client_for, sector_officer, culture_round):
    strong, weak = (
        GrantApplicationFactory(grant_round=culture_round, in_review=True, title=t)
        for t in ("Vahva", "Heikko")
    )
    heavy, light = culture_round.criteria.all()
    for application, values in ((weak, (1, 5)), (strong, (5, 1))):
        ScoreFactory(
            application=application, criterion=heavy, reviewer=sector_officer, score=values[0]
        )
        ScoreFactory(
            application=application, criterion=light, reviewer=sector_officer, score=values[1]
        )

    page = (
        client_for(sector_officer)
        .get(reverse("grants:round_review", args=[culture_round.pk]))
        .content.decode()
    )

    assert page.index("Vahva") < page.index("Heikko")
    assert "3.67" in page or "3,67" in page


def test_the_officer_decides_through_the_form(client_for, application, sector_officer):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    client = client_for(sector_officer)
    client.post(
        reverse("grants:disqualification_declare", args=[application.pk]), {"is_disqualified": "no"}
    )

    client.post(
        reverse("grants:decision_edit", args=[application.pk]),
        {"amount": "600", "reasons": "Määräraha ei riitä", "decide": "", "confirm": "1"},
    )

    decision = Decision.objects.get()
    assert decision.amount == Decimal("600")
    assert decision.decided_by == sector_officer


def test_a_reduction_without_reasons_is_refused_in_the_form(
    client_for, application, sector_officer
):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )

    response = client_for(sector_officer).post(
        reverse("grants:decision_edit", args=[application.pk]),
        {"amount": "600", "reasons": "", "decide": ""},
    )

    assert 'class="form-errors"' in response.content.decode()
    assert not Decision.objects.exists()


def decided(application, officer, amount="1000"):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=officer
    )
    services.decide_application(
        application=application, amount=Decimal(amount), reasons="Osittain", by=officer
    )


def test_the_decision_letter_pdf_carries_the_amounts(
    client_for, application, sector_officer, association_rep, tmp_path
):
    application.amount_requested = Decimal("1250.00")
    application.save()
    decided(application, sector_officer, amount="987.65")

    response = client_for(association_rep).get(
        reverse("grants:decision_letter", args=[application.pk])
    )
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        [PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert response["Content-Type"] == "application/pdf"
    assert "987,65" in text or "987.65" in text
    assert "1250,00" in text or "1 250,00" in text or "1250.00" in text
    assert "14" in text


def test_payments_export_as_csv(client_for, application, sector_officer):
    application.association.business_id = "1234567-1"
    application.association.save()
    decided(application, sector_officer)

    response = client_for(sector_officer).get(
        reverse("grants:payment_export", args=[application.grant_round_id])
    )

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("application;association;business_id")
    assert ";1234567-1;" in lines[1]
    assert ";1000,00;planned;" in lines[1]


def test_the_applicant_sees_the_decision_and_reports_on_use(
    client_for, application, sector_officer, association_rep
):
    decided(application, sector_officer)
    client = client_for(association_rep)

    page = client.get(application.get_absolute_url()).content.decode()
    client.post(
        reverse("grants:use_report_edit", args=[application.pk]),
        {
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "100",
            "events-0-name": "Konsertti",
            "events-0-held_on": "2026-07-01",
            "events-0-participants": "140",
            "volunteer_hours": "85",
            "total_costs": "4000",
            "grant_used": "1000",
            "narrative": "Hyvin meni",
        },
    )

    assert 'data-testid="decision-amount"' in page
    assert application.use_report.municipal_share == Decimal("25.0")


def test_the_dashboard_lists_the_associations_applications(
    client_for, application, association_rep
):
    page = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert application.get_absolute_url() in page


def test_remind_command_dry_run_sends_nothing_and_each_draft_is_reminded_once(
    application, mailoutbox, django_capture_on_commit_callbacks
):
    application.grant_round.closes_at = timezone.now() + timedelta(days=1)
    application.grant_round.save()

    call_command("remind_grant_deadlines", "--dry-run", stdout=io.StringIO())
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_grant_deadlines", stdout=io.StringIO())
        call_command("remind_grant_deadlines", stdout=io.StringIO())

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [application.created_by.email]


def test_an_application_of_an_unrelated_association_is_not_in_anyones_dashboard(
    client_for, association_rep
):
    stranger = GrantApplicationFactory(association=AssociationFactory())

    page = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert stranger.get_absolute_url() not in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_round_list_takes_the_same_number_of_queries_for_3_and_30_rounds(
    resident, django_assert_num_queries, rows
):
    GrantRoundFactory.create_batch(rows)

    # The rounds, and when the next of them opens or closes (how long the copy stays true).
    with django_assert_num_queries(2):
        response = resident.get(reverse("grants:round_list"))

    assert response.content.decode().count('class="card"') == rows


def test_the_officer_names_a_reviewer_who_then_sees_the_round(
    client_for, culture_round, sector_officer, plain_user
):
    client_for(sector_officer).post(
        reverse("grants:round_review", args=[culture_round.pk]),
        {"email": plain_user.email, "add_reviewer": ""},
    )

    response = client_for(plain_user).get(reverse("grants:round_review", args=[culture_round.pk]))

    assert response.status_code == 200
    assert culture_round.reviewer_assignments.get().reviewer == plain_user


def test_a_representative_cannot_name_reviewers(client_for, culture_round, association_rep):
    response = client_for(association_rep).post(
        reverse("grants:round_review", args=[culture_round.pk]),
        {"email": association_rep.email, "add_reviewer": ""},
    )

    assert response.status_code == 403
    assert not culture_round.reviewer_assignments.exists()


def test_the_applicant_does_not_see_a_decision_proposal(
    client_for, application, sector_officer, association_rep
):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )
    services.propose_decision(
        application=application, amount=Decimal("700"), reasons="Ehdotus", by=sector_officer
    )

    applicant_page = client_for(association_rep).get(application.get_absolute_url())
    officer_page = client_for(sector_officer).get(application.get_absolute_url())

    assert 'data-testid="decision-amount"' not in applicant_page.content.decode()
    assert 'data-testid="decision-amount"' in officer_page.content.decode()


def test_the_round_page_links_reviewers_to_the_ranking(
    client_for, culture_round, sector_officer, association_rep
):
    officer_page = client_for(sector_officer).get(culture_round.get_absolute_url())
    rep_page = client_for(association_rep).get(culture_round.get_absolute_url())

    assert 'data-testid="review-round"' in officer_page.content.decode()
    assert 'data-testid="review-round"' not in rep_page.content.decode()


def test_the_payment_export_neutralises_spreadsheet_formulas(
    client_for, application, sector_officer
):
    application.association.name = '=HYPERLINK("http://x")'
    application.association.save()
    decided(application, sector_officer)

    response = client_for(sector_officer).get(
        reverse("grants:payment_export", args=[application.grant_round_id])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1].startswith("'=HYPERLINK")


def test_council_members_find_the_figures_from_their_page(client_for, council_member):
    page = client_for(council_member).get(reverse("portal:dashboard")).content.decode()

    assert reverse("grants:figures") in page
