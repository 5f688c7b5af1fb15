from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Facilities")

    def ready(self) -> None:
        from facilities.caching import VERSION
        from portal.caching import HOME_PREFIX, shown_on

        # The info hub's section of this app.
        shown_on(HOME_PREFIX, VERSION)
