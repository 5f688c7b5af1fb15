from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import checks  # noqa: F401  (registers the deployment checks)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, opened to the liaison officer and logged in through the portal."""

    default = False  # PortalConfig is this module's app; this one is named in INSTALLED_APPS.
    default_site = "portal.admin_site.PortalAdminSite"
