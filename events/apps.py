from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import checks  # noqa: F401 - registers the checks
        from events.caching import VERSION
        from portal.caching import HOME_PREFIX, shown_on

        # An association's page lists its coming events; the info hub counts them.
        shown_on("organizations-association", VERSION)
        shown_on(HOME_PREFIX, VERSION)
