from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from grants import services
from grants.models import (
    Attachment,
    BudgetLine,
    Decision,
    DisqualificationDeclaration,
    GrantApplication,
    Payment,
    Score,
    UseReport,
)
from portal.models import AuditEvent
from tests.factories import AssociationFactory, MembershipFactory
from tests.grants.factories import DecisionFactory, GrantApplicationFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The messages below are checked in the language they are written in."""
    with translation.override("en"):
        yield


LINE = {"category": "fees", "description": "Esiintyjät", "amount": Decimal("1500.00")}


def fields(**changes):
    return {
        "title": "Kesäkonsertti",
        "purpose_and_activities": "Konsertti",
        "target_groups": "Kaikki",
        "planned_events": "Heinäkuu",
        "expected_participants": 100,
        "planned_volunteer_hours": 50,
        "other_income": Decimal("0"),
        "other_grants": Decimal("0"),
        "amount_requested": Decimal("1000"),
        **changes,
    }


def in_review(application):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = timezone.now()
    application.save()
    return application


def test_representative_starts_a_draft_and_it_is_logged(
    culture_round, association, association_rep
):
    application = services.create_application(
        grant_round=culture_round, association=association, by=association_rep
    )

    assert application.status == GrantApplication.Status.DRAFT
    assert AuditEvent.objects.filter(action="grants.application_created").count() == 1


def test_representative_cannot_apply_for_another_association(
    culture_round, other_association, association_rep
):
    with pytest.raises(ValidationError) as error:
        services.create_application(
            grant_round=culture_round, association=other_association, by=association_rep
        )

    assert error.value.code == "not_rep"
    assert not GrantApplication.objects.exists()


def test_a_draft_can_be_copied_from_the_previous_application(association, association_rep):
    previous = GrantApplicationFactory(
        association=association, grant_round=GrantRoundFactory(closed=True), title="Vanha"
    )
    new_round = GrantRoundFactory()

    application = services.create_application(
        grant_round=new_round, association=association, by=association_rep, copy_previous=True
    )

    assert application.title == "Vanha"
    assert application.copied_from == previous
    assert application.budget_lines.get().amount == Decimal("1500.00")


def test_a_draft_cannot_be_started_after_the_round_closed(association, association_rep):
    closed = GrantRoundFactory(closed=True)

    with pytest.raises(ValidationError) as error:
        services.create_application(grant_round=closed, association=association, by=association_rep)

    assert "Late applications cannot be accepted" in error.value.message


def test_saving_replaces_the_budget_lines(application, association_rep):
    services.update_application(
        application=application,
        fields=fields(),
        budget_lines=[LINE, {**LINE, "category": "premises", "amount": Decimal("300")}],
        answers={},
        by=association_rep,
    )

    assert application.budget_lines.count() == 2
    assert application.total_costs == Decimal("1800.00")


def test_a_budget_that_does_not_add_up_is_refused_and_nothing_is_saved(
    application, association_rep
):
    with pytest.raises(ValidationError) as error:
        services.update_application(
            application=application,
            fields=fields(amount_requested=Decimal("1000"), other_income=Decimal("900")),
            budget_lines=[LINE],
            answers={},
            by=association_rep,
        )

    assert "does not add up" in error.value.messages[0]
    application.refresh_from_db()
    assert application.other_income == 0
    assert application.budget_lines.get().description == "Esiintyjien palkkiot"


def test_an_amount_above_the_rounds_largest_grant_is_refused(application, association_rep):
    with pytest.raises(ValidationError) as error:
        services.update_application(
            application=application,
            fields=fields(amount_requested=Decimal("5000")),
            budget_lines=[{**LINE, "amount": Decimal("9000")}],
            answers={},
            by=association_rep,
        )

    assert "largest grant" in error.value.messages[0]
    application.refresh_from_db()
    assert application.amount_requested == Decimal("1000.00")


def test_another_representative_of_the_same_association_can_edit(application, association):
    colleague = MembershipFactory(association=association).user

    services.update_application(
        application=application,
        fields=fields(title="Yhteinen"),
        budget_lines=[LINE],
        answers={},
        by=colleague,
    )

    application.refresh_from_db()
    assert application.title == "Yhteinen"


def test_submitting_sends_a_receipt_and_logs_the_status_change(
    application, association_rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application=application, by=association_rep)

    application.refresh_from_db()
    assert application.status == GrantApplication.Status.SUBMITTED
    assert application.submitted_at is not None
    assert AuditEvent.objects.filter(action="grants.status_changed", data__new="submitted").exists()
    assert len(mail.outbox) == 1
    assert association_rep.email in mail.outbox[0].to


def test_a_late_submission_is_refused_with_the_closing_time(application, association_rep):
    application.grant_round.closes_at = timezone.now() - timedelta(minutes=1)
    application.grant_round.save()

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, by=association_rep)

    assert error.value.code == "late"
    assert "The round closed on" in error.value.message
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DRAFT


def test_an_unverified_association_is_not_eligible(culture_round):
    association = AssociationFactory(unverified=True)
    rep = MembershipFactory(association=association).user
    application = GrantApplicationFactory(grant_round=culture_round, association=association)

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, by=rep)

    assert "verified" in " ".join(error.value.messages)


def test_an_association_not_yet_in_the_register_cannot_apply(culture_round):
    association = AssociationFactory(is_listed=False)
    rep = MembershipFactory(association=association).user
    application = GrantApplicationFactory(grant_round=culture_round, association=association)

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, by=rep)

    assert "in the municipality's register" in " ".join(error.value.messages)
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DRAFT


def test_a_round_can_require_the_previous_grants_use_report(application, association_rep):
    DecisionFactory(
        application__association=application.association,
        application__grant_round=GrantRoundFactory(closed=True),
    )

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, by=association_rep)

    assert "use report" in " ".join(error.value.messages)


def test_required_extra_questions_must_be_answered(application, association_rep):
    application.grant_round.extra_questions.create(text="Miten esteetöntä?", is_required=True)

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, by=association_rep)

    assert "Miten esteetöntä?" in " ".join(error.value.messages)


def test_a_submitted_application_is_editable_until_review_starts(
    application, association_rep, sector_officer
):
    services.submit_application(application=application, by=association_rep)
    services.update_application(
        application=application,
        fields=fields(title="Muutettu"),
        budget_lines=[LINE],
        answers={},
        by=association_rep,
    )

    services.start_review(grant_round=application.grant_round, by=sector_officer)

    with pytest.raises(ValidationError) as error:
        services.update_application(
            application=application,
            fields=fields(title="Myöhässä"),
            budget_lines=[LINE],
            answers={},
            by=association_rep,
        )
    assert error.value.code == "not_editable"
    application.refresh_from_db()
    assert application.title == "Muutettu"


def test_an_attachment_is_stored_privately_under_a_random_name(
    application, association_rep, private_storage, pdf_bytes
):
    upload = SimpleUploadedFile("talousarvio.pdf", pdf_bytes, content_type="application/pdf")

    attachment = services.add_attachment(application=application, upload=upload, by=association_rep)

    assert attachment.content_type == "application/pdf"
    assert "talousarvio" not in attachment.stored_name
    assert storages["private"].exists(attachment.stored_name)
    assert (private_storage / "private" / attachment.stored_name).exists()


def test_an_executable_renamed_to_pdf_is_refused(application, association_rep, private_storage):
    upload = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")

    with pytest.raises(ValidationError) as error:
        services.add_attachment(application=application, upload=upload, by=association_rep)

    assert error.value.code == "bad_type"
    assert not Attachment.objects.exists()
    assert not (private_storage / "private").exists() or not any(
        (private_storage / "private").rglob("*.*")
    )


def test_an_oversized_file_is_refused(application, association_rep, private_storage, pdf_bytes):
    big = pdf_bytes + b"0" * services.MAX_ATTACHMENT_BYTES
    upload = SimpleUploadedFile("iso.pdf", big, "application/pdf")

    with pytest.raises(ValidationError) as error:
        services.add_attachment(application=application, upload=upload, by=association_rep)

    assert error.value.code == "too_large"
    assert not Attachment.objects.exists()


def test_a_disqualified_reviewer_cannot_score(application, sector_officer):
    in_review(application)
    services.declare_disqualification(
        application=application, is_disqualified=True, reason="Hallituksen jäsen", by=sector_officer
    )
    criterion = application.grant_round.criteria.first()

    with pytest.raises(ValidationError):
        services.record_scores(
            application=application, scores={criterion.pk: (5, "Hyvä")}, by=sector_officer
        )

    assert not Score.objects.exists()
    assert AuditEvent.objects.filter(
        action="grants.disqualification_declared", data__is_disqualified=True
    ).exists()


def test_a_disqualification_needs_a_reason(application, sector_officer):
    with pytest.raises(ValidationError):
        services.declare_disqualification(
            application=application, is_disqualified=True, reason=" ", by=sector_officer
        )

    assert not DisqualificationDeclaration.objects.exists()


def test_scores_are_saved_with_rationale_and_logged(application, sector_officer):
    in_review(application)
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )
    first, second = application.grant_round.criteria.all()

    services.record_scores(
        application=application,
        scores={first.pk: (4, "Laaja yleisö"), second.pk: (3, "Realistinen")},
        by=sector_officer,
    )

    assert Score.objects.count() == 2
    assert AuditEvent.objects.filter(action="grants.scored").count() == 2


def declared(application, officer):
    in_review(application)
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=officer
    )
    return application


def test_a_refusal_needs_reasons(application, sector_officer):
    declared(application, sector_officer)

    with pytest.raises(ValidationError) as error:
        services.decide_application(
            application=application, amount=Decimal("0"), reasons="", by=sector_officer
        )

    assert error.value.code == "reasons_required"
    assert not Decision.objects.exists()


def test_a_decision_plans_instalments_notifies_and_logs(
    application, sector_officer, django_capture_on_commit_callbacks
):
    application.grant_round.uses_instalments = True
    application.grant_round.save()
    declared(application, sector_officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application=application, amount=Decimal("801"), reasons="Osittain", by=sector_officer
        )

    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DECIDED
    assert list(Payment.objects.values_list("amount", flat=True)) == [
        Decimal("400.50"),
        Decimal("400.50"),
    ]
    assert AuditEvent.objects.filter(action="grants.decided", data__amount="801").exists()
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_zero_euros_is_a_decision_without_payments(application, sector_officer):
    declared(application, sector_officer)

    decision = services.decide_application(
        application=application, amount=Decimal("0"), reasons="Ei rahaa", by=sector_officer
    )

    assert decision.is_refusal
    assert not Payment.objects.exists()


def test_the_association_can_decline_a_grant(application, sector_officer, association_rep):
    declared(application, sector_officer)
    services.decide_application(
        application=application, amount=Decimal("1000"), reasons="", by=sector_officer
    )

    services.decline_grant(application=application, by=association_rep)

    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DECLINED
    assert Payment.objects.get().status == Payment.Status.CANCELLED


def granted(application, officer):
    declared(application, officer)
    services.decide_application(
        application=application, amount=Decimal("1000"), reasons="", by=officer
    )
    return application


def test_a_use_report_computes_the_municipal_share(application, sector_officer, association_rep):
    granted(application, sector_officer)

    report = services.submit_use_report(
        application=application,
        fields={
            "volunteer_hours": 90,
            "total_costs": Decimal("4000"),
            "grant_used": Decimal("1000"),
            "narrative": "Onnistui",
        },
        events=[{"name": "Konsertti", "held_on": timezone.localdate(), "participants": 150}],
        by=association_rep,
    )

    assert report.municipal_share == Decimal("25.0")
    assert report.events.get().participants == 150


def test_a_use_report_cannot_claim_more_than_the_grant(
    application, sector_officer, association_rep
):
    granted(application, sector_officer)

    with pytest.raises(ValidationError) as error:
        services.submit_use_report(
            application=application,
            fields={
                "volunteer_hours": 1,
                "total_costs": Decimal("5000"),
                "grant_used": Decimal("2000"),
                "narrative": "x",
            },
            events=[{"name": "x", "held_on": timezone.localdate(), "participants": 1}],
            by=association_rep,
        )

    assert error.value.code == "used_above_grant"
    assert not UseReport.objects.exists()


def test_the_officer_asks_for_completion_with_a_comment(
    application, sector_officer, association_rep
):
    granted(application, sector_officer)
    report = services.submit_use_report(
        application=application,
        fields={"volunteer_hours": 1, "total_costs": 1000, "grant_used": 1000, "narrative": "x"},
        events=[{"name": "x", "held_on": timezone.localdate(), "participants": 1}],
        by=association_rep,
    )

    services.review_use_report(
        report=report, accept=False, comment="Lisää tapahtumat", by=sector_officer
    )

    report.refresh_from_db()
    assert report.status == UseReport.Status.NEEDS_COMPLETION


def test_drafts_of_rounds_closing_soon_are_reminded(application):
    application.grant_round.closes_at = timezone.now() + timedelta(days=2)
    application.grant_round.save()
    GrantApplicationFactory()

    assert list(services.drafts_to_remind()) == [application]


def test_budget_lines_of_another_application_are_not_touched(application, association_rep):
    other = GrantApplicationFactory()

    services.update_application(
        application=application, fields=fields(), budget_lines=[], answers={}, by=association_rep
    )

    assert BudgetLine.objects.filter(application=other).count() == 1


def test_a_spreadsheet_attachment_is_recognised_from_its_content(
    application, association_rep, private_storage
):
    import io

    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    upload = SimpleUploadedFile("budjetti.bin", buffer.getvalue())

    attachment = services.add_attachment(application=application, upload=upload, by=association_rep)

    assert attachment.content_type.endswith("spreadsheetml.sheet")
    assert attachment.stored_name.endswith(".xlsx")


def test_grantees_whose_report_is_due_are_reminded(application, sector_officer):
    granted(application, sector_officer)
    application.grant_round.use_report_due_on = timezone.localdate() + timedelta(days=7)
    application.grant_round.save()

    assert list(services.reports_to_remind()) == [application]


def test_a_returned_report_is_not_reminded(application, sector_officer, association_rep):
    granted(application, sector_officer)
    application.grant_round.use_report_due_on = timezone.localdate()
    application.grant_round.save()
    services.submit_use_report(
        application=application,
        fields={"volunteer_hours": 1, "total_costs": 1000, "grant_used": 1000, "narrative": "x"},
        events=[{"name": "x", "held_on": timezone.localdate(), "participants": 1}],
        by=association_rep,
    )

    assert list(services.reports_to_remind()) == []


def test_paying_an_instalment_is_recorded_and_logged(application, sector_officer):
    granted(application, sector_officer)
    payment = Payment.objects.get()

    services.mark_payment_paid(payment=payment, paid_on=timezone.localdate(), by=sector_officer)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert AuditEvent.objects.filter(action="grants.payment_paid").exists()


def test_a_paid_grant_cannot_be_declined(application, sector_officer, association_rep):
    granted(application, sector_officer)
    services.mark_payment_paid(
        payment=Payment.objects.get(), paid_on=timezone.localdate(), by=sector_officer
    )

    with pytest.raises(ValidationError) as error:
        services.decline_grant(application=application, by=association_rep)

    assert error.value.code == "paid"
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DECIDED


def test_only_the_sectors_officer_starts_the_review(application, association_rep):
    services.submit_application(application=application, by=association_rep)

    with pytest.raises(ValidationError):
        services.start_review(grant_round=application.grant_round, by=association_rep)

    application.refresh_from_db()
    assert application.status == GrantApplication.Status.SUBMITTED


def test_a_reviewer_declares_only_once(application, sector_officer):
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )

    with pytest.raises(ValidationError) as error:
        services.declare_disqualification(
            application=application,
            is_disqualified=True,
            reason="Muutin mieleni",
            by=sector_officer,
        )

    assert error.value.code == "declared"
    assert DisqualificationDeclaration.objects.get().is_disqualified is False


def test_the_required_attachments_must_be_attached(application, association_rep):
    application.grant_round.required_attachments = "Talousarvio\nToimintakertomus"
    application.grant_round.save()

    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, by=association_rep)

    assert "Talousarvio, Toimintakertomus" in " ".join(error.value.messages)


def test_a_due_report_is_reminded_once_to_the_applicant_and_the_association(
    application, sector_officer, django_capture_on_commit_callbacks
):
    granted(application, sector_officer)
    application.grant_round.use_report_due_on = timezone.localdate() + timedelta(days=3)
    application.grant_round.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_reminders()
    second = services.send_reminders()

    assert (first, second) == (1, 0)
    assert application.association.contact_email in mail.outbox[0].to
