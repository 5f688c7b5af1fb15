"""Residents subscribe by e-mail with a double opt-in and leave with one click."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone, translation

from communication import services
from communication.models import Announcement, Delivery, Subscriber, Subscription
from events.models import Event
from portal.models import Sector
from tests.communication.factories import NewsFactory, SubscriberFactory, SubscriptionFactory
from tests.events.factories import EventFactory
from tests.grants.factories import GrantProgrammeFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = {"email": "asukas@example.fi", "sectors": ["sports"], "language": "fi"}


def _link(text: str, name: str) -> str:
    match = re.search(rf"https?://\S+/{name}/(\S+?)/", text)
    assert match, text
    return match.group(1)


def _subscribe(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("communication:subscribe"), {**SUBSCRIBE, **data})


def test_a_subscription_counts_only_after_the_link_in_the_mail_is_confirmed(
    resident, django_capture_on_commit_callbacks
):
    response = _subscribe(resident, django_capture_on_commit_callbacks, news="on")

    assert response.status_code == 302
    subscriptions = Subscription.objects.filter(subscriber__email="asukas@example.fi")
    assert subscriptions.count() == 2
    assert not subscriptions.filter(confirmed_at__isnull=False).exists()
    token = _link(mail.outbox[0].body, "vahvista")
    assert (
        resident.get(reverse("communication:subscription_confirm", args=[token])).status_code == 200
    )
    assert not subscriptions.filter(confirmed_at__isnull=False).exists()

    response = resident.post(reverse("communication:subscription_confirm", args=[token]))

    assert response.status_code == 200
    assert subscriptions.filter(confirmed_at__isnull=False).count() == 2


def test_a_forged_confirmation_token_is_refused_and_confirms_nothing(
    resident, django_capture_on_commit_callbacks
):
    _subscribe(resident, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    forged = signing.dumps({"s": subscriber.pk, "ids": [1, 2, 3]}, salt="another salt")

    with translation.override("en"):
        url = reverse("communication:subscription_confirm", args=[forged])
    response = resident.post(url)

    assert response.status_code == 400
    assert b"The link is not valid" in response.content
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_an_expired_confirmation_link_says_so(resident, django_capture_on_commit_callbacks):
    _subscribe(resident, django_capture_on_commit_callbacks)
    token = _link(mail.outbox[0].body, "vahvista")

    later = timezone.now().timestamp() + services.CONFIRM_MAX_AGE + 60
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later)
        with translation.override("en"):
            response = resident.post(reverse("communication:subscription_confirm", args=[token]))

    assert response.status_code == 400
    assert b"expired" in response.content
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an address"},
        {"email": "a" * 100_000 + "@example.fi"},
        {"email": "asukas@example.fi", "sectors": []},
        {"email": "asukas@example.fi", "sectors": ["not-a-sector"]},
        {"email": "asukas@example.fi", "language": "xx"},
    ],
)
def test_bad_subscription_input_is_refused_with_a_message_and_changes_nothing(
    resident, data, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        url = reverse("communication:subscribe")
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(url, {**SUBSCRIBE, **data})

    assert response.status_code == 400
    assert b'class="error"' in response.content or b"form-errors" in response.content
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_too_many_requests_for_one_address_are_refused(
    resident, django_capture_on_commit_callbacks
):
    for _number in range(services.SUBSCRIBE_LIMIT_PER_EMAIL):
        _subscribe(resident, django_capture_on_commit_callbacks)

    with translation.override("en"):
        url = reverse("communication:subscribe")
    response = resident.post(url, SUBSCRIBE)

    assert response.status_code == 400
    assert b"Too many subscription requests" in response.content
    assert len(mail.outbox) == services.SUBSCRIBE_LIMIT_PER_EMAIL


def test_the_answer_does_not_tell_whether_an_address_already_subscribes(
    resident, django_capture_on_commit_callbacks
):
    SubscriptionFactory(
        subscriber__email="asukas@example.fi", topic=Subscription.Topic.GRANT_ROUNDS, key="sports"
    )

    response = _subscribe(resident, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("communication:subscribe_sent")
    assert Subscription.objects.get().confirmed_at is not None


def _open_sports_round():
    return GrantRoundFactory(programme=GrantProgrammeFactory(sector=Sector.SPORTS))


def test_a_new_grant_round_is_mailed_once_to_its_sectors_confirmed_subscribers(
    db, django_capture_on_commit_callbacks
):
    sports = SubscriptionFactory(topic=Subscription.Topic.GRANT_ROUNDS, key="sports")
    SubscriptionFactory(topic=Subscription.Topic.GRANT_ROUNDS, key="culture")
    SubscriptionFactory(topic=Subscription.Topic.GRANT_ROUNDS, key="sports", confirmed_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        grant_round = _open_sports_round()
    with django_capture_on_commit_callbacks(execute=True):
        grant_round.save()
        services.announce_new_items()

    assert [sent.to for sent in mail.outbox] == [[sports.subscriber.email]]
    assert grant_round.title in mail.outbox[0].subject
    assert Announcement.objects.get().object_id == grant_round.pk


def test_every_subscription_mail_has_a_one_click_unsubscribe(
    db, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(topic=Subscription.Topic.GRANT_ROUNDS, key="sports")

    with django_capture_on_commit_callbacks(execute=True):
        _open_sports_round()

    sent = mail.outbox[0]
    token = services.unsubscribe_token(subscription.subscriber)
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert token in sent.extra_headers["List-Unsubscribe"]
    assert token in sent.body


def test_a_mail_program_unsubscribes_with_the_rfc_8058_post(db, client):
    subscriber = SubscriptionFactory().subscriber
    url = reverse("communication:unsubscribe", args=[services.unsubscribe_token(subscriber)])

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()


def test_the_unsubscribe_page_asks_with_one_button_and_the_click_removes_the_address(db, client):
    subscriber = SubscriptionFactory().subscriber
    with translation.override("en"):
        url = reverse("communication:unsubscribe", args=[services.unsubscribe_token(subscriber)])

    page = client.get(url)
    assert subscriber.email.encode() in page.content
    assert Subscriber.objects.exists()
    response = client.post(url)

    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert client.get(url).status_code == 200  # the old link still answers, kindly


def test_a_forged_unsubscribe_token_is_refused_and_removes_nobody(db, client):
    subscriber = SubscriberFactory()
    forged = signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt="wrong")

    with translation.override("en"):
        url = reverse("communication:unsubscribe", args=[forged])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 400
    assert b"The link is not valid" in response.content
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_an_event_published_is_mailed_to_subscribers_of_its_category(
    db, django_capture_on_commit_callbacks
):
    music = SubscriptionFactory(topic=Subscription.Topic.EVENTS, key=Event.Category.MUSIC)
    SubscriptionFactory(topic=Subscription.Topic.EVENTS, key=Event.Category.SPORTS)
    event = EventFactory(category=Event.Category.MUSIC, status=Event.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        event.status = Event.Status.PUBLISHED
        event.published_at = timezone.now()
        event.save()
    with django_capture_on_commit_callbacks(execute=True):
        event.save()

    assert [sent.to for sent in mail.outbox] == [[music.subscriber.email]]


def test_news_published_is_mailed_in_the_subscribers_language(
    db, django_capture_on_commit_callbacks
):
    swedish = SubscriptionFactory(subscriber__language="sv")

    with django_capture_on_commit_callbacks(execute=True):
        news = NewsFactory(title_fi="Kunnan uutinen", title_sv="Kommunens nyhet")
        services.announce_new_items()

    assert mail.outbox[0].to == [swedish.subscriber.email]
    assert "Kommunens nyhet" in mail.outbox[0].subject
    assert Delivery.objects.get().announcement.object_id == news.pk


def test_old_items_are_not_announced_when_first_seen(db, django_capture_on_commit_callbacks):
    SubscriptionFactory()
    NewsFactory(published_at=timezone.now() - timedelta(days=30))

    with django_capture_on_commit_callbacks(execute=True):
        services.announce_new_items()

    assert not mail.outbox


def test_unconfirmed_subscriptions_are_forgotten_after_a_week(db):
    stale = SubscriptionFactory(confirmed_at=None)
    Subscription.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=8))
    Subscriber.objects.filter(pk=stale.subscriber_id).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    kept = SubscriptionFactory()

    services.forget_unconfirmed()

    assert list(Subscriber.objects.all()) == [kept.subscriber]


def test_a_person_removed_from_the_portal_gets_no_more_subscription_mail(db):
    from portal.privacy import anonymise_user, collectors
    from tests.factories import UserFactory

    user = UserFactory(email="poistuva@example.fi")
    SubscriptionFactory(subscriber__email="poistuva@example.fi")
    sections = collectors()["communication"].collect(user)
    assert [len(section.rows) for section in sections] == [0, 0, 1]

    anonymise_user(user=user, by=None)

    assert not Subscriber.objects.exists()
