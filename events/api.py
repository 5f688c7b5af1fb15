"""The open, read-only API of the public calendar, in the field names of Linked Events.

Linked Events (the City of Helsinki's event API) is what Finnish event aggregators already read,
so its names are used where they fit: texts are language maps, the status is a schema.org word,
and offers, keywords and images are lists of objects. Only what residents see is served:
published events, and cancelled ones that had been published.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from events.filters import EventFilter
from events.models import Event
from organizations.models import ActivityLanguage, Association
from portal.api import FieldsBuiltOnce

# The largest primary key PostgreSQL's integer column holds; a longer number is no event.
MAX_ID = 2**31 - 1
LANGUAGE = "fi"

# A text in each language it has; null when the event has none.
TEXT = {"type": "object", "additionalProperties": {"type": "string"}, "nullable": True}
KEYWORDS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "name": TEXT},
        "required": ["id", "name"],
    },
}
OFFERS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "is_free": {"type": "boolean"},
            "price": TEXT,
            "info_url": TEXT,
            "description": TEXT,
        },
        "required": ["is_free", "price", "info_url", "description"],
    },
}
IMAGES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "url": {"type": "string", "format": "uri"},
            "alt_text": {"type": "string"},
            "name": {"type": "string"},
        },
        "required": ["url", "alt_text", "name"],
    },
}


def _text(value: str) -> dict[str, str] | None:
    """A language map as Linked Events gives texts; the calendar's texts are in one language."""
    return {LANGUAGE: value} if value else None


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat()


class EventSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """One public event in Linked Events' shape."""

    api_id = serializers.SerializerMethodField(method_name="get_api_id")
    name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    start_time = serializers.SerializerMethodField()
    end_time = serializers.SerializerMethodField()
    has_start_time = serializers.SerializerMethodField()
    has_end_time = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    keywords = serializers.SerializerMethodField()
    audience = serializers.SerializerMethodField()
    offers = serializers.SerializerMethodField()
    in_language = serializers.SerializerMethodField()
    event_status = serializers.SerializerMethodField()
    super_event = serializers.SerializerMethodField()
    provider = serializers.SerializerMethodField()
    publisher = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    accessibility = serializers.SerializerMethodField()
    info_url = serializers.SerializerMethodField()
    last_modified_time = serializers.DateTimeField(source="updated_at", read_only=True)
    date_published = serializers.DateTimeField(source="published_at", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "api_id",
            "name",
            "description",
            "start_time",
            "end_time",
            "has_start_time",
            "has_end_time",
            "location",
            "keywords",
            "audience",
            "offers",
            "in_language",
            "event_status",
            "super_event",
            "provider",
            "publisher",
            "images",
            "accessibility",
            "info_url",
            "last_modified_time",
            "date_published",
        ]
        read_only_fields = fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Linked Events names the resource's own address "@id", which no attribute can be called.
        api_id = self.fields.pop("api_id")
        self.fields["@id"] = api_id

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_id(self, event) -> str:
        return self._absolute(f"/api/v1/events/{event.pk}/")

    @extend_schema_field(TEXT)
    def get_name(self, event):
        return _text(event.title)

    @extend_schema_field(TEXT)
    def get_description(self, event):
        return _text(event.description)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_start_time(self, event) -> str:
        return _local(event.starts_at)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_end_time(self, event) -> str:
        return _local(event.ends_at)

    def get_has_start_time(self, event) -> bool:
        """False for an all-day event: its times are midnights in Europe/Helsinki."""
        return not event.is_all_day

    def get_has_end_time(self, event) -> bool:
        return not event.is_all_day

    @extend_schema_field(
        inline_serializer(
            name="EventLocation",
            fields={
                "id": serializers.IntegerField(
                    allow_null=True, help_text="The municipal space (facilities), when in one."
                ),
                "name": serializers.DictField(child=serializers.CharField(), allow_null=True),
                "street_address": serializers.DictField(
                    child=serializers.CharField(), allow_null=True
                ),
            },
        )
    )
    def get_location(self, event):
        if event.space is not None:
            return {
                "id": event.space.pk,
                "name": _text(f"{event.space.site.name}, {event.space.name}"),
                "street_address": _text(event.space.site.address),
            }
        return {"id": None, "name": _text(event.address), "street_address": _text(event.address)}

    def _keyword(self, kind: str, value: str, label) -> dict:
        return {"id": f"{kind}:{value}", "name": _text(str(label))}

    @extend_schema_field(KEYWORDS)
    def get_keywords(self, event) -> list[dict]:
        """The category and the audiences, as keywords with ids `category:…` and `audience:…`."""
        return [
            self._keyword("category", event.category, event.get_category_display()),
            *self.get_audience(event),
        ]

    @extend_schema_field(KEYWORDS)
    def get_audience(self, event) -> list[dict]:
        labels = dict(Event.Audience.choices)
        return [
            self._keyword("audience", value, labels.get(value, value)) for value in event.audiences
        ]

    @extend_schema_field(OFFERS)
    def get_offers(self, event) -> list[dict]:
        return [
            {
                "is_free": event.is_free,
                "price": None if event.is_free else _text(event.price),
                "info_url": _text(event.registration_url),
                "description": None,
            }
        ]

    @extend_schema_field(KEYWORDS)
    def get_in_language(self, event) -> list[dict]:
        labels = dict(ActivityLanguage.choices)
        return [
            {"id": code, "name": _text(str(labels.get(code, code)))} for code in event.languages
        ]

    @extend_schema_field({"type": "string", "enum": ["EventScheduled", "EventCancelled"]})
    def get_event_status(self, event) -> str:
        return "EventCancelled" if event.is_cancelled else "EventScheduled"

    @extend_schema_field({"type": "object", "nullable": True})
    def get_super_event(self, event) -> None:
        return None

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_provider(self, event):
        """The organisers' names in one text, as Linked Events' `provider`."""
        names = [association.name for association in event.organisers.all()]
        return _text(", ".join(names) or settings.MUNICIPALITY_NAME)

    @extend_schema_field(
        inline_serializer(
            name="EventPublisher",
            many=True,
            fields={
                "name": serializers.CharField(),
                "info_url": serializers.URLField(
                    allow_null=True, help_text="The association's page in the register."
                ),
            },
        )
    )
    def get_publisher(self, event) -> list[dict]:
        """Every organising association with its page in the register; the municipality when
        none is named."""
        organisers = [
            {"name": association.name, "info_url": self._absolute(association.get_absolute_url())}
            for association in event.organisers.all()
        ]
        return organisers or [{"name": settings.MUNICIPALITY_NAME, "info_url": None}]

    @extend_schema_field(IMAGES)
    def get_images(self, event) -> list[dict]:
        if not event.image:
            return []
        return [{"url": self._absolute(event.image.url), "alt_text": event.image_alt, "name": ""}]

    @extend_schema_field(TEXT)
    def get_accessibility(self, event):
        return _text(event.accessibility)

    @extend_schema_field(TEXT)
    def get_info_url(self, event):
        """The event's page in the portal."""
        return _text(self._absolute(event.get_absolute_url()))


@extend_schema_view(
    list=extend_schema(
        summary="List the public events of the calendar",
        description=(
            "Published events, and cancelled ones that had been published "
            "(`event_status` EventCancelled). Without `alkaen` or `asti` only events that have "
            "not ended are listed. Filters as on the calendar page: `kategoria`, `kenelle`, "
            "`maksuton`, `jarjestaja` (association id), `paikka` (space id), `alkaen` and "
            "`asti` (dates, YYYY-MM-DD)."
        ),
    ),
    retrieve=extend_schema(summary="One public event"),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    # Any text reaches get_object, which answers 404 in the API's own shape.
    lookup_value_regex = r"[^/]+"
    queryset = (
        Event.objects.public()
        .select_related("space", "space__site")
        .prefetch_related(
            Prefetch(
                "organisers", queryset=Association.objects.order_by("name").only("name", "slug")
            )
        )
        .order_by("starts_at", "pk")
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if self.action == "list" and not params.get("alkaen") and not params.get("asti"):
            queryset = queryset.coming()
        return queryset

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        if not (value.isascii() and value.isdecimal()) or not 0 < int(value) <= MAX_ID:
            raise NotFound
        return super().get_object()
