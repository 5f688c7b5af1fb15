import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations.models import Association, Membership
from organizations.services import (
    approve_membership,
    end_membership,
    register_association,
    reject_membership,
    request_membership,
    update_association_profile,
    verify_association,
)
from portal import roles
from portal.models import AuditEvent
from tests.organizations.factories import (
    AssociationFactory,
    CategoryFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_requesting_membership_makes_a_pending_one_and_an_audit_event(plain_user, association):
    membership = request_membership(
        user=plain_user, association=association, role="secretary", message="Valittu 2025."
    )

    assert membership.status == Membership.Status.PENDING
    assert AuditEvent.objects.filter(
        action="organizations.membership_requested", actor=plain_user
    ).exists()


def test_asking_twice_to_represent_is_refused(plain_user, association):
    request_membership(user=plain_user, association=association, role="chair")

    with pytest.raises(ValidationError) as error:
        request_membership(user=plain_user, association=association, role="chair")

    assert error.value.code == "already_requested"
    assert Membership.objects.filter(user=plain_user).count() == 1


def test_registering_an_association_keeps_it_unlisted_with_a_pending_membership(plain_user):
    membership = register_association(
        by=plain_user, name="Uusi Kuoro ry", role="chair", domicile="Esimerkkilä"
    )

    association = membership.association
    assert association.is_listed is False
    assert association.slug == "uusi-kuoro-ry"
    assert membership.status == Membership.Status.PENDING
    assert AuditEvent.objects.filter(action="organizations.association_registered").count() == 1


def test_registering_with_a_bad_business_id_changes_nothing(plain_user):
    with pytest.raises(ValidationError):
        register_association(by=plain_user, name="Uusi ry", role="chair", business_id="1234567-8")

    assert not Association.objects.exists()
    assert not Membership.objects.exists()


def test_approval_gives_the_right_lists_the_association_and_mails_the_user(
    liaison_officer, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language="en")
    membership = register_association(by=user, name="Uusi Kuoro ry", role="chair")
    assert not roles.represents(user, membership.association)

    with django_capture_on_commit_callbacks(execute=True):
        approve_membership(membership=membership, by=liaison_officer)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert membership.decided_by == liaison_officer
    assert Association.objects.get().is_listed is True
    assert roles.represents(user, membership.association)
    assert AuditEvent.objects.filter(action="organizations.membership_approved").exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "You now represent Uusi Kuoro ry" in mailoutbox[0].subject


def test_decision_mail_is_written_in_the_users_language(
    liaison_officer, association, mailoutbox, django_capture_on_commit_callbacks, settings
):
    membership = MembershipFactory(
        association=association, pending=True, user=UserFactory(preferred_language="fi")
    )
    settings.LANGUAGE_CODE = "en"

    with django_capture_on_commit_callbacks(execute=True):
        reject_membership(membership=membership, by=liaison_officer, reason="Ei tunneta.")

    assert "Ei tunneta." in mailoutbox[0].body
    assert mailoutbox[0].to == [membership.user.email]


def test_rejection_needs_a_reason_and_changes_nothing_without_one(
    liaison_officer, association, mailoutbox
):
    membership = MembershipFactory(association=association, pending=True)

    with pytest.raises(ValidationError) as error:
        reject_membership(membership=membership, by=liaison_officer, reason="  ")

    assert error.value.code == "reason_required"
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    assert not AuditEvent.objects.filter(action="organizations.membership_rejected").exists()
    assert mailoutbox == []


def test_rejection_is_audit_logged_with_the_reason(liaison_officer, association):
    membership = MembershipFactory(association=association, pending=True)

    reject_membership(membership=membership, by=liaison_officer, reason="Ei hallituksessa.")

    event = AuditEvent.objects.get(action="organizations.membership_rejected")
    assert event.data == {"reason": "Ei hallituksessa."}
    assert event.actor == liaison_officer


def test_a_decided_request_cannot_be_decided_again(liaison_officer, association):
    membership = MembershipFactory(association=association, pending=True)
    approve_membership(membership=membership, by=liaison_officer)

    with pytest.raises(ValidationError) as error:
        reject_membership(membership=membership, by=liaison_officer, reason="Myöhässä.")

    assert error.value.code == "not_pending"


def test_only_the_liaison_officer_approves(sector_officer, association):
    membership = MembershipFactory(association=association, pending=True)

    with pytest.raises(PermissionDenied):
        approve_membership(membership=membership, by=sector_officer)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_ending_a_membership_takes_the_right_away(association_rep, association):
    membership = Membership.objects.get(user=association_rep)
    assert roles.represents(association_rep, association)

    end_membership(membership=membership, by=association_rep)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert not roles.represents(association_rep, association)


def test_profile_update_by_the_rep_saves_audits_and_updates_search(association_rep, association):
    culture = CategoryFactory(name="Kulttuuri", slug="kulttuuri")

    update_association_profile(
        association=association,
        data={"purpose_fi": "Järjestämme konsertteja.", "categories": [culture]},
        by=association_rep,
    )

    event = AuditEvent.objects.get(action="organizations.profile_updated")
    assert set(event.data["fields"]) == {"purpose_fi", "categories"}
    assert list(Association.objects.search("konsertti")) == [association]
    assert list(Association.objects.search("kulttuuri")) == [association]
    assert association.history.first().history_user == association_rep


def test_profile_update_by_another_associations_rep_is_refused(other_association_rep, association):
    with pytest.raises(PermissionDenied):
        update_association_profile(
            association=association, data={"name": "Kaapattu ry"}, by=other_association_rep
        )

    association.refresh_from_db()
    assert association.name == "Esimerkkilän Urheiluseura ry"


def test_profile_update_with_a_bad_register_number_changes_nothing(liaison_officer, association):
    with pytest.raises(ValidationError):
        update_association_profile(
            association=association, data={"register_number": "12-34"}, by=liaison_officer
        )

    association.refresh_from_db()
    assert association.register_number == ""
    assert not AuditEvent.objects.exists()


def test_profile_update_without_changes_writes_no_event(liaison_officer, association):
    update_association_profile(
        association=association, data={"name": association.name}, by=liaison_officer
    )

    assert not AuditEvent.objects.exists()


def test_verifying_records_who_and_when(liaison_officer):
    association = AssociationFactory(unverified=True)

    verify_association(association=association, by=liaison_officer)

    association.refresh_from_db()
    assert association.is_verified
    assert association.verified_by == liaison_officer
    assert association.verified_at is not None
    assert AuditEvent.objects.filter(action="organizations.association_verified").exists()


def test_search_vector_weights_the_name_above_the_domicile(liaison_officer):
    by_name = AssociationFactory(name="Kuusamon kuoro ry", domicile="Esimerkkilä")
    by_place = AssociationFactory(name="Laulu ry", domicile="Kuusamo")
    from organizations.services import refresh_search_vector

    refresh_search_vector()

    assert list(Association.objects.search("Kuusamo")) == [by_name, by_place]


def test_a_request_is_mailed_to_the_liaison_officers(
    plain_user, association, liaison_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_membership(
            user=plain_user, association=association, role="chair", message="Olen puheenjohtaja."
        )

    assert [mail.to for mail in mailoutbox] == [[liaison_officer.email]]
    assert association.name in mailoutbox[0].subject
    assert "Olen puheenjohtaja." in mailoutbox[0].body
    assert "/yhdistykset/edustuspyynnot/" in mailoutbox[0].body
