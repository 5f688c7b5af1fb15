"""A session and its user read from SQL kept compiled: the same answers as the ORM's own."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stored_session(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_a_session_is_read_from_the_database_when_the_cache_has_lost_it():
    key = stored_session(colour="sininen")
    other = stored_session(colour="punainen")
    cache.clear()

    assert SessionStore(session_key=key).load() == {"colour": "sininen"}
    assert SessionStore(session_key=other).load() == {"colour": "punainen"}


def test_an_expired_or_unknown_session_is_empty_and_its_key_is_dropped():
    key = stored_session(colour="sininen")
    SessionStore().model.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    cache.clear()

    for session_key in (key, "x" * 32):
        store = SessionStore(session_key=session_key)
        assert store.load() == {}
        assert store.session_key is None


def test_a_signed_in_page_knows_its_user_after_the_cache_is_emptied(client):
    first, second = UserFactory(first_name="Ensimmäinen"), UserFactory(first_name="Toinen")
    for user in (first, second):
        client.force_login(user)
        cache.clear()
        page = client.get(reverse("portal:dashboard"))
        assert page.status_code == 200
        assert page.context["user"] == user


def test_a_user_by_id_is_the_one_of_that_id_and_a_missing_one_is_not_found():
    first, second = UserFactory(), UserFactory()

    assert User.objects.get(pk=first.pk) == first
    assert User.objects.get(pk=second.pk).email == second.email
    assert User.objects.get(pk=str(second.pk)) == second
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=second.pk + 1000)
