from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save

        from portal import checks  # noqa: F401  (registers the deployment checks)
        from portal.caching import home_changed
        from portal.database import use_compiled_timestamps
        from portal.legal_pages import create_pages

        # The info hub shows the liaison officer's role and the published pages, however
        # they are changed (the back-office, the admin, a data migration).
        for model in ("portal.LiaisonRole", "portal.ContentPage"):
            for signal in (post_save, post_delete):
                signal.connect(home_changed, sender=model, dispatch_uid=f"home:{model}")

        connection_created.connect(use_compiled_timestamps, dispatch_uid="portal.timestamps")
        # Like Django's own content types and permissions: rows every install needs.
        post_migrate.connect(create_pages, sender=self, dispatch_uid="portal.legal_pages")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, opened to the liaison officer and logged in through the portal."""

    default = False  # PortalConfig is this module's app; this one is named in INSTALLED_APPS.
    default_site = "portal.admin_site.PortalAdminSite"
