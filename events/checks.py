from django.conf import settings
from django.core.checks import Error, register

from events.models import LOCAL_ZONE


@register()
def local_days_are_in_the_time_zone(app_configs, **kwargs):
    """The database keeps each event's local days (Event.starts_on, ends_on) in LOCAL_ZONE,
    which must be the zone the portal shows times in."""
    if settings.TIME_ZONE == LOCAL_ZONE:
        return []
    return [
        Error(
            f"Events' local days are kept in {LOCAL_ZONE}, but TIME_ZONE is {settings.TIME_ZONE}.",
            hint="Set LOCAL_ZONE in events/models.py to TIME_ZONE and make a migration.",
            id="events.E001",
        )
    ]
