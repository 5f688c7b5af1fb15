from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Association register")

    def ready(self) -> None:
        from organizations.services import REGISTER
        from portal.caching import HOME_PREFIX, shown_on

        # The info hub's section of this app.
        shown_on(HOME_PREFIX, REGISTER)
