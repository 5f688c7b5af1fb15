from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from grants.models import DisqualificationDeclaration
from portal import retention
from portal.access_log import entries_about, record_access
from portal.models import AccessLogEntry
from tests.facilities.factories import BookingFactory
from tests.factories import MembershipFactory, UserFactory, with_totp
from tests.grants.factories import GrantApplicationFactory, GrantProgrammeFactory

pytestmark = pytest.mark.django_db


def test_record_access_keeps_who_what_and_whose_data(liaison_officer, association, plain_user):
    entry = record_access(
        liaison_officer, what="organizations.contacts", target=association, people=[plain_user]
    )

    entry.refresh_from_db()
    assert entry.actor == liaison_officer
    assert entry.what == "organizations.contacts"
    assert entry.target_repr == association.name
    assert entry.people == [plain_user.pk]
    assert list(entries_about(plain_user)) == [entry]


def test_access_log_refuses_update_and_delete(liaison_officer):
    entry = record_access(liaison_officer, what="grants.application")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(what="nothing")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()

    entry.refresh_from_db()
    assert entry.what == "grants.application"


def test_access_log_refuses_truncate(liaison_officer):
    record_access(liaison_officer, what="grants.application")

    with transaction.atomic(), connection.cursor() as cursor:
        # The row's foreign keys are checked at commit; check them now, as a new transaction would.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("TRUNCATE portal_accesslogentry")

    assert AccessLogEntry.objects.count() == 1


def test_database_lets_only_entries_past_the_retention_period_be_deleted(liaison_officer):
    now = timezone.now()
    inside = AccessLogEntry.objects.create(
        actor=liaison_officer, what="x", created_at=now - retention.ACCESS_LOG + timedelta(hours=1)
    )
    outside = AccessLogEntry.objects.create(
        actor=liaison_officer, what="x", created_at=now - retention.ACCESS_LOG - timedelta(hours=1)
    )

    AccessLogEntry.objects.filter(pk=outside.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=inside.pk).delete()

    assert list(AccessLogEntry.objects.all()) == [inside]


# The administrator alone reads the log in the admin.


def test_administrator_reads_the_access_log_in_the_admin(client_for, liaison_officer):
    admin = with_totp(UserFactory(is_staff=True, is_superuser=True))
    record_access(liaison_officer, what="grants.application")

    response = client_for(admin).get(reverse("admin:portal_accesslogentry_changelist"))

    assert response.status_code == 200
    assert "grants.application" in response.text


def test_liaison_officer_cannot_read_the_access_log(client_for, liaison_officer):
    record_access(liaison_officer, what="grants.application")
    client = client_for(liaison_officer)

    changelist = client.get(reverse("admin:portal_accesslogentry_changelist"))
    index = client.get(reverse("admin:index"))

    assert changelist.status_code == 403
    assert reverse("admin:portal_accesslogentry_changelist") not in index.text


def test_nobody_changes_the_access_log_in_the_admin(client_for, liaison_officer):
    admin = with_totp(UserFactory(is_staff=True, is_superuser=True))
    entry = record_access(liaison_officer, what="grants.application")
    client = client_for(admin)

    delete = client.post(
        reverse("admin:portal_accesslogentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    add = client.get(reverse("admin:portal_accesslogentry_add"))

    assert delete.status_code == 403
    assert add.status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


# Views that show another person's data log it; one's own does not.


@pytest.fixture
def submitted_application(db, association, association_rep, sector_officer):
    programme = GrantProgrammeFactory(contact_official=sector_officer)
    return GrantApplicationFactory(
        grant_round__programme=programme,
        association=association,
        created_by=association_rep,
        submitted=True,
    )


def test_officer_opening_an_application_logs_one_entry(
    client_for, liaison_officer, submitted_application, association_rep
):
    DisqualificationDeclaration.objects.create(
        reviewer=liaison_officer, application=submitted_application, is_disqualified=False
    )

    response = client_for(liaison_officer).get(submitted_application.get_absolute_url())

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.actor == liaison_officer
    assert entry.what == "grants.application"
    assert entry.target_id == str(submitted_application.pk)
    assert entry.people == [association_rep.pk]


def test_representative_opening_their_own_application_is_not_logged(
    client_for, association_rep, submitted_application
):
    response = client_for(association_rep).get(submitted_application.get_absolute_url())

    assert response.status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_register_export_logs_an_entry(client_for, liaison_officer, association):
    response = client_for(liaison_officer).get(
        reverse("organizations:register_export", args=["csv"])
    )

    assert response.status_code == 200
    assert AccessLogEntry.objects.get().what == "organizations.register_export_csv"


def test_refused_export_logs_nothing(client_for, association_rep):
    response = client_for(association_rep).get(
        reverse("organizations:register_export", args=["csv"])
    )

    assert response.status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_officer_opening_the_membership_queue_logs_whose_requests_were_shown(
    client_for, liaison_officer, association
):
    membership = MembershipFactory(association=association, pending=True)

    client_for(liaison_officer).get(reverse("organizations:membership_queue"))

    assert AccessLogEntry.objects.get().people == [membership.user_id]


def test_officer_seeing_an_associations_private_contacts_is_logged(
    client_for, liaison_officer, association_rep, association
):
    client_for(association_rep).get(association.get_absolute_url())
    assert not AccessLogEntry.objects.exists()

    client_for(liaison_officer).get(association.get_absolute_url())

    assert AccessLogEntry.objects.get().what == "organizations.association_contacts"


def test_officer_opening_a_booking_is_logged_and_the_booker_is_not(
    client_for, liaison_officer, association, association_rep
):
    booking = BookingFactory(association=association, booked_by=association_rep)

    client_for(association_rep).get(booking.get_absolute_url())
    assert not AccessLogEntry.objects.exists()
    response = client_for(liaison_officer).get(booking.get_absolute_url())

    assert response.status_code == 200
    assert AccessLogEntry.objects.get().people == [association_rep.pk]


def test_payments_export_logs_an_entry(client_for, sector_officer, submitted_application):
    response = client_for(sector_officer).get(
        reverse("grants:payment_export", args=[submitted_application.grant_round_id])
    )

    assert response.status_code == 200
    assert AccessLogEntry.objects.get().what == "grants.payments_export"
