"""News: the officer publishes, a verified association's news waits for moderation."""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from communication.models import News
from portal.models import AuditEvent
from tests.communication.factories import NewsFactory
from tests.factories import AssociationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NEWS = {
    "title_fi": "Kevään avustushaku",
    "lead_fi": "Haku alkaa maanantaina.",
    "body_fi": "Lue ohjeet ja hae ajoissa.",
}


def _url(name, *args):
    with translation.override("en"):
        return reverse(f"communication:{name}", args=args)


def png(size=(20, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile("kuva.png", buffer.getvalue(), content_type="image/png")


def test_the_officers_news_is_published_at_once_and_shows_in_the_list(
    client_for, liaison_officer, resident
):
    response = client_for(liaison_officer).post(_url("news_create"), NEWS)

    news = News.objects.get()
    assert response.status_code == 302
    assert news.status == News.Status.PUBLISHED
    assert news.association is None
    assert "Kevään avustushaku" in resident.get(_url("news_list")).content.decode()
    assert AuditEvent.objects.filter(action="communication.news_saved").exists()


def test_a_verified_associations_news_waits_for_the_officer_then_is_published(
    client_for, association, association_rep, liaison_officer, resident
):
    client_for(association_rep).post(_url("news_create"), {**NEWS, "association": association.pk})
    news = News.objects.get()
    assert news.status == News.Status.PENDING
    assert "Kevään avustushaku" not in resident.get(_url("news_list")).content.decode()
    assert resident.get(_url("news_detail", news.pk)).status_code == 404

    client_for(liaison_officer).post(_url("news_decide", news.pk), {"publish": "1"})

    news.refresh_from_db()
    assert news.status == News.Status.PUBLISHED
    assert "Kevään avustushaku" in resident.get(_url("news_list")).content.decode()


def test_the_officer_returns_news_with_a_reason_the_association_sees(
    client_for, association, association_rep, liaison_officer
):
    news = NewsFactory(pending=True, association=association)

    client_for(liaison_officer).post(
        _url("news_decide", news.pk), {"return": "1", "reason": "Lisää päivämäärä."}
    )

    news.refresh_from_db()
    assert news.status == News.Status.RETURNED
    page = client_for(association_rep).get(_url("news_edit", news.pk)).content.decode()
    assert "Lisää päivämäärä." in page


def test_returning_without_a_reason_keeps_the_news_waiting(client_for, liaison_officer):
    news = NewsFactory(pending=True, association=AssociationFactory())

    response = client_for(liaison_officer).post(
        _url("news_decide", news.pk), {"return": "1", "reason": " "}
    )

    assert response.status_code == 200
    news.refresh_from_db()
    assert news.status == News.Status.PENDING


def test_an_unverified_associations_representative_cannot_write_news(client_for, db):
    unverified = AssociationFactory(unverified=True)
    rep = MembershipFactory(association=unverified).user

    response = client_for(rep).post(_url("news_create"), {**NEWS, "association": unverified.pk})

    assert response.status_code == 403
    assert not News.objects.exists()


def test_a_representative_cannot_write_news_for_another_association(
    client_for, association_rep, other_association
):
    response = client_for(association_rep).post(
        _url("news_create"), {**NEWS, "association": other_association.pk}
    )

    assert response.status_code == 200
    assert "association" in response.context["form"].errors
    assert not News.objects.exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "plain_user", "association_rep", "other_association_rep"]
)
@pytest.mark.parametrize("page", ["news_edit", "news_decide"])
def test_only_the_officer_and_the_own_association_touch_unpublished_news(
    request, client_for, association, who, page
):
    news = NewsFactory(pending=True, association=association)
    user = None if who == "anonymous" else request.getfixturevalue(who)

    response = client_for(user).post(_url(page, news.pk), {**NEWS, "publish": "1"})

    allowed = who == "association_rep" and page == "news_edit"
    news.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
    elif not allowed:
        assert response.status_code in (403, 404)
    assert news.title_fi != NEWS["title_fi"] or allowed
    assert news.status != News.Status.PUBLISHED


def test_100000_characters_of_text_are_refused_and_nothing_is_saved(client_for, liaison_officer):
    response = client_for(liaison_officer).post(
        _url("news_create"), {**NEWS, "body_fi": "x" * 100_000}
    )

    assert response.status_code == 200
    assert "at most 10000 characters" in str(response.context["form"].errors["body_fi"])
    assert not News.objects.exists()
    assert "Kevään avustushaku" in response.content.decode()  # what was typed is kept


def test_an_image_needs_a_description(client_for, liaison_officer, private_storage):
    response = client_for(liaison_officer).post(_url("news_create"), {**NEWS, "image": png()})

    assert "image_alt_fi" in response.context["form"].errors
    assert not News.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client_for, liaison_officer, private_storage):
    fake = SimpleUploadedFile("kuva.png", b"not an image", content_type="image/png")

    response = client_for(liaison_officer).post(
        _url("news_create"), {**NEWS, "image": fake, "image_alt_fi": "Kuva"}
    )

    assert "image" in response.context["form"].errors
    assert not News.objects.exists()


def test_a_half_written_language_version_is_refused(client_for, liaison_officer):
    response = client_for(liaison_officer).post(
        _url("news_create"), {**NEWS, "title_sv": "Vårens bidrag"}
    )

    assert "lead_sv" in response.context["form"].errors
    assert not News.objects.exists()


def test_the_news_page_shows_the_readers_language_and_a_news_article_for_search_engines(
    resident, db, private_storage
):
    news = NewsFactory(
        title_fi="Uutinen",
        title_sv="Nyhet",
        lead_sv="Ingress",
        body_sv="Text",
        image=png(),
        image_alt_fi="Kuva",
    )

    with translation.override("sv"):
        page = resident.get(reverse("communication:news_detail", args=[news.pk])).content.decode()

    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Nyhet"
    assert data["image"].endswith(".png")
    assert "<h1>Nyhet</h1>" in page


def test_the_atom_feed_lists_published_news_only(resident, db):
    NewsFactory(title_fi="Julkaistu")
    NewsFactory(title_fi="Odottaa", pending=True, association=AssociationFactory())

    response = resident.get(_url("news_feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"<title>Julkaistu</title>" in response.content
    assert b"Odottaa" not in response.content


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_each_feed_entry_links_to_its_news_page_and_names_its_author(resident, db, prefix):
    own = NewsFactory(title_fi="Kunnan uutinen")
    theirs = NewsFactory(title_fi="Seuran uutinen", association=AssociationFactory(name="Seura ry"))

    feed = resident.get(f"{prefix}/uutiset/atom.xml").content.decode()

    for news in (own, theirs):
        assert f'href="http://testserver{prefix}/uutiset/{news.pk}/"' in feed
    assert "<name>Seura ry</name>" in feed
    assert f"<name>{settings.MUNICIPALITY_NAME}</name>" in feed


def test_the_atom_feed_goes_out_in_one_piece_fresh_and_from_the_cache(resident, db):
    NewsFactory.create_batch(5)

    fresh = resident.get(_url("news_feed"))
    cached = resident.get(_url("news_feed"))

    # The feed is written entry by entry; sent so, each piece would be a write to the socket.
    for response in (fresh, cached):
        assert len(list(response)) == 1
    assert cached.content == fresh.content


def test_a_cached_list_shows_news_published_after_it_was_cached(
    resident, client_for, liaison_officer
):
    assert "Kevään avustushaku" not in resident.get(_url("news_list")).content.decode()

    client_for(liaison_officer).post(_url("news_create"), NEWS)

    assert "Kevään avustushaku" in resident.get(_url("news_list")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_news_list_runs_the_same_queries_for_few_and_many_news(
    resident, django_assert_num_queries, rows
):
    association = AssociationFactory()
    for index in range(rows):
        NewsFactory(association=association if index % 2 else None)

    # count, the page of news with their associations
    with django_assert_num_queries(2):
        response = resident.get(_url("news_list"))

    assert response.status_code == 200


def test_the_info_hub_shows_the_latest_news(resident, db):
    NewsFactory(title_fi="Tuorein uutinen")

    page = resident.get(reverse("portal:home")).content.decode()

    assert "Tuorein uutinen" in page
    assert 'id="hub-news-link"' in page


def test_the_officer_corrects_an_associations_news_and_it_stays_the_associations(
    client_for, liaison_officer, association
):
    news = NewsFactory(association=association)

    response = client_for(liaison_officer).post(
        _url("news_edit", news.pk), {**NEWS, "title_fi": "Korjattu otsikko"}
    )

    assert response.status_code == 302
    news.refresh_from_db()
    assert news.title_fi == "Korjattu otsikko"
    assert news.association == association


def test_a_news_card_links_the_news_and_says_when_and_who(resident, settings):
    from datetime import datetime

    from django.utils import timezone

    when = datetime(2026, 3, 9, 23, 30, tzinfo=timezone.get_current_timezone())
    ours = NewsFactory(title_fi="Kunnan <uutinen>", published_at=when)
    theirs = NewsFactory(association=AssociationFactory(name="Kylätoimikunta"))

    text = resident.get(_url("news_list")).content.decode()

    # The local date and time, not the UTC ones; the title as text, never as markup.
    assert f'<a href="{_url("news_detail", ours.pk)}">Kunnan &lt;uutinen&gt;</a>' in text
    assert f'<time datetime="{when.isoformat()}">9.3.2026</time>' in text
    assert f"9.3.2026</time> · {settings.MUNICIPALITY_NAME}</p>" in text
    assert f'data-testid="news-{theirs.pk}"' in text
    assert "Kylätoimikunta" in text


def test_news_being_written_shows_its_status_on_the_card(client_for, liaison_officer):
    NewsFactory(title_fi="Keskeneräinen", draft=True)

    response = client_for(liaison_officer).get(_url("my_news"))

    text = response.content.decode()
    assert "Keskeneräinen" in text
    assert "<strong>Draft</strong>" in text
