"""What the shared calendar holds on a person, for the export of their own data."""

from django.utils.translation import gettext as _

from events.models import Event, ExternalFeed
from portal.models import User
from portal.privacy import Section, register, rows_of


def events_data(user: User) -> list[Section]:
    """The events the person entered, and the neighbouring calendars they added."""
    return [
        rows_of(
            "events_created",
            _("Events you entered in the calendar"),
            Event.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["title", "starts_at", "ends_at", "status", "created_at", "published_at"],
        ),
        rows_of(
            "event_feeds_added",
            _("Neighbouring calendars you added"),
            ExternalFeed.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["name", "municipality", "url", "created_at"],
        ),
    ]


# The rows stay with the anonymised account: the events belong to their associations.
register("events", collect=events_data)
