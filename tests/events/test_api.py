import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.models import Event
from tests.events.factories import EventFactory, day_at
from tests.facilities.factories import SpaceFactory
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/events/"


def detail(event) -> str:
    return f"{LIST}{event.pk}/"


def test_an_event_has_the_linked_events_fields(resident):
    club = AssociationFactory(name="Esimerkkilän Urheiluseura ry")
    event = EventFactory(
        title="Kesäjuoksu",
        description="Juostaan kylän ympäri.",
        category=Event.Category.SPORTS,
        audiences=[Event.Audience.FAMILIES, Event.Audience.CHILDREN],
        languages=["fi", "sv"],
        is_free=False,
        price="Aikuiset 10 €",
        registration_url="https://seura.example/ilmoittaudu",
        organisers=[club],
        starts_at=day_at(10, 12),
        ends_at=day_at(10, 15),
    )

    data = resident.get(detail(event)).json()

    assert data["id"] == event.pk
    assert data["@id"].endswith(f"/api/v1/events/{event.pk}/")
    assert data["name"] == {"fi": "Kesäjuoksu"}
    assert data["description"] == {"fi": "Juostaan kylän ympäri."}
    assert data["start_time"] == timezone.localtime(day_at(10, 12)).isoformat()
    assert data["end_time"] == timezone.localtime(day_at(10, 15)).isoformat()
    assert data["has_start_time"] is True
    assert data["location"] == {
        "id": None,
        "name": {"fi": "Kirkkotie 1, Esimerkkilä"},
        "street_address": {"fi": "Kirkkotie 1, Esimerkkilä"},
    }
    assert [keyword["id"] for keyword in data["keywords"]] == [
        "category:sports",
        "audience:families",
        "audience:children",
    ]
    assert [keyword["id"] for keyword in data["audience"]] == [
        "audience:families",
        "audience:children",
    ]
    assert data["offers"] == [
        {
            "is_free": False,
            "price": {"fi": "Aikuiset 10 €"},
            "info_url": {"fi": "https://seura.example/ilmoittaudu"},
            "description": None,
        }
    ]
    assert [language["id"] for language in data["in_language"]] == ["fi", "sv"]
    assert data["event_status"] == "EventScheduled"
    assert data["super_event"] is None
    assert data["provider"] == {"fi": "Esimerkkilän Urheiluseura ry"}
    assert data["publisher"] == [
        {
            "name": "Esimerkkilän Urheiluseura ry",
            "info_url": f"http://testserver{club.get_absolute_url()}",
        }
    ]
    assert data["images"] == []
    assert data["info_url"] == {"fi": f"http://testserver{event.get_absolute_url()}"}
    assert data["last_modified_time"]


def test_an_event_in_a_municipal_space_gives_the_space_id(resident):
    space = SpaceFactory(name="Juhlasali")
    event = EventFactory(space=space, address="")

    data = resident.get(detail(event)).json()

    assert data["location"]["id"] == space.pk
    assert "Juhlasali" in data["location"]["name"]["fi"]


def test_an_image_comes_with_its_alt_text(resident, private_storage):
    event = EventFactory(
        image=SimpleUploadedFile("kuva.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        image_alt="Lapset juoksevat niityllä",
    )

    data = resident.get(detail(event)).json()

    assert data["images"][0]["alt_text"] == "Lapset juoksevat niityllä"
    assert data["images"][0]["url"].startswith("http://testserver/")


def test_the_municipality_is_the_provider_of_its_own_events(resident, settings):
    event = EventFactory()

    data = resident.get(detail(event)).json()

    assert data["provider"] == {"fi": settings.MUNICIPALITY_NAME}
    assert data["publisher"] == [{"name": settings.MUNICIPALITY_NAME, "info_url": None}]


def test_a_cancelled_published_event_is_listed_as_cancelled(resident):
    event = EventFactory(status=Event.Status.CANCELLED)

    data = resident.get(detail(event)).json()

    assert data["event_status"] == "EventCancelled"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Event.Status.DRAFT, "published_at": None},
        {"status": Event.Status.PENDING, "published_at": None},
        {"status": Event.Status.RETURNED, "published_at": None, "return_reason": "Korjaa."},
        {"status": Event.Status.CANCELLED, "published_at": None},
    ],
)
def test_events_residents_cannot_see_are_never_in_the_api(resident, fields):
    hidden = EventFactory(title="Piilotettu", **fields)

    listing = resident.get(LIST).json()
    one = resident.get(detail(hidden))

    assert listing["count"] == 0
    assert one.status_code == 404
    assert "detail" in one.json()


def test_past_events_are_left_out_unless_dates_are_chosen(resident):
    EventFactory(title="Mennyt", starts_at=day_at(-3), ends_at=day_at(-3, 20))
    day = (timezone.localdate() - timezone.timedelta(days=3)).isoformat()

    coming = resident.get(LIST).json()
    chosen = resident.get(LIST, {"alkaen": day, "asti": day}).json()

    assert coming["count"] == 0
    assert [event["name"]["fi"] for event in chosen["results"]] == ["Mennyt"]


def test_the_calendar_filters_work_in_the_api(resident):
    club = AssociationFactory()
    EventFactory(title="Konsertti", category=Event.Category.MUSIC, organisers=[club])
    EventFactory(title="Retki", category=Event.Category.SPORTS, audiences=["youth"])

    music = resident.get(LIST, {"kategoria": "music"}).json()
    youth = resident.get(LIST, {"kenelle": "youth"}).json()
    by_club = resident.get(LIST, {"jarjestaja": club.pk}).json()

    assert [event["name"]["fi"] for event in music["results"]] == ["Konsertti"]
    assert [event["name"]["fi"] for event in youth["results"]] == ["Retki"]
    assert [event["name"]["fi"] for event in by_club["results"]] == ["Konsertti"]


@pytest.mark.parametrize(
    "query",
    [
        {"kategoria": "dancing"},
        {"kenelle": "dogs"},
        {"alkaen": "2026-13-45"},
        {"jarjestaja": "abc"},
        {"jarjestaja": "99999999999999999999"},
        {"paikka": "-1"},
        {"page": "x"},
    ],
)
def test_a_filter_that_is_not_understood_gives_400_with_the_reason(resident, query):
    EventFactory()

    response = resident.get(LIST, query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


@pytest.mark.parametrize("pk", ["abc", "0", "-5", "99999999999999999999", "1.5", "٣", "12345"])
def test_an_id_that_is_no_event_gives_404_in_the_apis_shape(resident, pk):
    EventFactory()

    response = resident.get(f"{LIST}{pk}/")

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_runs_the_same_queries_for_few_and_many_events(
    resident, django_assert_num_queries, rows
):
    organisers = AssociationFactory.create_batch(2)
    space = SpaceFactory()
    for index in range(rows):
        EventFactory(organisers=organisers, space=space if index % 2 else None)

    # count, events, organisers
    with django_assert_num_queries(3):
        response = resident.get(LIST)

    assert response.status_code == 200
    assert response.json()["count"] == rows


def test_the_events_are_in_the_openapi_schema_with_their_errors(resident):
    schema = resident.get("/api/schema/", {"format": "json"}).json()

    listing = schema["paths"]["/api/v1/events/"]["get"]
    one = schema["paths"]["/api/v1/events/{id}/"]["get"]
    assert {"200", "400"} <= set(listing["responses"])
    assert {"200", "404"} <= set(one["responses"])
    assert "kategoria" in {parameter["name"] for parameter in listing["parameters"]}
