from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from portal import checks  # noqa: F401  (registers the deployment checks)
        from portal.legal_pages import create_pages

        # Like Django's own content types and permissions: rows every install needs.
        post_migrate.connect(create_pages, sender=self, dispatch_uid="portal.legal_pages")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, opened to the liaison officer and logged in through the portal."""

    default = False  # PortalConfig is this module's app; this one is named in INSTALLED_APPS.
    default_site = "portal.admin_site.PortalAdminSite"
