import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import translation

from organizations.models import Association
from organizations.services import refresh_search_vector, update_association_profile
from tests.organizations.factories import (
    AssociationFactory,
    CategoryFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse_lazy("organizations:association_list")


def make_associations(count, **kwargs):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    associations = AssociationFactory.create_batch(count, **kwargs)
    for association in associations:
        association.categories.add(sports)
    refresh_search_vector()
    return associations


def names_in(response) -> list[str]:
    return [association.name for association in response.context["register"].associations]


@pytest.mark.parametrize("rows", [3, 30])
def test_register_page_runs_the_same_number_of_queries_for_3_and_30_rows(
    resident, django_assert_num_queries, rows
):
    make_associations(rows, languages=["fi"])

    # The facets' choices with the whole register's kept counts, the page with its rows'
    # category names.
    with django_assert_num_queries(2):
        response = resident.get(LIST_URL)

    assert response.status_code == 200
    assert len(names_in(response)) == min(rows, 25)


def test_register_page_served_from_cache_runs_no_queries(resident, django_assert_num_queries):
    make_associations(3)
    resident.get(LIST_URL)

    with django_assert_num_queries(0):
        response = resident.get(LIST_URL)

    assert "Testiyhdistys" in response.content.decode()


def test_register_page_shows_a_change_made_through_a_service(
    resident, association, liaison_officer, django_capture_on_commit_callbacks
):
    resident.get(LIST_URL)

    with django_capture_on_commit_callbacks(execute=True):
        update_association_profile(
            association=association, data={"name": "Uusi Nimi ry"}, by=liaison_officer
        )
    response = resident.get(LIST_URL)

    assert "Uusi Nimi ry" in response.content.decode()


def test_register_page_has_no_csrf_token_for_residents(resident, association):
    response = resident.get(LIST_URL)

    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_register_is_paginated_by_25(resident):
    make_associations(30)

    first = resident.get(LIST_URL)
    second = resident.get(LIST_URL, {"page": 2})

    assert len(names_in(first)) == 25
    assert len(names_in(second)) == 5
    assert 'rel="next"' in first.content.decode()


def test_unlisted_associations_are_not_in_the_register(resident, association):
    AssociationFactory(name="Odottava yhdistys ry", is_listed=False)

    response = resident.get(LIST_URL)

    assert names_in(response) == [association.name]


def test_search_finds_inflected_forms_of_the_name(resident):
    AssociationFactory(name="Esimerkkilän Urheiluseura ry")
    AssociationFactory(name="Kulttuuriyhdistys Kaiku ry", purpose="Teatteria ja musiikkia.")
    refresh_search_vector()

    response = resident.get(LIST_URL, {"q": "urheiluseurat"})

    assert names_in(response) == ["Esimerkkilän Urheiluseura ry"]


def test_search_forgives_a_typo_in_the_name(resident):
    AssociationFactory(name="Esimerkkilän Urheiluseura ry")
    AssociationFactory(name="Kulttuuriyhdistys Kaiku ry", purpose="Teatteria ja musiikkia.")
    refresh_search_vector()

    response = resident.get(LIST_URL, {"q": "Urheluseura"})

    assert names_in(response) == ["Esimerkkilän Urheiluseura ry"]


def test_search_finds_words_of_the_purpose(resident):
    AssociationFactory(name="Kaiku ry", purpose="Järjestämme konsertteja kylätalolla.")
    AssociationFactory(name="Pallo ry", purpose="Jalkapalloa lapsille.")
    refresh_search_vector()

    response = resident.get(LIST_URL, {"q": "konsertti"})

    assert names_in(response) == ["Kaiku ry"]


def test_search_puts_name_matches_before_purpose_matches(resident):
    AssociationFactory(name="Aaltojen kuoro ry", purpose="Laulamme. Perinteinen kuoro.")
    AssociationFactory(name="Pallokerho ry", purpose="Kuoro on meille vieras, pelaamme palloa.")
    AssociationFactory(name="Kuoro Kaiku ry", purpose="Laulua kaikille.")
    refresh_search_vector()

    response = resident.get(LIST_URL, {"q": "kuoro"})

    assert names_in(response)[-1] == "Pallokerho ry"


def test_category_facet_filters_and_counts(resident):
    culture = CategoryFactory(name="Kulttuuri", slug="kulttuuri")
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    AssociationFactory(name="Kaiku ry").categories.add(culture)
    AssociationFactory(name="Pallo ry").categories.add(sports)
    AssociationFactory(name="Monitoimi ry").categories.add(sports, culture)

    response = resident.get(LIST_URL, {"category": "urheilu"})

    assert names_in(response) == ["Monitoimi ry", "Pallo ry"]
    facet = response.context["register"].facets[0]
    counts = {choice["value"]: choice["count"] for choice in facet["choices"]}
    assert counts == {"urheilu": 2, "kulttuuri": 1}


def test_language_and_target_group_facets_filter(resident):
    seniors = TargetGroupFactory(name="Ikäihmiset", slug="ikaihmiset")
    swedish = AssociationFactory(name="Svenska föreningen rf", languages=["sv", "fi"])
    swedish.target_groups.add(seniors)
    AssociationFactory(name="Suomenkielinen ry", languages=["fi"]).target_groups.add(seniors)
    AssociationFactory(name="Ruotsalainen nuoriso rf", languages=["sv"])

    response = resident.get(LIST_URL, {"language": "sv", "target_group": "ikaihmiset"})

    assert names_in(response) == ["Svenska föreningen rf"]


def test_sorting_by_newest_puts_the_latest_first(resident):
    AssociationFactory(name="A-yhdistys ry")
    AssociationFactory(name="B-yhdistys ry")

    response = resident.get(LIST_URL, {"sort": "newest"})

    assert names_in(response) == ["B-yhdistys ry", "A-yhdistys ry"]


@pytest.mark.parametrize("q", ["", "yhdistys"])
def test_an_unknown_choice_leaves_the_chosen_order_as_it_is(resident, q):
    AssociationFactory(name="A-yhdistys ry")
    AssociationFactory(name="B-yhdistys ry")

    response = resident.get(LIST_URL, {"sort": "newest", "category": "no-such", "q": q})

    assert "Unknown choice for “Category” was ignored." in response.content.decode()
    assert names_in(response) == ["B-yhdistys ry", "A-yhdistys ry"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "abc"}, "is not a page number"),
        ({"page": "99999"}, "There is no page 99999"),
        ({"page": "-3"}, "There is no page -3"),
        ({"category": "no-such-category"}, "Unknown choice for “Category” was ignored."),
        ({"target_group": "nobody"}, "Unknown choice for “Target group” was ignored."),
        ({"language": "xx"}, "Unknown choice for “Language of activity” was ignored."),
        ({"sort": "nonsense"}, "Unknown sort order was ignored"),
        ({"q": "x" * 500}, "The search text is too long"),
    ],
)
def test_bad_query_strings_give_a_message_and_the_register(resident, association, query, message):
    response = resident.get(LIST_URL, query)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert names_in(response) == [association.name]


def test_search_with_only_punctuation_does_not_fail(resident, association):
    response = resident.get(LIST_URL, {"q": '"&|!:*()'})

    assert response.status_code == 200


def test_detail_page_shows_public_fields_and_json_ld_to_residents(resident, association):
    association.website = "https://urheiluseura.example.fi"
    association.contact_email = "salainen@example.fi"
    association.save()

    response = resident.get(association.get_absolute_url())

    content = response.content.decode()
    assert association.purpose in content
    assert "salainen@example.fi" not in content
    assert 'id="private-contact-block"' not in content
    start = content.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(content[start : content.index("</script>", start)])
    assert data["@type"] == "NGO"
    assert data["name"] == association.name
    assert data["sameAs"] == ["https://urheiluseura.example.fi"]


def test_json_ld_cannot_close_its_script_element(resident, association):
    association.purpose = "</script><script>alert(1)</script>"
    association.save()

    response = resident.get(association.get_absolute_url())

    content = response.content.decode()
    assert "</script><script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in content


def test_detail_page_shows_private_contact_to_the_associations_rep(
    client_for, association, association_rep
):
    response = client_for(association_rep).get(association.get_absolute_url())

    content = response.content.decode()
    assert association.contact_email in content
    assert 'id="edit-association"' in content


def test_detail_page_offers_to_represent_to_signed_in_users(client_for, association, plain_user):
    response = client_for(plain_user).get(association.get_absolute_url())

    assert 'id="ask-to-represent"' in response.content.decode()


def test_detail_page_of_an_unlisted_association_is_not_found_for_residents(resident):
    waiting = AssociationFactory(is_listed=False)

    response = resident.get(waiting.get_absolute_url())

    assert response.status_code == 404


def test_hub_section_links_categories_with_counts(resident, association):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    CategoryFactory(name="Kulttuuri", slug="kulttuuri")
    association.categories.add(sports)
    AssociationFactory().categories.add(sports)
    AssociationFactory(is_listed=False).categories.add(sports)

    response = resident.get(reverse("portal:home"))

    content = response.content.decode()
    assert 'class="hub-section" aria-labelledby="hub-associations"' in content
    # Listed associations only; a category with none says so.
    assert '?category=urheilu">Urheilu</a> <span class="muted">(2)</span>' in content
    assert '?category=kulttuuri">Kulttuuri</a> <span class="muted">(0)</span>' in content


def test_association_count_is_shown(resident):
    make_associations(3)

    response = resident.get(LIST_URL)

    assert "3 associations" in response.content.decode()
    assert Association.objects.count() == 3


def test_detail_page_for_residents_is_served_without_queries_once_cached(
    resident, association, django_assert_num_queries
):
    resident.get(association.get_absolute_url())

    with django_assert_num_queries(0):
        response = resident.get(association.get_absolute_url())

    assert association.purpose in response.content.decode()


def test_detail_page_shows_a_change_made_through_a_service(
    resident, association, liaison_officer, django_capture_on_commit_callbacks
):
    resident.get(association.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        update_association_profile(
            association=association, data={"purpose": "Aivan uusi tarkoitus."}, by=liaison_officer
        )
    response = resident.get(association.get_absolute_url())

    assert "Aivan uusi tarkoitus." in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_hub_section_runs_one_query_whatever_the_number_of_categories(
    django_assert_num_queries, rows
):
    for number in range(rows):
        category = CategoryFactory(name=f"Luokka {number}", slug=f"luokka-{number}")
        AssociationFactory().categories.add(category)

    with django_assert_num_queries(1):
        first = render_to_string("organizations/includes/hub_section.html")
    with django_assert_num_queries(0):
        second = render_to_string("organizations/includes/hub_section.html")

    assert first == second
    assert f"?category=luokka-{rows - 1}" in first


def test_register_in_swedish_shows_swedish_category_names(resident, association):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    sports.name_sv = "Idrott"
    sports.save()
    association.categories.add(sports)
    resident.get(LIST_URL)

    with translation.override("sv"):
        response = resident.get(reverse("organizations:association_list"))

    assert response["Content-Language"] == "sv"
    assert "Idrott" in response.content.decode()


def test_register_rows_link_badge_categories_and_a_shortened_purpose(resident):
    culture = CategoryFactory(name="Kulttuuri", slug="kulttuuri", order=1)
    sports = CategoryFactory(name="Urheilu", slug="urheilu", order=2)
    words = " ".join(f"sana{number}" for number in range(30))
    club = AssociationFactory(name="Kerho <b> & co ry", domicile="Esimerkkilä", purpose=words)
    club.categories.set([sports, culture])
    AssociationFactory(name="Vahvistamaton ry", unverified=True)

    html = resident.get(LIST_URL).content.decode()

    detail = reverse("organizations:association_detail", args=[club.slug])
    assert (
        f'<th scope="row"><a href="{detail}">Kerho &lt;b&gt; &amp; co ry</a>'
        ' <span class="badge-verified">✓ verified</span></th>'
    ) in html
    assert '<td><span class="tag">Kulttuuri</span><span class="tag">Urheilu</span></td>' in html
    assert "<td>Esimerkkilä</td>" in html
    # Twenty words, then an ellipsis, as the truncatewords filter would shorten it.
    assert f"<td>{' '.join(words.split()[:20])} …</td>" in html
    unverified = reverse("organizations:association_detail", args=["vahvistamaton-ry"])
    assert f'<a href="{unverified}">Vahvistamaton ry</a></th>' in html


def test_register_facets_are_checkboxes_with_counts_and_keep_the_choice(resident):
    culture = CategoryFactory(name="Kulttuuri & taide", slug="kulttuuri")
    AssociationFactory(name="Kaiku ry", languages=["fi"]).categories.add(culture)
    AssociationFactory(name="Kuoro ry", languages=["fi", "sv"]).categories.add(culture)

    html = resident.get(LIST_URL, {"language": "sv"}).content.decode()

    assert '<fieldset class="field">\n<legend>Category</legend>' in html
    assert (
        '<div><input type="checkbox" name="category" value="kulttuuri" id="id_category_0">'
        ' <label for="id_category_0">Kulttuuri &amp; taide <span class="muted">(1)</span>'
        "</label></div>"
    ) in html
    assert 'name="language" value="sv" id="id_language_1" checked>' in html
    # A facet with no matching association shows no empty fieldset.
    assert "<legend>Target group</legend>" not in html


def test_facet_choices_are_in_their_order_then_by_the_shown_name_with_fallback(resident):
    first = CategoryFactory(name="Ympäristö", slug="ymparisto", order=1)
    zebra = CategoryFactory(name="Öljymaalaus", slug="oljymaalaus", order=2)
    zebra.name_sv = "Akvarell"
    zebra.save()
    alpha = CategoryFactory(name="Urheilu", slug="urheilu", order=2)
    alpha.name_sv = "Idrott"
    alpha.save()
    for category in (first, zebra, alpha):
        AssociationFactory().categories.add(category)
    seniors = TargetGroupFactory(name="Ikäihmiset", slug="ikaihmiset")
    AssociationFactory().target_groups.add(seniors)

    with translation.override("sv"):
        response = resident.get(reverse("organizations:association_list"))

    category, target_group, _language = response.context["register"].facets
    # By the order field first; within one order by the name shown, Finnish where there is
    # no Swedish one.
    assert [(c["label"], c["count"]) for c in category["choices"]] == [
        ("Ympäristö", 1),
        ("Akvarell", 1),
        ("Idrott", 1),
    ]
    assert [(c["value"], c["count"]) for c in target_group["choices"]] == [("ikaihmiset", 1)]
