from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from events import services
from events.models import Event, TrustedPublisher
from portal.models import AuditEvent
from tests.events.factories import EventFactory, day_at
from tests.factories import AssociationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def new_event(**fields) -> Event:
    data = {
        "title": "Kesäjuhla",
        "description": "Kylän kesäjuhla",
        "starts_at": day_at(20, 12),
        "ends_at": day_at(20, 16),
        "address": "Kylätalo",
        "category": Event.Category.VILLAGE,
        "audiences": [Event.Audience.FAMILIES],
        **fields,
    }
    return Event(**data)


def test_a_representatives_event_waits_for_moderation(association, association_rep):
    event = services.submit_event(event=new_event(), organisers=[association], by=association_rep)

    assert event.status == Event.Status.PENDING
    assert list(event.organisers.all()) == [association]
    assert AuditEvent.objects.filter(action="events.event_submitted").count() == 1


def test_a_trusted_associations_event_is_published_at_once(association, association_rep):
    TrustedPublisher.objects.create(association=association)

    event = services.submit_event(event=new_event(), organisers=[association], by=association_rep)

    assert event.status == Event.Status.PUBLISHED
    assert event.published_at is not None


def test_the_officer_may_publish_a_municipal_event_without_an_association(liaison_officer):
    event = services.submit_event(event=new_event(), organisers=[], by=liaison_officer)

    assert event.status == Event.Status.PUBLISHED
    assert not event.organisers.exists()


def test_a_representative_cannot_enter_an_event_for_another_association(
    association_rep, other_association
):
    with pytest.raises(PermissionDenied):
        services.submit_event(event=new_event(), organisers=[other_association], by=association_rep)

    assert not Event.objects.exists()


def test_a_representative_of_an_unlisted_association_cannot_enter_events(db):
    unlisted = AssociationFactory(is_listed=False)
    rep = MembershipFactory(association=unlisted).user

    with pytest.raises(PermissionDenied):
        services.submit_event(event=new_event(), organisers=[unlisted], by=rep)


def test_an_event_reaching_the_threshold_is_big(association, association_rep, threshold):
    small = services.submit_event(
        event=new_event(expected_audience=99), organisers=[association], by=association_rep
    )
    big = services.submit_event(
        event=new_event(expected_audience=100), organisers=[association], by=association_rep
    )

    assert not small.is_big
    assert big.is_big


def test_an_event_must_end_after_it_starts(association, association_rep):
    event = new_event(starts_at=day_at(5, 18), ends_at=day_at(5, 17))

    with pytest.raises(ValidationError, match="must end after it starts"):
        services.submit_event(event=event, organisers=[association], by=association_rep)

    assert not Event.objects.exists()


def test_the_database_refuses_an_event_ending_before_it_starts(db):
    with pytest.raises(IntegrityError):
        EventFactory(starts_at=day_at(5, 18), ends_at=day_at(5, 17))


def test_an_image_needs_a_description(association, association_rep):
    event = new_event(image="events/juhla.jpg")

    with pytest.raises(ValidationError, match="Describe the image"):
        services.submit_event(event=event, organisers=[association], by=association_rep)


def test_the_officer_publishes_a_pending_event(liaison_officer, association):
    event = EventFactory(pending=True, organisers=[association])

    services.publish_event(event=event, by=liaison_officer)

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="events.event_published").exists()


def test_a_representative_cannot_publish_their_own_pending_event(association, association_rep):
    event = EventFactory(pending=True, organisers=[association])

    with pytest.raises(PermissionDenied):
        services.publish_event(event=event, by=association_rep)

    event.refresh_from_db()
    assert event.status == Event.Status.PENDING


def test_returning_needs_a_reason_the_association_sees(liaison_officer, association):
    event = EventFactory(pending=True, organisers=[association])

    with pytest.raises(ValidationError):
        services.return_event(event=event, reason="  ", by=liaison_officer)
    services.return_event(event=event, reason="Lisää paikka.", by=liaison_officer)

    event.refresh_from_db()
    assert event.status == Event.Status.RETURNED
    assert event.return_reason == "Lisää paikka."


def test_editing_a_returned_event_sends_it_back_to_moderation(association, association_rep):
    event = EventFactory(
        status=Event.Status.RETURNED, return_reason="Korjaa", organisers=[association]
    )

    event.address = "Seurantalo"
    services.update_event(event=event, organisers=[association], by=association_rep)

    event.refresh_from_db()
    assert event.status == Event.Status.PENDING
    assert event.return_reason == ""


def test_editing_a_published_event_keeps_it_published_and_bumps_the_sequence(
    association, association_rep
):
    event = EventFactory(organisers=[association])

    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    services.update_event(event=event, organisers=[association], by=association_rep)

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert event.sequence == 1


def test_another_associations_rep_cannot_edit_or_cancel(association, other_association_rep):
    event = EventFactory(organisers=[association])

    with pytest.raises(PermissionDenied):
        services.update_event(event=event, organisers=[association], by=other_association_rep)
    with pytest.raises(PermissionDenied):
        services.cancel_event(event=event, by=other_association_rep)

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_a_cancelled_published_event_stays_public_marked_cancelled(association, association_rep):
    event = EventFactory(organisers=[association])

    services.cancel_event(event=event, by=association_rep)

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.sequence == 1
    assert list(Event.objects.public()) == [event]


def test_a_cancelled_unpublished_event_is_not_public(association, association_rep):
    event = EventFactory(pending=True, organisers=[association])

    services.cancel_event(event=event, by=association_rep)

    assert not Event.objects.public().exists()


def test_clashes_are_published_big_events_on_the_same_days(db, threshold):
    morning = EventFactory(big=True, starts_at=day_at(30, 9), ends_at=day_at(30, 11))
    EventFactory(big=True, starts_at=day_at(31, 9), ends_at=day_at(31, 11))
    EventFactory(starts_at=day_at(30, 9), ends_at=day_at(30, 11))
    EventFactory(big=True, pending=True, starts_at=day_at(30, 9), ends_at=day_at(30, 11))

    clashes = Event.objects.clashing_with(day_at(30, 18), day_at(30, 22))

    assert list(clashes) == [morning]


def test_an_event_ending_at_midnight_does_not_clash_with_the_next_day(db):
    EventFactory(big=True, starts_at=day_at(30, 9), ends_at=day_at(30, 11))

    clashes = Event.objects.clashing_with(day_at(29, 20), day_at(30, 0))

    assert not clashes.exists()


def test_the_officer_trusts_an_association(liaison_officer, association, association_rep):
    services.set_trusted_publisher(association=association, is_trusted=True, by=liaison_officer)

    with pytest.raises(PermissionDenied):
        services.set_trusted_publisher(
            association=association, is_trusted=False, by=association_rep
        )

    assert TrustedPublisher.objects.filter(association=association).exists()
