from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "wellbeing"
    verbose_name = _("Wellbeing report")

    def ready(self) -> None:
        from portal.caching import HOME_PREFIX, shown_on
        from wellbeing.services import PUBLIC_VERSION

        # The info hub's section of this app.
        shown_on(HOME_PREFIX, PUBLIC_VERSION)
        # The follow-up's results are cached; its services connect the signals that empty them.
        from wellbeing import followup_services  # noqa: F401
