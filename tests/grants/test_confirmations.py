"""Actions that cannot be undone ask first, say what they do, and are not offered in vain."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants.models import Attachment, Decision, GrantApplication, Payment, UseReport

pytestmark = pytest.mark.django_db


def english(name, *args):
    with translation.override("en"):
        return reverse(f"grants:{name}", args=args)


def in_review(application, officer):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=officer
    )
    return application


@pytest.fixture
def granted(application, sector_officer):
    in_review(application, sector_officer)
    services.decide_application(
        application=application, amount=Decimal("1000"), reasons="", by=sector_officer
    )
    return application


def paid(application, officer):
    services.mark_payment_paid(
        payment=Payment.objects.get(decision__application=application),
        paid_on=timezone.localdate(),
        by=officer,
    )


def test_opening_the_decline_page_changes_nothing_and_says_the_grant_is_given_up_for_good(
    client_for, granted, association_rep
):
    response = client_for(association_rep).get(english("application_decline", granted.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "gives up the grant of 1,000.00 € for good" in page
    assert "cannot be taken back" in page
    assert 'data-testid="confirm"' in page
    granted.refresh_from_db()
    assert granted.status == GrantApplication.Status.DECIDED
    assert Payment.objects.get().status == Payment.Status.PLANNED


def test_the_button_on_the_decline_page_declines_the_grant(client_for, granted, association_rep):
    response = client_for(association_rep).post(english("application_decline", granted.pk))

    assert response["Location"] == granted.get_absolute_url()
    granted.refresh_from_db()
    assert granted.status == GrantApplication.Status.DECLINED
    assert Payment.objects.get().status == Payment.Status.CANCELLED


def test_the_application_page_links_to_the_decline_page_instead_of_declining_at_once(
    client_for, granted, association_rep
):
    page = client_for(association_rep).get(granted.get_absolute_url()).content.decode()

    decline_url = reverse("grants:application_decline", args=[granted.pk])
    assert f'href="{decline_url}"' in page
    assert f'action="{decline_url}"' not in page


def test_a_paid_grant_page_offers_no_decline(client_for, granted, association_rep, sector_officer):
    paid(granted, sector_officer)

    page = client_for(association_rep).get(granted.get_absolute_url()).content.decode()

    assert 'data-testid="decline"' not in page
    assert reverse("grants:application_decline", args=[granted.pk]) not in page


def test_declining_a_paid_grant_is_refused_with_a_clear_message(
    client_for, granted, association_rep, sector_officer
):
    paid(granted, sector_officer)

    response = client_for(association_rep).post(english("application_decline", granted.pk))

    assert response.status_code == 400
    assert "part of it has already been paid" in response.content.decode()
    granted.refresh_from_db()
    assert granted.status == GrantApplication.Status.DECIDED
    assert Payment.objects.get().status == Payment.Status.PAID


def test_the_decline_page_of_a_paid_grant_has_no_button(
    client_for, granted, association_rep, sector_officer
):
    paid(granted, sector_officer)

    page = client_for(association_rep).get(english("application_decline", granted.pk))

    assert "part of it has already been paid" in page.content.decode()
    assert 'data-testid="confirm"' not in page.content.decode()


def test_opening_the_withdraw_page_changes_nothing(client_for, application, association_rep):
    response = client_for(association_rep).get(english("application_withdraw", application.pk))

    assert "withdrawn for good" in response.content.decode()
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DRAFT


def test_the_button_on_the_withdraw_page_withdraws(client_for, application, association_rep):
    client_for(association_rep).post(english("application_withdraw", application.pk))

    application.refresh_from_db()
    assert application.status == GrantApplication.Status.WITHDRAWN


def test_a_decided_application_cannot_be_withdrawn_and_the_page_says_why(
    client_for, granted, association_rep
):
    response = client_for(association_rep).post(english("application_withdraw", granted.pk))

    assert response.status_code == 400
    assert "A decided application cannot be withdrawn." in response.content.decode()
    granted.refresh_from_db()
    assert granted.status == GrantApplication.Status.DECIDED


def test_removing_an_attachment_asks_first(
    client_for, application, association_rep, private_storage, pdf_bytes
):
    attachment = services.add_attachment(
        application=application,
        upload=SimpleUploadedFile("liite.pdf", pdf_bytes),
        by=association_rep,
    )
    client = client_for(association_rep)

    question = client.get(english("attachment_delete", attachment.pk))
    assert "deleted from the application for good" in question.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()

    client.post(english("attachment_delete", attachment.pk))
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_marking_an_instalment_paid_asks_first(client_for, granted, sector_officer):
    payment = Payment.objects.get()
    client = client_for(sector_officer)

    question = client.get(english("payment_mark_paid", payment.pk))
    payment.refresh_from_db()
    assert "cannot be undone" in question.content.decode()
    assert payment.status == Payment.Status.PLANNED

    client.post(english("payment_mark_paid", payment.pk))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_making_the_decision_asks_first_and_going_back_keeps_the_typed_values(
    client_for, application, sector_officer
):
    in_review(application, sector_officer)
    client = client_for(sector_officer)
    url = english("decision_edit", application.pk)
    typed = {"amount": "600", "reasons": "Määräraha ei riitä", "decide": ""}

    question = client.post(url, typed)
    back = client.post(url, {**typed, "confirm": "1", "back": ""})

    assert "The decision is final" in question.content.decode()
    assert "Määräraha ei riitä" in back.content.decode()
    assert not Decision.objects.exists()
    client.post(url, {**typed, "confirm": "1"})
    assert Decision.objects.get().is_final


def test_a_decision_that_would_be_refused_shows_the_error_before_asking(
    client_for, application, sector_officer
):
    in_review(application, sector_officer)

    response = client_for(sector_officer).post(
        english("decision_edit", application.pk), {"amount": "600", "reasons": "", "decide": ""}
    )

    assert "Give the reasons" in response.content.decode()
    assert 'data-testid="confirm"' not in response.content.decode()


def test_starting_the_review_asks_first(client_for, application, association_rep, sector_officer):
    services.submit_application(application=application, by=association_rep)
    client = client_for(sector_officer)
    url = english("round_review", application.grant_round_id)

    question = client.post(url, {"start_review": ""})
    application.refresh_from_db()
    assert "1 submitted application moves to review" in question.content.decode()
    assert application.status == GrantApplication.Status.SUBMITTED

    client.post(url, {"start_review": "1", "confirm": ""})
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.IN_REVIEW


def test_accepting_a_use_report_asks_first(client_for, granted, association_rep, sector_officer):
    services.submit_use_report(
        application=granted,
        fields={
            "volunteer_hours": 10,
            "total_costs": Decimal("2000"),
            "grant_used": Decimal("1000"),
            "narrative": "Onnistui",
        },
        events=[{"name": "Konsertti", "held_on": timezone.localdate(), "participants": 50}],
        by=association_rep,
    )
    client = client_for(sector_officer)
    url = english("use_report_review", granted.pk)

    question = client.post(url, {"accept": "yes", "comment": "Kiitos"})
    assert "can no longer change" in question.content.decode()
    assert UseReport.objects.get().status == UseReport.Status.SUBMITTED

    client.post(url, {"accept": "yes", "comment": "Kiitos", "confirm": "1"})
    assert UseReport.objects.get().status == UseReport.Status.ACCEPTED


def test_the_disqualification_page_says_the_answer_is_final(
    client_for, application, sector_officer
):
    application.status = GrantApplication.Status.SUBMITTED
    application.submitted_at = application.created_at
    application.save()

    page = client_for(sector_officer).get(english("disqualification_declare", application.pk))

    assert "cannot be changed afterwards" in page.content.decode()
