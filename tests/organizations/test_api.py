import pytest

from organizations.models import Association
from organizations.services import refresh_search_vector, update_association_profile
from tests.organizations.factories import AssociationFactory, CategoryFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/associations/"


def test_api_lists_public_fields_only(resident, association):
    response = resident.get(API)

    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["name"] == association.name
    assert row["page_url"].endswith(association.get_absolute_url())
    assert "contact_email" not in row
    assert "contact_name" not in row
    assert association.contact_email not in response.content.decode()


def test_api_leaves_out_unlisted_associations(resident, association):
    waiting = AssociationFactory(is_listed=False)

    listed = resident.get(API).json()
    detail = resident.get(f"{API}{waiting.slug}/")

    assert [row["slug"] for row in listed["results"]] == [association.slug]
    assert detail.status_code == 404


def test_api_detail_by_slug(resident, association):
    response = resident.get(f"{API}{association.slug}/")

    assert response.json()["slug"] == association.slug


def test_api_filters_and_searches_like_the_page(resident):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    club = AssociationFactory(name="Esimerkkilän Urheiluseura ry", languages=["fi"])
    club.categories.add(sports)
    AssociationFactory(name="Kaiku ry", languages=["sv"])
    refresh_search_vector()

    by_category = resident.get(API, {"category": "urheilu"}).json()
    by_search = resident.get(API, {"q": "urheiluseurat"}).json()
    by_language = resident.get(API, {"language": "sv"}).json()

    assert [row["name"] for row in by_category["results"]] == [club.name]
    assert [row["name"] for row in by_search["results"]] == [club.name]
    assert [row["name"] for row in by_language["results"]] == ["Kaiku ry"]
    assert by_category["results"][0]["categories"] == [{"slug": "urheilu", "name": "Urheilu"}]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"category": "no-such"}, "category"),
        ({"target_group": "no-such"}, "target_group"),
        ({"language": "xx"}, "language"),
        ({"sort": "nonsense"}, "sort"),
    ],
)
def test_api_bad_filter_values_give_400_with_the_reason(resident, association, query, field):
    response = resident.get(API, query)

    assert response.status_code == 400
    assert field in response.json()


def test_api_list_rows_are_what_the_serializer_writes_for_one(resident):
    """The list writes its rows without the serializer, the detail through it: every field
    given, and every field left empty, reads the same in both."""
    sports, youth = CategoryFactory(name="Urheilu", slug="urheilu"), TargetGroupFactory()
    full = AssociationFactory(
        name="Aalto ry",
        business_id="1234567-1",
        register_number="123.456",
        domicile="Esimerkkilä",
        languages=["fi", "sv"],
        purpose_fi="Liikuntaa",
        purpose_sv="Idrott",
        activities="Harjoitukset",
        how_to_join="Tule mukaan",
        accessibility="Esteetön",
        public_email="info@aalto.example.fi",
        public_phone="040 123 4567",
        website="https://aalto.example.fi/",
        facebook="https://facebook.com/aalto",
        instagram="https://instagram.com/aalto",
        other_social="https://example.com/aalto",
        postal_address="Kuja 1",
        founded_year=1990,
        member_count=Association.MemberCount.UNDER_50,
        logo="logos/aalto.png",
        is_verified=True,
    )
    full.categories.add(sports)
    full.target_groups.add(youth)
    AssociationFactory(name="Bertta ry", business_id="", public_email="", website="", languages=[])

    rows = resident.get(API, {"sort": "name"}).json()["results"]

    assert [row["name"] for row in rows] == ["Aalto ry", "Bertta ry"]
    for row in rows:
        assert row == resident.get(f"{API}{row['slug']}/").json()
    assert rows[0]["logo"].endswith("/logos/aalto.png")
    assert rows[1]["website"] is None


def test_api_is_paginated_by_25(resident):
    AssociationFactory.create_batch(27)

    first = resident.get(API).json()

    assert first["count"] == 27
    assert len(first["results"]) == 25
    assert first["next"]


def test_api_counts_the_whole_register_and_a_filtered_one(resident):
    AssociationFactory.create_batch(2, languages=["fi"])
    AssociationFactory(languages=["sv"])
    AssociationFactory(languages=["sv"], is_listed=False)

    assert resident.get(API, {"sort": "newest"}).json()["count"] == 3
    assert resident.get(API, {"language": "sv"}).json()["count"] == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_api_list_runs_the_same_number_of_queries_for_3_and_30_rows(
    resident, django_assert_num_queries, rows
):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    for association in AssociationFactory.create_batch(rows):
        association.categories.add(sports)

    # the count, and the page with its categories' and target groups' names
    with django_assert_num_queries(2):
        response = resident.get(API)

    assert response.status_code == 200
    assert all(
        row["categories"] == [{"slug": "urheilu", "name": "Urheilu"}]
        for row in response.json()["results"]
    )


def test_api_schema_builds_with_the_register(resident):
    response = resident.get("/api/schema/")

    assert response.status_code == 200
    assert b"/api/v1/associations/" in response.content


def test_api_refuses_to_write(resident, association):
    response = resident.post(API, {"name": "Uusi ry"})

    assert response.status_code == 405


def test_api_list_is_served_from_cache_until_the_register_changes(
    resident, association, liaison_officer, django_assert_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    resident.get(API)

    with django_assert_num_queries(0):
        cached = resident.get(API).json()
    with django_capture_on_commit_callbacks(execute=True):
        update_association_profile(
            association=association, data={"name": "Uusi Nimi ry"}, by=liaison_officer
        )
    fresh = resident.get(API).json()

    assert cached["results"][0]["name"] == "Esimerkkilän Urheiluseura ry"
    assert fresh["results"][0]["name"] == "Uusi Nimi ry"


@pytest.mark.parametrize("refused", ["language=", "language=xx", "page=%201", "page=0"])
def test_api_refuses_a_bad_value_even_when_a_valid_query_is_cached(resident, association, refused):
    resident.get(API)

    response = resident.get(f"{API}?{refused}")

    assert response.status_code == 400


def test_the_api_schema_describes_categories_and_target_groups_as_slug_and_name(resident):
    schema = resident.get("/api/schema/?format=json").json()

    fields = schema["components"]["schemas"]["Association"]["properties"]
    for name in ("categories", "target_groups"):
        assert fields[name]["type"] == "array"
        item = fields[name]["items"]["$ref"].rsplit("/", 1)[1]
        assert set(schema["components"]["schemas"][item]["properties"]) == {"slug", "name"}


def test_api_names_categories_in_finnish_whatever_page_was_read_before(resident):
    sports = CategoryFactory(name="Urheilu", name_fi="Urheilu", name_sv="Idrott", slug="urheilu")
    association = AssociationFactory()
    association.categories.set([sports])
    detail = f"{API}{association.slug}/"

    swedish_page = resident.get(f"/sv/yhdistykset/{association.slug}/").content.decode()
    listed = resident.get(API, headers={"accept-language": "sv"}).json()
    one = resident.get(detail, headers={"accept-language": "sv"}).json()
    finnish_page = resident.get(f"/yhdistykset/{association.slug}/").content.decode()

    assert "Idrott" in swedish_page
    assert listed["results"][0]["categories"] == [{"slug": "urheilu", "name": "Urheilu"}]
    assert one["categories"] == [{"slug": "urheilu", "name": "Urheilu"}]
    assert "Urheilu" in finnish_page
    assert "Idrott" not in finnish_page


@pytest.fixture
def every_read_misses(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_api_pages_read_current_rows_each_time_and_each_page_its_own(resident, every_read_misses):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    for number in range(30):
        AssociationFactory(name=f"Seura {number:02d} ry").categories.set([sports])
    query = f"{API}?category=urheilu"

    first = resident.get(query).json()
    second = resident.get(f"{query}&page=2").json()
    AssociationFactory(name="Aaltoseura ry").categories.set([sports])
    again = resident.get(query).json()

    assert [row["name"] for row in first["results"]][:2] == ["Seura 00 ry", "Seura 01 ry"]
    assert [row["name"] for row in second["results"]] == [f"Seura {n} ry" for n in range(25, 30)]
    assert again["results"][0]["name"] == "Aaltoseura ry"
    assert again["count"] == 31
    assert again["results"][0]["categories"] == [{"slug": "urheilu", "name": "Urheilu"}]
    assert again["results"][0]["page_url"].endswith("/yhdistykset/aaltoseura-ry/")
