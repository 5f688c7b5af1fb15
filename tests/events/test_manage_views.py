from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.events.factories import EventFactory, day_at
from tests.factories import AssociationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def form_data(association, **fields):
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {
        "title": "Kesäjuhla",
        "organisers": [association.pk],
        "starts_on": day,
        "starts_time": "12:00",
        "ends_time": "16:00",
        "description": "Kylän kesäjuhla koko perheelle.",
        "category": "village",
        "audiences": ["families"],
        "address": "Kylätalo, Kylätie 3",
        "expected_audience": "300",
        "is_free": "on",
        **fields,
    }


def test_a_representative_enters_an_event_for_moderation(client_for, association, association_rep):
    client = client_for(association_rep)

    response = client.post(reverse("events:event_create"), form_data(association))

    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Event.Status.PENDING
    assert event.starts_at == day_at(30, 12)
    assert list(event.organisers.all()) == [association]


def test_leaving_the_times_empty_makes_an_all_day_event_of_several_days(
    client_for, association, association_rep
):
    last = (timezone.localdate() + timedelta(days=32)).isoformat()
    data = form_data(association, starts_time="", ends_time="", ends_on=last)

    client_for(association_rep).post(reverse("events:event_create"), data)

    event = Event.objects.get()
    assert event.is_all_day
    assert event.starts_at == day_at(30, 0)
    assert event.ends_at == day_at(33, 0)


def test_a_big_event_on_the_day_of_another_shows_the_clash_and_keeps_the_typed_text(
    client_for, association, association_rep, threshold
):
    other = AssociationFactory(name="Urheiluseura", public_phone="040 765 4321")
    EventFactory(
        title="Urheilukenttien avajaiset",
        big=True,
        organisers=[other],
        starts_at=day_at(30, 10),
        ends_at=day_at(30, 14),
    )
    client = client_for(association_rep)

    response = client.post(reverse("events:event_create"), form_data(association))

    text = response.content.decode()
    assert response.status_code == 200
    assert Event.objects.count() == 1
    assert "Urheilukenttien avajaiset" in text
    assert other.public_email in text
    assert "040 765 4321" in text
    assert "Kylän kesäjuhla koko perheelle." in text
    assert 'name="save_anyway"' in text


def test_saving_anyway_after_seeing_the_clash_saves_the_event(
    client_for, association, association_rep, threshold
):
    EventFactory(big=True, starts_at=day_at(30, 10), ends_at=day_at(30, 14))
    client = client_for(association_rep)

    response = client.post(
        reverse("events:event_create"), {**form_data(association), "save_anyway": "1"}
    )

    assert response.status_code == 302
    assert Event.objects.filter(title="Kesäjuhla", is_big=True).exists()


def test_a_small_event_is_saved_without_a_clash_warning(
    client_for, association, association_rep, threshold
):
    EventFactory(big=True, starts_at=day_at(30, 10), ends_at=day_at(30, 14))

    response = client_for(association_rep).post(
        reverse("events:event_create"), form_data(association, expected_audience="20")
    )

    assert response.status_code == 302


def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    client_for, association, association_rep
):
    data = form_data(association, ends_time="11:00", is_free="", price="")

    response = client_for(association_rep).post(reverse("events:event_create"), data)

    text = response.content.decode()
    assert "An event must end after it starts." in text
    assert not Event.objects.exists()


def test_a_price_is_asked_of_an_event_that_is_not_free(client_for, association, association_rep):
    data = form_data(association, is_free="", price="")

    response = client_for(association_rep).post(reverse("events:event_create"), data)

    assert "Give the price of an event that is not free." in response.content.decode()
    assert not Event.objects.exists()


def test_the_representative_sees_why_the_event_was_returned(
    client_for, association, association_rep
):
    EventFactory(
        title="Retki",
        status=Event.Status.RETURNED,
        return_reason="Lisää kokoontumispaikka.",
        organisers=[association],
    )

    response = client_for(association_rep).get(reverse("events:my_events"))

    assert "Lisää kokoontumispaikka." in response.content.decode()


def test_cancelling_asks_first_and_says_what_it_does(client_for, association, association_rep):
    event = EventFactory(organisers=[association])
    client = client_for(association_rep)

    page = client.get(reverse("events:event_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert "stays in the calendar marked as cancelled" in page.content.decode()

    client.post(reverse("events:event_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_editing_a_published_event_keeps_it_published(client_for, association, association_rep):
    event = EventFactory(organisers=[association], title="Vanha nimi")
    client = client_for(association_rep)
    data = form_data(association, title="Uusi nimi", expected_audience="10")

    response = client.post(reverse("events:event_edit", args=[event.pk]), data)

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.title, event.status, event.sequence) == ("Uusi nimi", "published", 1)


def test_the_officer_sees_clashes_in_the_queue_and_publishes(
    client_for, liaison_officer, association
):
    published = EventFactory(
        title="Markkinat", big=True, starts_at=day_at(30, 9), ends_at=day_at(30, 15)
    )
    pending = EventFactory(
        pending=True,
        big=True,
        organisers=[association],
        starts_at=day_at(30, 18),
        ends_at=day_at(30, 22),
    )
    client = client_for(liaison_officer)

    queue = client.get(reverse("events:moderation_queue"))
    decide = client.get(reverse("events:event_decide", args=[pending.pk]))
    client.post(reverse("events:event_decide", args=[pending.pk]), {"publish": "1"})

    assert f'data-testid="clash-{published.pk}"' in queue.content.decode()
    assert f'data-testid="clash-{published.pk}"' in decide.content.decode()
    pending.refresh_from_db()
    assert pending.status == Event.Status.PUBLISHED


def test_the_officer_returns_an_event_with_a_reason(client_for, liaison_officer, association):
    event = EventFactory(pending=True, organisers=[association])
    client = client_for(liaison_officer)

    empty = client.post(
        reverse("events:event_decide", args=[event.pk]), {"return": "1", "reason": ""}
    )
    client.post(
        reverse("events:event_decide", args=[event.pk]), {"return": "1", "reason": "Korjaa aika."}
    )

    assert empty.status_code == 400
    event.refresh_from_db()
    assert (event.status, event.return_reason) == ("returned", "Korjaa aika.")


@pytest.fixture
def unlisted_rep(db):
    return MembershipFactory(association=AssociationFactory(is_listed=False)).user


@pytest.fixture
def own_event(association):
    return EventFactory(organisers=[association])


@pytest.mark.parametrize(
    ("who", "name", "expected"),
    [
        ("other_association_rep", "event_edit", 403),
        ("other_association_rep", "event_cancel", 403),
        ("other_association_rep", "event_decide", 403),
        ("association_rep", "event_decide", 403),
        ("association_rep", "event_edit", 200),
        ("association_rep", "event_cancel", 200),
        ("sector_officer", "event_edit", 403),
        ("sector_officer", "event_decide", 403),
        ("liaison_officer", "event_edit", 200),
        ("anonymous", "event_edit", 302),
        ("anonymous", "event_cancel", 302),
        ("anonymous", "event_decide", 302),
    ],
)
def test_who_may_open_an_events_pages(request, client_for, own_event, who, name, expected):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    response = client_for(user).get(reverse(f"events:{name}", args=[own_event.pk]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("association_rep", 200),
        ("liaison_officer", 200),
        ("unlisted_rep", 403),
        ("plain_user", 403),
        ("sector_officer", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_enter_an_event(request, client_for, who, expected):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    response = client_for(user).get(reverse("events:event_create"))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("liaison_officer", 200), ("association_rep", 403), ("anonymous", 302)],
)
def test_only_the_officer_opens_the_moderation_queue(request, client_for, who, expected):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    assert client_for(user).get(reverse("events:moderation_queue")).status_code == expected


def test_another_associations_rep_cannot_cancel_by_posting(
    client_for, own_event, other_association_rep
):
    response = client_for(other_association_rep).post(
        reverse("events:event_cancel", args=[own_event.pk])
    )

    own_event.refresh_from_db()
    assert response.status_code == 403
    assert own_event.status == Event.Status.PUBLISHED


def test_an_unlisted_associations_rep_cannot_post_an_event(client_for, unlisted_rep):
    association = unlisted_rep.memberships.get().association

    response = client_for(unlisted_rep).post(reverse("events:event_create"), form_data(association))

    assert response.status_code == 403
    assert not Event.objects.exists()


def test_the_officer_enters_a_municipal_event_without_an_association(
    client_for, liaison_officer, association
):
    client = client_for(liaison_officer)
    data = form_data(association, organisers=[], title="Kunnan itsenäisyyspäivän juhla")

    page = client.get(reverse("events:event_create"))
    response = client.post(reverse("events:event_create"), data)

    assert association.name in page.content.decode()
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Event.Status.PUBLISHED
    assert not event.organisers.exists()


def test_a_draft_is_kept_from_the_public_until_sent(client_for, association, association_rep):
    client = client_for(association_rep)

    client.post(reverse("events:event_create"), {**form_data(association), "draft": "1"})

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    assert client_for(None).get(event.get_absolute_url()).status_code == 404
    assert client.get(event.get_absolute_url()).status_code == 200


def test_the_representative_and_officer_see_the_hub_dashboard_and_queue_links(
    client_for, association_rep, liaison_officer, association
):
    EventFactory(pending=True, organisers=[association], title="Odottava retki")

    home = client_for(None).get(reverse("portal:home")).content.decode()
    officer_html = client_for(liaison_officer).get(reverse("portal:dashboard")).content.decode()
    dashboard_html = render_to_string(
        "events/includes/dashboard_section.html",
        {"user": association_rep, "memberships": [object()]},
    )

    assert 'id="hub-events"' in home
    assert "Odottava retki" in dashboard_html
    assert "Events to moderate (1 waiting)" in officer_html
