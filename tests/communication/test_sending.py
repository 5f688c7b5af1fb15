"""Messages to the associations: one mail per address, in its language, exactly once."""

from collections import Counter

import pytest
from django.core import mail

from communication import services, tasks
from communication.models import Delivery, Message
from tests.communication.backends import DyingBackend, WorkerDied
from tests.communication.factories import MessageFactory
from tests.factories import AssociationFactory, MembershipFactory, UserFactory


@pytest.fixture
def three_associations(db):
    """Three listed associations: each with a contact address and one representative."""
    made = []
    for language in ("fi", "sv", "en"):
        association = AssociationFactory()
        user = UserFactory(preferred_language=language, email=f"edustaja.{language}@example.fi")
        MembershipFactory(association=association, user=user)
        made.append(association)
    return made


def _all_addresses(associations) -> set[str]:
    addresses = {association.contact_email for association in associations}
    for association in associations:
        addresses |= set(association.memberships.values_list("user__email", flat=True))
    return addresses


def test_each_contact_gets_the_message_once_in_their_language_or_finnish(
    three_associations, liaison_officer, django_capture_on_commit_callbacks
):
    message = MessageFactory(
        subject_fi="Yhdistysilta", subject_sv="Föreningskväll", body_sv="Välkommen."
    )

    with django_capture_on_commit_callbacks(execute=True):
        count = services.send_message(message=message, by=liaison_officer)

    assert count == 6
    subjects = {sent.to[0]: sent.subject for sent in mail.outbox}
    assert len(mail.outbox) == 6
    assert subjects["edustaja.sv@example.fi"] == "Föreningskväll"
    assert subjects["edustaja.en@example.fi"] == "Yhdistysilta"  # no English version
    assert subjects["edustaja.fi@example.fi"] == "Yhdistysilta"
    assert subjects[three_associations[1].contact_email] == "Yhdistysilta"
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert set(message.associations.all()) == set(three_associations)


def test_an_address_of_two_associations_gets_one_mail(
    liaison_officer, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sama@example.fi")
    for _number in range(2):
        MembershipFactory(association=AssociationFactory(contact_email=""), user=person)

    with django_capture_on_commit_callbacks(execute=True):
        count = services.send_message(message=MessageFactory(), by=liaison_officer)

    assert count == 1
    assert [sent.to for sent in mail.outbox] == [["sama@example.fi"]]


def test_unlisted_associations_and_pending_representatives_get_nothing(
    liaison_officer, django_capture_on_commit_callbacks
):
    AssociationFactory(is_listed=False, contact_email="piilo@example.fi")
    listed = AssociationFactory(contact_email="")
    MembershipFactory(association=listed, pending=True, user=UserFactory(email="odottaa@x.fi"))
    MembershipFactory(association=listed, user=UserFactory(email="hyvaksytty@x.fi"))

    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(message=MessageFactory(), by=liaison_officer)

    assert [sent.to[0] for sent in mail.outbox] == ["hyvaksytty@x.fi"]


def test_a_sending_killed_half_way_and_restarted_sends_every_address_exactly_once(
    three_associations, liaison_officer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.communication.backends.DyingBackend"
    monkeypatch.setattr(DyingBackend, "taken", [])
    monkeypatch.setattr(DyingBackend, "LIMIT", 4)
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    message = MessageFactory()

    with pytest.raises(WorkerDied), django_capture_on_commit_callbacks(execute=True):
        services.send_message(message=message, by=liaison_officer)
    assert len(DyingBackend.taken) == 4
    assert message.deliveries.filter(status=Delivery.Status.SENT).count() == 4
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.resume_sending_task.delay()

    received = Counter(DyingBackend.taken + [sent.to[0] for sent in mail.outbox])
    assert set(received) == _all_addresses(three_associations)
    assert set(received.values()) == {1}
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_running_the_task_again_after_the_end_sends_nothing_more(
    three_associations, liaison_officer, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(message=message, by=liaison_officer)

    tasks.send_deliveries_task.delay(message.pk)
    tasks.resume_sending_task.delay()

    assert len(mail.outbox) == 6


def test_a_refused_address_is_recorded_as_failed_and_the_rest_are_sent(
    liaison_officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.communication.backends.RefusingBackend"
    AssociationFactory(contact_email="bad@example.fi")
    AssociationFactory(contact_email="good@example.fi")
    message = MessageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(message=message, by=liaison_officer)

    failed = message.deliveries.get(status=Delivery.Status.FAILED)
    assert failed.email == "bad@example.fi"
    assert "No such user" in failed.error
    assert [sent.to[0] for sent in mail.outbox] == ["good@example.fi"]
    assert services.progress_of(message) == {"sent": 1, "failed": 1, "waiting": 0, "total": 2}


def test_a_server_that_is_down_is_tried_again_and_then_reported_as_failed(
    liaison_officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.communication.backends.RefusingBackend"
    AssociationFactory(contact_email="down@example.fi")
    message = MessageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(message=message, by=liaison_officer)

    delivery = message.deliveries.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert "Connection unexpectedly closed" in delivery.error


def test_a_message_is_sent_only_once(three_associations, liaison_officer):
    message = MessageFactory()
    services.send_message(message=message, by=liaison_officer)

    with pytest.raises(services.ValidationError):
        services.send_message(message=message, by=liaison_officer)

    assert Delivery.objects.count() == 6


def test_only_the_liaison_officer_sends(three_associations, association_rep):
    with pytest.raises(services.PermissionDenied):
        services.send_message(message=MessageFactory(), by=association_rep)

    assert not Delivery.objects.exists()


def test_a_message_with_nobody_to_send_to_is_refused(liaison_officer):
    message = MessageFactory()

    with pytest.raises(services.ValidationError):
        services.send_message(message=message, by=liaison_officer)

    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT


def test_sending_is_audited(three_associations, liaison_officer):
    from portal.models import AuditEvent

    message = MessageFactory()
    services.send_message(message=message, by=liaison_officer)

    event = AuditEvent.objects.get(action="communication.message_sent")
    assert event.actor == liaison_officer
    assert event.data["addresses"] == 6
