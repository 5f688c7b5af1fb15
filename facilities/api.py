"""The open, read-only API of the municipal premises, in the field names of Helsinki's respa.

Respa (the API behind Helsinki's Varaamo) is what Finnish booking clients already read, so its
names are used where they fit: `name`, `description`, `people_capacity`, `area`, `unit`,
`images`, `opening_hours`, `reservable_max_days_in_advance`, `max_reservations_per_user`,
`need_manual_confirmation`, `slot_size`, `cooldown`, `terms_of_use`; the durations
`min_reservation_duration` and `max_reservation_duration` are Varaamo's later names. Only what
the public pages show is served: published spaces, and of bookings only that a time is taken.
"""

import hashlib
from datetime import date, time, timedelta
from itertools import pairwise

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from facilities import availability
from facilities.caching import PAGE_SECONDS, data_version
from facilities.filters import SpaceFilter
from facilities.models import Occupancy, OpeningException, Space, SpacePhoto, Weekday

# The largest primary key PostgreSQL's integer column holds; a longer number is no space.
MAX_ID = 2**31 - 1
# The longest range of days one availability request may ask for.
MAX_DAYS = 31
LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_MAP = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "The text in each language it is written in (fi, sv, en).",
    "example": {"fi": "Kokoushuone", "sv": "Mötesrum"},
}

ERROR = inline_serializer(
    name="SpaceApiError",
    fields={"detail": serializers.CharField(help_text="Why the request failed.")},
)
NOT_FOUND = OpenApiResponse(ERROR, description="No published space has that id.")
BAD_REQUEST = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "minProperties": 1,
    },
    description=(
        "A parameter was not understood: each such parameter with its reasons, "
        'e.g. {"capacity": ["Enter a whole number."]}.'
    ),
)


def language_map(instance, field: str) -> dict[str, str] | None:
    """The texts of a translated field by language; None when it has no text in any."""
    texts = {code: getattr(instance, f"{field}_{code}", "") for code in LANGUAGES}
    return {code: text for code, text in texts.items() if text} or None


def plain_map(text: str) -> dict[str, str] | None:
    """A text that is not translated, as a language map in the portal's main language."""
    return {settings.LANGUAGE_CODE: text} if text else None


@extend_schema_field({**LANGUAGE_MAP, "nullable": True})
class TranslatedField(serializers.Field):
    """A translated model field as a language map; null when it has no text."""

    def __init__(self, field: str = "", **kwargs):
        self.text_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        # Without a name given, the model field has the serializer field's name.
        self.text_field = self.text_field or field_name

    def to_representation(self, value):
        return language_map(value, self.text_field)


@extend_schema_field(LANGUAGE_MAP)
class NameField(TranslatedField):
    """A name always has a text in some language."""

    def to_representation(self, value):
        return language_map(value, self.text_field) or {}


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "08:00"})
class ClockField(serializers.TimeField):
    """A local clock time as HH:MM; 00:00 as a closing time means midnight."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, **kwargs)


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


def _finnish_url(name: str, *args) -> str:
    """The public page's address without a language prefix: it opens in Finnish."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


class UnitSerializer(serializers.Serializer):
    """The site the space is in."""

    id = serializers.IntegerField(read_only=True)
    name = NameField()
    street_address = serializers.SerializerMethodField()

    @extend_schema_field({**LANGUAGE_MAP, "nullable": True})
    def get_street_address(self, site):
        return plain_map(site.address)


class ImageSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    alt_text = TranslatedField(help_text="The text alternative for those who cannot see it.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, photo: SpacePhoto) -> str:
        return _absolute(self.context.get("request"), photo.image.url)


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(
        choices=Weekday.choices, read_only=True, help_text="0 is Monday, 6 is Sunday."
    )
    opens = ClockField()
    closes = ClockField()


class OpeningExceptionSerializer(serializers.Serializer):
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True, help_text="The last day, included.")
    is_closed = serializers.BooleanField(read_only=True)
    opens = ClockField(source="opens_at", allow_null=True)
    closes = ClockField(source="closes_at", allow_null=True)
    reason = TranslatedField()


class AccessibilitySerializer(serializers.Serializer):
    step_free_access = serializers.BooleanField(read_only=True)
    accessible_toilet = serializers.BooleanField(read_only=True)
    induction_loop = serializers.BooleanField(read_only=True)
    accessible_parking = serializers.BooleanField(read_only=True)
    notes = TranslatedField("accessibility_notes")


def _weekly_rows(space: Space) -> list[dict]:
    """The space's own weekly hours, else its site's; none at all means open around the clock."""
    rows = list(space.opening_hours.all()) or list(space.site.opening_hours.all())
    if not rows:
        return [{"weekday": day, "opens": time(0), "closes": time(0)} for day in Weekday.values]
    rows.sort(key=lambda row: (row.weekday, row.opens_at))
    return [
        {"weekday": row.weekday, "opens": row.opens_at, "closes": row.closes_at} for row in rows
    ]


class SpaceSerializer(serializers.ModelSerializer):
    """One published space with its site, place in the space tree, facts and booking rules."""

    name = NameField()
    description = TranslatedField()
    people_capacity = serializers.IntegerField(source="capacity", read_only=True)
    area = serializers.FloatField(
        source="area_m2", read_only=True, allow_null=True, help_text="Square metres."
    )
    equipment = TranslatedField()
    unit = UnitSerializer(source="site", read_only=True)
    parent = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()
    images = ImageSerializer(source="photos", many=True, read_only=True)
    accessibility = AccessibilitySerializer(source="*", read_only=True)
    opening_hours = serializers.SerializerMethodField()
    opening_exceptions = serializers.SerializerMethodField()
    reservable_max_days_in_advance = serializers.SerializerMethodField()
    min_reservation_duration = serializers.SerializerMethodField()
    max_reservation_duration = serializers.SerializerMethodField()
    slot_size = serializers.SerializerMethodField()
    cooldown = serializers.SerializerMethodField()
    max_reservations_per_user = serializers.SerializerMethodField()
    need_manual_confirmation = serializers.SerializerMethodField()
    cancellation_deadline_hours = serializers.SerializerMethodField()
    terms_of_use = TranslatedField("use_rules")
    free_of_charge_conditions = TranslatedField()
    page_url = serializers.SerializerMethodField()
    ical_url = serializers.SerializerMethodField()
    availability_url = serializers.SerializerMethodField()

    class Meta:
        model = Space
        fields = [
            "id",
            "name",
            "description",
            "type",
            "people_capacity",
            "area",
            "equipment",
            "unit",
            "parent",
            "children",
            "images",
            "accessibility",
            "opening_hours",
            "opening_exceptions",
            "reservable_max_days_in_advance",
            "min_reservation_duration",
            "max_reservation_duration",
            "slot_size",
            "cooldown",
            "max_reservations_per_user",
            "need_manual_confirmation",
            "cancellation_deadline_hours",
            "terms_of_use",
            "free_of_charge_conditions",
            "page_url",
            "ical_url",
            "availability_url",
        ]
        read_only_fields = fields

    def _request(self):
        return self.context.get("request")

    @extend_schema_field(
        {
            "type": "integer",
            "nullable": True,
            "description": "The published space this one is part of, e.g. the whole hall.",
        }
    )
    def get_parent(self, space):
        parent = space.parent
        return parent.pk if parent is not None and parent.is_published else None

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "integer"},
            "description": "The published spaces that are parts of this one.",
        }
    )
    def get_children(self, space) -> list[int]:
        return [child.pk for child in space.published_children]

    @extend_schema_field(OpeningHoursSerializer(many=True))
    def get_opening_hours(self, space):
        """Weekly hours; the exceptions below override them on their days."""
        return OpeningHoursSerializer(_weekly_rows(space), many=True).data

    @extend_schema_field(OpeningExceptionSerializer(many=True))
    def get_opening_exceptions(self, space):
        """Coming days with other hours: the space's own first, then its site's."""
        rows = [*space.opening_exceptions.all(), *space.site.opening_exceptions.all()]
        return OpeningExceptionSerializer(rows, many=True).data

    def _rules(self, space):
        return space.rules_or_default()

    def get_reservable_max_days_in_advance(self, space) -> int:
        return self._rules(space).max_days_ahead

    @extend_schema_field({"type": "string", "example": "01:00:00"})
    def get_min_reservation_duration(self, space) -> str:
        """The shortest booking, as [D ]HH:MM:SS."""
        return serializers.DurationField().to_representation(
            timedelta(minutes=self._rules(space).min_length_minutes)
        )

    @extend_schema_field({"type": "string", "example": "04:00:00"})
    def get_max_reservation_duration(self, space) -> str:
        """The longest booking, as [D ]HH:MM:SS."""
        return serializers.DurationField().to_representation(
            timedelta(minutes=self._rules(space).max_length_minutes)
        )

    @extend_schema_field({"type": "string", "example": "00:30:00"})
    def get_slot_size(self, space) -> str:
        """Bookings start at multiples of this from midnight."""
        return serializers.DurationField().to_representation(
            timedelta(minutes=self._rules(space).start_interval_minutes)
        )

    @extend_schema_field({"type": "string", "example": "00:15:00"})
    def get_cooldown(self, space) -> str:
        """Time kept free after each booking for cleaning or changeover."""
        return serializers.DurationField().to_representation(
            timedelta(minutes=self._rules(space).buffer_minutes)
        )

    def get_max_reservations_per_user(self, space) -> int:
        """Upcoming bookings of this space one association may hold at once."""
        return self._rules(space).max_open_bookings

    def get_need_manual_confirmation(self, space) -> bool:
        return self._rules(space).requires_approval

    def get_cancellation_deadline_hours(self, space) -> int:
        """A booking can be cancelled until this many hours before it starts."""
        return self._rules(space).cancellation_deadline_hours

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, space) -> str:
        """The space's page in the portal, with its week calendar."""
        return _absolute(self._request(), _finnish_url("facilities:space_detail", space.slug))

    @extend_schema_field(OpenApiTypes.URI)
    def get_ical_url(self, space) -> str:
        """The space's taken times as an iCalendar feed, without names."""
        return _absolute(self._request(), _finnish_url("facilities:space_ical", space.slug))

    @extend_schema_field(OpenApiTypes.URI)
    def get_availability_url(self, space) -> str:
        return _absolute(self._request(), f"/api/v1/spaces/{space.pk}/availability/")


class IntervalSerializer(serializers.Serializer):
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    state = serializers.ChoiceField(
        choices=[availability.Cell.FREE, availability.Cell.TAKEN, availability.Cell.CLOSED],
        read_only=True,
        help_text=(
            "free: open and not taken; taken: booked, held for changeover or blocked for "
            "maintenance (here or in a space that is part of this one); closed: outside the "
            "opening hours."
        ),
    )


class AvailabilitySerializer(serializers.Serializer):
    space = serializers.IntegerField(read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, help_text="The last day, included.")
    intervals = IntervalSerializer(many=True, read_only=True)


class AvailabilityQuerySerializer(serializers.Serializer):
    """The asked days: from `start` to `end`, both included, at most 31 days."""

    start = serializers.DateField(required=False, help_text="First day (default: today).")
    end = serializers.DateField(
        required=False, help_text="Last day, included (default: six days after the start)."
    )

    def validate_start(self, value: date) -> date:
        if not availability.within_reach(value):
            raise serializers.ValidationError(_("Give a date within ten years of today."))
        return value

    def validate_end(self, value: date) -> date:
        return self.validate_start(value)

    def validate(self, attrs):
        start = attrs.get("start") or timezone.localdate()
        end = attrs.get("end") or start + timedelta(days=6)
        if end < start:
            raise serializers.ValidationError(
                {"end": [_("The last day cannot be before the first day.")]}
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise serializers.ValidationError(
                {"end": [_("Ask for at most %(days)d days at a time.") % {"days": MAX_DAYS}]}
            )
        return {"start": start, "end": end}


def free_and_taken(space: Space, first_day: date, last_day: date) -> list[dict]:
    """The space's time from the first day's midnight to the last day's end, in intervals that
    are free, taken or closed, as the public week calendar shows them (four queries).

    The intervals carry no bookings, only their times: whose they are is never public.
    """
    start = availability.local(first_day, time(0))
    end = availability.local(last_day + timedelta(days=1), time(0))
    schedule = availability.schedules_for([space], first_day=first_day, last_day=last_day)[space.pk]
    days = [first_day + timedelta(days=offset) for offset in range((last_day - first_day).days + 1)]
    spans = [
        (max(opens, start), min(closes, end))
        for day in days
        for opens, closes in schedule.spans_on(day)
        if opens < end
    ]
    taken = [
        (max(period.lower or start, start), min(period.upper or end, end))
        for period in Occupancy.objects.filter(
            space_id__in=[space.pk, *space.descendant_ids()],
            is_active=True,
            period__overlap=(start, end),
        ).values_list("period", flat=True)
    ]
    edges = sorted({start, end, *(e for span in spans + taken for e in span if start <= e <= end)})
    intervals: list[dict] = []
    for lower, upper in pairwise(edges):
        if not any(opens <= lower and upper <= closes for opens, closes in spans):
            state = availability.Cell.CLOSED
        elif any(since < upper and lower < until for since, until in taken):
            state = availability.Cell.TAKEN
        else:
            state = availability.Cell.FREE
        if intervals and intervals[-1]["state"] == state:
            intervals[-1]["end"] = upper
        else:
            intervals.append({"start": lower, "end": upper, "state": state})
    return intervals


def _cached(request, build) -> Response:
    """One answer for everyone until the premises' data change, as the public pages are."""
    digest = hashlib.sha256(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()
    ).hexdigest()[:32]
    key = (
        f"facilities:api:{data_version()}:{translation.get_language()}:"
        f"{timezone.localdate().isoformat()}:{digest}"
    )
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, PAGE_SECONDS)
    return Response(data)


SPACE_FIELDS_NOTE = (
    " Field names follow Helsinki's respa (Varaamo) API where they fit: `name`, `description`, "
    "`people_capacity`, `area`, `unit` (the site), `images`, `opening_hours`, "
    "`reservable_max_days_in_advance`, `max_reservations_per_user` (here per association), "
    "`need_manual_confirmation`, `slot_size`, `cooldown`, `terms_of_use`; "
    "`min_reservation_duration` and `max_reservation_duration` are Varaamo's later names. "
    "Texts are language maps (fi, sv, en). `parent` and `children` give the space tree: a hall "
    "and the halves that are part of it."
)


@extend_schema_view(
    list=extend_schema(
        summary="List the published municipal premises",
        description=(
            "The spaces the public premises pages show, by site and name. Filters as on the "
            "public list: `site` (site id), `type`, `capacity` (at least this many people), "
            "`step_free_access`, `accessible_toilet`, `induction_loop`, `accessible_parking` "
            "(`true` or `false`), and spaces free at a time: `free_on` (YYYY-MM-DD) with "
            "`free_from` (HH:MM) for `duration` minutes (default 60). A value that is not "
            "understood gives 400 with the reason." + SPACE_FIELDS_NOTE
        ),
        parameters=[
            OpenApiParameter("site", {"type": "integer", "minimum": 1}, description="A site's id."),
            OpenApiParameter(
                "capacity",
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                description="At least this many people.",
            ),
            OpenApiParameter(
                "free_on",
                OpenApiTypes.DATE,
                description="Free on this day (within ten years of today), with `free_from`.",
            ),
            OpenApiParameter(
                "free_from",
                {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                description="Free from this local time, HH:MM, with `free_on`.",
            ),
            OpenApiParameter(
                "duration",
                {"type": "integer", "minimum": 15, "maximum": 24 * 60},
                description="For this many minutes (default 60).",
            ),
        ],
        responses={
            200: SpaceSerializer(many=True),
            400: BAD_REQUEST,
            404: OpenApiResponse(ERROR, description="A page past the last one."),
        },
    ),
    retrieve=extend_schema(
        summary="One published municipal space",
        description="One space of the public premises pages." + SPACE_FIELDS_NOTE,
        responses={200: SpaceSerializer, 404: NOT_FOUND},
    ),
)
class SpaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SpaceSerializer
    filterset_class = SpaceFilter
    # Any text reaches get_object, which answers 404 in the API's own shape.
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        if self.action == "availability":
            return Space.objects.published()
        coming = OpeningException.objects.filter(ends_on__gte=timezone.localdate())
        return (
            Space.objects.published()
            .select_related("site", "parent", "booking_rules")
            .prefetch_related(
                Prefetch(
                    "children",
                    queryset=Space.objects.published().only("pk", "parent_id").order_by("pk"),
                    to_attr="published_children",
                ),
                "photos",
                "opening_hours",
                "site__opening_hours",
                Prefetch("opening_exceptions", queryset=coming),
                Prefetch("site__opening_exceptions", queryset=coming),
            )
            # By the names in the main language, whatever language the request asks for.
            .order_by(
                f"site__name_{settings.LANGUAGE_CODE}", f"name_{settings.LANGUAGE_CODE}", "pk"
            )
        )

    def filter_queryset(self, queryset):
        # The list's filters do not apply to one space: its address alone finds it.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        if not (value.isascii() and value.isdecimal()) or not 0 < int(value) <= MAX_ID:
            raise NotFound
        return super().get_object()

    def list(self, request, *args, **kwargs):
        return _cached(request, lambda: super(SpaceViewSet, self).list(request).data)

    @extend_schema(
        summary="Free and taken times of one space",
        description=(
            "The days from `start` to `end` (both included, at most 31 days; default the week "
            "from today) as consecutive intervals in local time, each `free`, `taken` or "
            "`closed`, as the space's public week calendar shows them. A space is taken also "
            "when a space that is part of it is booked (a hall when one of its halves is), and "
            "during maintenance blocks and the changeover time after a booking. Who booked is "
            "never shown. A malformed, inverted or longer range gives 400 with the reason."
        ),
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="First day, YYYY-MM-DD (default: today)."
            ),
            OpenApiParameter(
                "end",
                OpenApiTypes.DATE,
                description="Last day, included, YYYY-MM-DD (default: six days after `start`).",
            ),
        ],
        responses={200: AvailabilitySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(detail=True, pagination_class=None, filterset_class=None)
    def availability(self, request, pk=None):
        space = self.get_object()
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first_day, last_day = query.validated_data["start"], query.validated_data["end"]

        def build():
            intervals = free_and_taken(space, first_day, last_day)
            return AvailabilitySerializer(
                {"space": space.pk, "start": first_day, "end": last_day, "intervals": intervals}
            ).data

        return _cached(request, build)
