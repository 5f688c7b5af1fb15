"""An association's purpose in Finnish, Swedish and English, shown in the reader's language."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from organizations.models import Association
from organizations.services import refresh_search_vector, update_association_profile
from tests.organizations.factories import AssociationFactory
from tests.organizations.test_flows import profile_data

pytestmark = pytest.mark.django_db

FI = "Laulamme kuorossa joka torstai."
SV = "Vi sjunger i kör varje torsdag."
EN = "We sing in a choir every Thursday."


def in_language(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def choir():
    association = AssociationFactory(name="Kirkonkylän Kuoro ry")
    Association.objects.filter(pk=association.pk).update(
        purpose_fi=FI, purpose_sv=SV, purpose_en=""
    )
    refresh_search_vector(association_ids=[association.pk])
    return Association.objects.get(pk=association.pk)


def test_the_representative_writes_the_purpose_in_three_languages(
    client_for, association_rep, association
):
    url = reverse("organizations:association_edit", args=[association.slug])

    response = client_for(association_rep).post(
        url, profile_data(association, purpose_fi=FI, purpose_sv=SV, purpose_en=EN)
    )

    assert response.status_code == 302
    saved = Association.objects.get(pk=association.pk)
    assert (saved.purpose_fi, saved.purpose_sv, saved.purpose_en) == (FI, SV, EN)


def test_the_form_names_each_language(client_for, association_rep, association):
    url = reverse("organizations:association_edit", args=[association.slug])

    content = client_for(association_rep).get(url).content.decode()

    assert 'name="purpose_fi"' in content
    assert "Purpose in Swedish" in content
    assert "Purpose in English" in content


def test_the_public_page_shows_the_readers_language(resident, choir):
    swedish = resident.get(in_language("sv", "organizations:association_detail", slug=choir.slug))
    finnish = resident.get(in_language("fi", "organizations:association_detail", slug=choir.slug))

    assert SV in swedish.content.decode()
    assert FI not in swedish.content.decode()
    assert FI in finnish.content.decode()


def test_an_empty_language_falls_back_to_finnish_marked_as_finnish(resident, choir):
    response = resident.get(in_language("en", "organizations:association_detail", slug=choir.slug))

    content = response.content.decode()
    assert f'id="association-purpose" lang="fi">{FI}' in content


def test_the_register_list_shows_the_readers_language(resident, choir):
    response = resident.get(in_language("sv", "organizations:association_list"))

    assert SV in response.content.decode()


def test_the_api_gives_every_language_version(resident, choir):
    row = resident.get(f"/api/v1/associations/{choir.slug}/").json()

    assert (row["purpose_fi"], row["purpose_sv"], row["purpose_en"]) == (FI, SV, "")


@pytest.mark.usefixtures("private_storage")
def test_the_open_data_gives_every_language_version(resident, choir):
    response = resident.get(reverse("organizations:register_json"))

    data = b"".join(response.streaming_content) if response.streaming else response.content

    row = json.loads(data)["associations"][0]
    assert (row["purpose_fi"], row["purpose_sv"]) == (FI, SV)


def test_search_finds_a_word_of_the_swedish_text(choir):
    assert list(Association.objects.search("torsdag")) == [choir]


def test_the_history_names_the_changed_language_in_the_readers_language(
    client_for, liaison_officer, choir
):
    update_association_profile(association=choir, data={"purpose_sv": "Ny text."}, by=None)

    response = client_for(liaison_officer).get(
        in_language("en", "organizations:association_history", slug=choir.slug)
    )

    content = response.content.decode()
    assert "Purpose in Swedish" in content
    assert "Ny text." in content
    assert "[sv]" not in content


def test_the_demo_has_an_association_with_a_swedish_and_english_purpose(resident):
    import io

    from organizations import demo

    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    club = Association.objects.get(slug="esimerkkilan-urheiluseura-ry")
    response = resident.get(in_language("sv", "organizations:association_detail", slug=club.slug))
    assert club.purpose_sv
    assert club.purpose_sv in response.content.decode()


def test_the_public_page_names_categories_and_target_groups_in_the_readers_language(
    resident, choir, django_assert_num_queries
):
    from tests.events.factories import EventFactory
    from tests.factories import CategoryFactory, TargetGroupFactory

    music = CategoryFactory(name="Musiikki", slug="musiikki", order=2)
    music.name_sv = "Musik"
    music.save()
    culture = CategoryFactory(name="Kulttuuri", slug="kulttuuri", order=1)
    elderly = TargetGroupFactory(name="Ikäihmiset", slug="ikaihmiset")
    choir.categories.set([music, culture])
    choir.target_groups.set([elderly])
    EventFactory(title="Joulukonsertti", organisers=[choir])
    url = in_language("sv", "organizations:association_detail", slug=choir.slug)

    # The association with its names, and its coming events with their places; no query per
    # category, none for the events' organisers.
    with django_assert_num_queries(2):
        swedish = resident.get(url).content.decode()
    finnish = resident.get(
        in_language("fi", "organizations:association_detail", slug=choir.slug)
    ).content.decode()

    # In their order; a name without its Swedish form falls back to Finnish.
    assert '<span class="tag">Kulttuuri</span><span class="tag">Musik</span>' in swedish
    assert '<span class="tag">Ikäihmiset</span>' in swedish
    assert "Joulukonsertti" in swedish
    assert '<span class="tag">Kulttuuri</span><span class="tag">Musiikki</span>' in finnish
