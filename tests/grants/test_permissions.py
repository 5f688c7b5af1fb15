"""Who may open which grant page: role x URL x status."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import services
from grants.models import (
    DisqualificationDeclaration,
    GrantApplication,
    Payment,
    ReviewerAssignment,
)
from portal.models import RoleGrant, Sector
from tests.conftest import with_totp
from tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_application(application, sector_officer, association_rep, private_storage, pdf_bytes):
    """A decided application with an attachment; the culture officer declared no conflict."""
    services.add_attachment(
        application=application,
        upload=SimpleUploadedFile("liite.pdf", pdf_bytes),
        by=association_rep,
    )
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = application.created_at
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )
    services.decide_application(
        application=application, amount=application.amount_requested, reasons="", by=sector_officer
    )
    return application


@pytest.fixture
def users(association_rep, other_association_rep, sector_officer, plain_user, decided_application):
    disqualified = with_totp(UserFactory())
    RoleGrantFactory(user=disqualified, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.CULTURE)
    DisqualificationDeclaration.objects.create(
        reviewer=disqualified,
        application=decided_application,
        is_disqualified=True,
        reason="Hallituksen jäsen",
    )
    undeclared = with_totp(UserFactory())
    RoleGrantFactory(user=undeclared, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.CULTURE)
    sports = with_totp(UserFactory())
    RoleGrantFactory(user=sports, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.SPORTS)
    return {
        "anonymous": None,
        "rep": association_rep,
        "other_rep": other_association_rep,
        "plain": plain_user,
        "officer": sector_officer,
        "disqualified": disqualified,
        "undeclared": undeclared,
        "sports_officer": sports,
    }


def url(name, application):
    if name == "attachment_download":
        return reverse("grants:attachment_download", args=[application.attachments.get().pk])
    if name in ("round_review", "payment_export"):
        return reverse(f"grants:{name}", args=[application.grant_round_id])
    return reverse(f"grants:{name}", args=[application.pk])


LOGIN = "login"
DECLARE = "declare"

TABLE = [
    ("application_detail", "anonymous", LOGIN),
    ("application_detail", "rep", 200),
    ("application_detail", "other_rep", 404),
    ("application_detail", "plain", 404),
    ("application_detail", "officer", 200),
    ("application_detail", "disqualified", 403),
    ("application_detail", "undeclared", DECLARE),
    ("application_detail", "sports_officer", 404),
    ("attachment_download", "anonymous", LOGIN),
    ("attachment_download", "rep", 200),
    ("attachment_download", "other_rep", 404),
    ("attachment_download", "officer", 200),
    ("attachment_download", "disqualified", 403),
    ("attachment_download", "undeclared", 403),
    ("attachment_download", "sports_officer", 404),
    ("decision_letter", "anonymous", LOGIN),
    ("decision_letter", "rep", 200),
    ("decision_letter", "other_rep", 404),
    ("decision_letter", "disqualified", 403),
    ("decision_letter", "sports_officer", 404),
    ("application_edit", "rep", 302),
    ("application_edit", "other_rep", 404),
    ("application_edit", "officer", 403),
    ("decision_edit", "rep", 403),
    ("decision_edit", "disqualified", 403),
    ("score_edit", "disqualified", 403),
    ("score_edit", "rep", 403),
    ("round_review", "anonymous", LOGIN),
    ("round_review", "rep", 403),
    ("round_review", "officer", 200),
    ("round_review", "disqualified", 200),
    ("round_review", "sports_officer", 403),
    ("payment_export", "officer", 200),
    ("payment_export", "rep", 403),
    ("payment_export", "plain", 403),
]


@pytest.mark.parametrize(("name", "role", "expected"), TABLE)
def test_grant_pages_open_only_to_those_who_may_see_them(
    client_for, users, decided_application, name, role, expected
):
    client = client_for(users[role])

    response = client.get(url(name, decided_application))

    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif expected == DECLARE:
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "grants:disqualification_declare", args=[decided_application.pk]
        )
    else:
        assert response.status_code == expected


def test_a_disqualified_reviewer_sees_no_scores_in_the_ranking(
    client_for, users, decided_application
):
    response = client_for(users["disqualified"]).get(url("round_review", decided_application))

    row = response.content.decode().split(f'data-testid="ranking-row-{decided_application.pk}"')[1]
    assert 'data-testid="disqualified"' in row.split("</tr>")[0]


def test_a_draft_is_the_associations_own_until_submitted(client_for, application, sector_officer):
    response = client_for(sector_officer).get(application.get_absolute_url())

    assert response.status_code == 404


@pytest.fixture
def round_reviewer(decided_application):
    """A named reviewer of the round (not its officer) who declared no conflict."""
    reviewer = UserFactory()
    ReviewerAssignment.objects.create(
        grant_round=decided_application.grant_round,
        reviewer=reviewer,
        assigned_by=decided_application.grant_round.programme.contact_official,
    )
    services.declare_disqualification(
        application=decided_application, is_disqualified=False, reason="", by=reviewer
    )
    return reviewer


def post_url(name, application):
    if name == "payment_mark_paid":
        return reverse(f"grants:{name}", args=[Payment.objects.get().pk])
    if name == "attachment_delete":
        return reverse(f"grants:{name}", args=[application.attachments.get().pk])
    return url(name, application)


def snapshot(application):
    """What the POST views could change."""
    application.refresh_from_db()
    return (
        application.status,
        list(Payment.objects.values_list("status", flat=True)),
        application.attachments.count(),
        application.title,
        ReviewerAssignment.objects.count(),
    )


POST_DATA = {
    "application_edit": {"title": "Muutettu", "budget-TOTAL_FORMS": "0"},
    "attachment_upload": {"title": "Muutettu", "budget-TOTAL_FORMS": "0"},
    "round_review": {"start_review": "1", "confirm": "1"},
    "decision_edit": {"amount": "1", "reasons": "x", "decide": "", "confirm": "1"},
    "use_report_review": {"accept": "yes", "confirm": "1"},
}

POST_TABLE = [
    ("payment_mark_paid", "anonymous", LOGIN),
    ("payment_mark_paid", "rep", 403),
    ("payment_mark_paid", "other_rep", 404),
    ("payment_mark_paid", "plain", 404),
    ("payment_mark_paid", "disqualified", 403),
    ("payment_mark_paid", "undeclared", 403),
    ("payment_mark_paid", "sports_officer", 404),
    ("payment_mark_paid", "reviewer", 403),
    ("application_decline", "anonymous", LOGIN),
    ("application_decline", "other_rep", 404),
    ("application_decline", "officer", 403),
    ("application_decline", "sports_officer", 404),
    ("application_withdraw", "anonymous", LOGIN),
    ("application_withdraw", "other_rep", 404),
    ("application_withdraw", "officer", 403),
    ("attachment_delete", "anonymous", LOGIN),
    ("attachment_delete", "other_rep", 404),
    ("attachment_delete", "officer", 403),
    ("attachment_upload", "anonymous", LOGIN),
    ("attachment_upload", "other_rep", 404),
    ("attachment_upload", "officer", 403),
    ("application_edit", "anonymous", LOGIN),
    ("application_edit", "other_rep", 404),
    ("application_edit", "officer", 403),
    ("decision_edit", "anonymous", LOGIN),
    ("decision_edit", "rep", 403),
    ("decision_edit", "other_rep", 404),
    ("decision_edit", "reviewer", 403),
    ("use_report_review", "rep", 403),
    ("use_report_review", "other_rep", 404),
    ("use_report_review", "reviewer", 403),
    ("round_review", "anonymous", LOGIN),
    ("round_review", "rep", 403),
    ("round_review", "reviewer", 403),
    ("round_review", "sports_officer", 403),
]


@pytest.mark.parametrize(("name", "role", "expected"), POST_TABLE)
def test_grant_actions_are_refused_to_those_who_may_not_take_them_and_change_nothing(
    client_for, users, round_reviewer, decided_application, name, role, expected
):
    users = {**users, "reviewer": round_reviewer}
    before = snapshot(decided_application)

    response = client_for(users[role]).post(
        post_url(name, decided_application), POST_DATA.get(name, {})
    )

    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
    assert snapshot(decided_application) == before


def test_a_decided_application_cannot_be_saved_and_the_refusal_is_not_a_redirect(
    client_for, decided_application, association_rep
):
    response = client_for(association_rep).post(
        url("application_edit", decided_application),
        {"title": "Muutettu", "budget-TOTAL_FORMS": "0"},
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 409
    assert response.json()["saved"] is False
    decided_application.refresh_from_db()
    assert decided_application.title != "Muutettu"
