import pytest
from django.db import DatabaseError, connection, transaction

from portal import audit
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_record_keeps_who_did_what_to_which_row(liaison_officer, association):
    event = audit.record(
        actor=liaison_officer, action="organizations.verified", target=association, note="ok"
    )

    event.refresh_from_db()
    assert event.actor == liaison_officer
    assert event.action == "organizations.verified"
    assert event.target_repr == association.name
    assert event.data == {"note": "ok"}
    assert list(audit.events_for(association)) == [event]


def test_audit_log_cannot_be_rewritten(liaison_officer, association):
    event = audit.record(actor=liaison_officer, action="x.done", target=association)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="x.undone")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    event.refresh_from_db()
    assert event.action == "x.done"


def test_audit_log_cannot_be_emptied(liaison_officer, association):
    event = audit.record(actor=liaison_officer, action="x.done", target=association)

    with connection.cursor() as cursor:
        # The row's foreign keys are checked at commit; check them now, as a new transaction would.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("TRUNCATE portal_auditevent")

    assert AuditEvent.objects.filter(pk=event.pk).exists()
