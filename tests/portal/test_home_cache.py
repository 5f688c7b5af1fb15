"""The info hub is served from the cache to visitors, and any change to what it shows is seen
on the next visit: the apps' sections, the liaison officer's role and the published pages."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from events.caching import data_changed as events_changed
from portal.models import ContentPage, LiaisonRole
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_gets_the_hub_from_the_cache(resident, django_assert_num_queries):
    first = resident.get(reverse("portal:home")).content

    with django_assert_num_queries(0):
        again = resident.get(reverse("portal:home")).content

    assert again == first


def test_a_signed_in_user_is_never_served_a_visitors_copy(resident, client_for, plain_user):
    visitor = resident.get(reverse("portal:home")).content.decode()

    page = client_for(plain_user).get(reverse("portal:home")).content.decode()

    assert 'name="csrfmiddlewaretoken"' not in visitor
    assert 'name="csrfmiddlewaretoken"' in page
    assert reverse("account_logout") in page


def test_a_new_event_shows_on_the_next_visit(resident):
    with translation.override("en"):
        url = reverse("portal:home")
    resident.get(url)
    EventFactory(title="Kevätjuhla")
    events_changed()

    page = resident.get(url).content.decode()

    assert 'id="hub-events"' in page
    assert "1 coming event" in page


def test_a_changed_liaison_role_and_a_published_page_show_on_the_next_visit(resident):
    resident.get(reverse("portal:home"))
    LiaisonRole.objects.all().delete()
    LiaisonRole.objects.create(
        officer_name="Maija Yhteys",
        title="yhdistyskoordinaattori",
        email="maija@example.fi",
        duties="Neuvonta",
        working_time="20 %",
        mandate="Kunnanhallitus",
    )
    ContentPage.objects.create(
        slug="avustusohje",
        title="Avustusohje",
        section=ContentPage.Section.INSTRUCTIONS,
        body="Ohje.",
        is_published=True,
    )

    page = resident.get(reverse("portal:home")).content.decode()

    assert "Maija Yhteys" in page
    assert "Avustusohje" in page


@pytest.fixture
def every_read_misses(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def test_with_every_cache_read_missing_the_hubs_figures_follow_each_change(
    resident, every_read_misses
):
    from tests.communication.factories import NewsFactory
    from tests.facilities.factories import SpaceFactory
    from tests.volunteering.factories import TaskFactory

    with translation.override("en"):
        url = reverse("portal:home")
    before = resident.get(url).content.decode()
    SpaceFactory(is_published=True)
    EventFactory(title="Kevätjuhla")
    TaskFactory()
    NewsFactory(title_fi="Kesäleiri alkaa", title_en="Summer camp begins")

    after = resident.get(url).content.decode()

    assert "lends 0 spaces" in before
    assert "lends 1 space " in after
    assert "0 coming events" in before
    assert "1 coming event " in after
    assert "0 open volunteer tasks" in before
    assert "1 open volunteer task:" in after
    assert "Summer camp begins" not in before
    assert "Summer camp begins" in after


def test_the_hubs_categories_are_ordered_by_name_in_the_visitors_language(
    resident, every_read_misses
):
    from tests.factories import CategoryFactory

    CategoryFactory(name="Urheilu", name_sv="Idrott", slug="urheilu", order=1)
    CategoryFactory(name="Kulttuuri", name_sv="Kultur", slug="kulttuuri", order=1)

    finnish = resident.get(reverse("portal:home")).content.decode()
    with translation.override("sv"):
        swedish = resident.get(reverse("portal:home")).content.decode()

    assert finnish.index(">Kulttuuri<") < finnish.index(">Urheilu<")
    assert swedish.index(">Idrott<") < swedish.index(">Kultur<")
