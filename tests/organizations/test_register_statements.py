"""The register keeps the SQL of recent filter combinations and pages, never their rows."""

import pytest
from django.core.cache import cache
from django.urls import reverse_lazy

from organizations import register
from organizations.filters import AssociationFilter
from organizations.models import Association, search_shape, search_terms
from organizations.services import refresh_search_vector
from tests.organizations.factories import AssociationFactory, CategoryFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse_lazy("organizations:association_list")


@pytest.fixture(autouse=True)
def no_kept_statements():
    register.ROWS.clear()
    register.MATCHING.clear()
    yield
    register.ROWS.clear()
    register.MATCHING.clear()


def names_in(response) -> list[str]:
    return [association.name for association in response.context["register"].associations]


def test_a_kept_statement_reads_the_register_as_it_is_now(resident):
    sports = CategoryFactory(slug="urheilu")
    AssociationFactory(name="Alkula Ski ry").categories.add(sports)

    before = names_in(resident.get(LIST_URL, {"category": "urheilu"}))
    AssociationFactory(name="Alkula Ball ry").categories.add(sports)
    cache.clear()  # the page's cached fragment, which a change to the register replaces
    after = names_in(resident.get(LIST_URL, {"category": "urheilu"}))

    assert before == ["Alkula Ski ry"]
    assert after == ["Alkula Ball ry", "Alkula Ski ry"]


def test_each_combination_of_filters_and_each_page_has_its_own_statement(resident):
    sports, culture = CategoryFactory(slug="urheilu"), CategoryFactory(slug="kulttuuri")
    for n in range(30):
        AssociationFactory(name=f"Seura {n:02d}").categories.add(sports if n % 3 else culture)

    pages = [
        names_in(resident.get(LIST_URL, query))
        for query in (
            {},
            {"page": "2"},
            {"category": "urheilu"},
            {"category": "kulttuuri"},
            {"category": ["urheilu", "kulttuuri"]},
            {"sort": "newest"},
        )
    ]

    assert pages[0] == [f"Seura {n:02d}" for n in range(25)]
    assert pages[1] == [f"Seura {n:02d}" for n in range(25, 30)]
    assert pages[2] == [f"Seura {n:02d}" for n in range(30) if n % 3]
    assert pages[3] == [f"Seura {n:02d}" for n in range(0, 30, 3)]
    assert pages[4] == pages[0]
    assert pages[5] == [f"Seura {n:02d}" for n in range(29, 4, -1)]


def test_the_key_of_a_choice_of_categories_reads_nothing_more(
    django_assert_num_queries,
):
    CategoryFactory(slug="urheilu"), CategoryFactory(slug="kulttuuri")
    data = {"category": ["urheilu", "kulttuuri"]}
    filterset = AssociationFilter(data, queryset=Association.objects.listed())
    assert filterset.is_valid()

    with django_assert_num_queries(0):
        key = filterset.values_key()

    def key_of(categories):
        other = AssociationFilter({"category": categories}, queryset=Association.objects.listed())
        return other.values_key()

    assert key_of(["kulttuuri", "urheilu", "urheilu"]) == key
    assert key_of(["urheilu"]) != key


def test_the_whole_register_asked_twice_has_one_key():
    from django.http import QueryDict

    first, second = (
        AssociationFilter(QueryDict(""), queryset=Association.objects.listed()) for _ in range(2)
    )

    assert first.values_key() == second.values_key()


def test_searches_of_one_shape_share_statements_and_each_finds_its_own(resident):
    for name in ("Alkula Kuoro ry", "Alkula Orkesteri ry", "Alkula Teatteri ry"):
        AssociationFactory(name=name)
    refresh_search_vector()
    texts = ("kuoro", "orkesteri", "teatteri")
    assert len({search_shape(search_terms([text])) for text in texts}) == 1

    found = [names_in(resident.get(LIST_URL, {"q": text, "sort": "name"})) for text in texts]
    AssociationFactory(name="Alkula Kuoro Kaiku ry")
    refresh_search_vector()
    cache.clear()  # the page's cached fragment, which a change to the register replaces
    again = names_in(resident.get(LIST_URL, {"q": "kuoro", "sort": "name"}))

    assert found == [["Alkula Kuoro ry"], ["Alkula Orkesteri ry"], ["Alkula Teatteri ry"]]
    assert again == ["Alkula Kuoro Kaiku ry", "Alkula Kuoro ry"]
    assert len(register.MATCHING._kept) == 1
