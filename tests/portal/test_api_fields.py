"""The open API's serializers build their fields once and give each serializer copies of its
own: the answers are the same as with fields built anew, and each request's URLs its own."""

import pytest
from django.core.cache import cache
from rest_framework import serializers

from events.api import EventSerializer
from organizations.api import AssociationSerializer
from portal.api import FieldsBuiltOnce
from tests.events.factories import EventFactory
from tests.organizations.factories import AssociationFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def built_anew(self):
    return serializers.ModelSerializer.get_fields(self)


@pytest.fixture
def published():
    choir = AssociationFactory(name="Kuoro ry", website="https://kuoro.example", languages=["fi"])
    choir.categories.add(CategoryFactory(name="Musiikki", slug="musiikki"))
    AssociationFactory(name="Seura ry", public_email="")
    EventFactory(title="Konsertti", organisers=[choir])
    return choir


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/api/v1/associations/", "fi"),
        ("/api/v1/associations/?category=musiikki", "fi"),
        ("/api/v1/associations/", "sv"),
        ("/api/v1/events/", "fi"),
        ("/api/v1/events/", "en"),
    ],
)
def test_the_answers_are_those_of_fields_built_anew(
    resident, published, monkeypatch, path, language
):
    headers = {"accept-language": language}
    once = resident.get(path, headers=headers)
    cache.clear()
    monkeypatch.setattr(FieldsBuiltOnce, "get_fields", built_anew)
    anew = resident.get(path, headers=headers)

    assert once.status_code == 200
    assert once.content == anew.content
    assert b"Kuoro ry" in once.content or b"Konsertti" in once.content


def test_the_detail_is_that_of_fields_built_anew(resident, published, monkeypatch):
    path = f"/api/v1/associations/{published.slug}/"
    once = resident.get(path)
    monkeypatch.setattr(FieldsBuiltOnce, "get_fields", built_anew)

    assert once.content == resident.get(path).content


def test_each_request_gets_its_own_addresses(resident, published, settings):
    settings.ALLOWED_HOSTS = ["testserver", "yhdistykset.example"]
    path = f"/api/v1/associations/{published.slug}/"

    first = resident.get(path, headers={"host": "testserver"}).json()
    second = resident.get(path, headers={"host": "yhdistykset.example"}).json()

    assert first["page_url"].startswith("http://testserver/")
    assert second["page_url"].startswith("http://yhdistykset.example/")


@pytest.mark.parametrize("serializer_class", [AssociationSerializer, EventSerializer])
def test_each_serializer_has_fields_of_its_own(serializer_class):
    first, second = serializer_class(), serializer_class()

    assert list(first.fields) == list(second.fields)
    for name, field in first.fields.items():
        assert field is not second.fields[name]
        assert field.parent is first
        assert second.fields[name].parent is second
