from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteering and sharing")

    def ready(self) -> None:
        from portal.caching import HOME_PREFIX, shown_on
        from volunteering.caching import VERSION

        # The info hub's section of this app.
        shown_on(HOME_PREFIX, VERSION)
