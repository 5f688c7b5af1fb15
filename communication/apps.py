from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("News and messages")

    def ready(self) -> None:
        from communication.caching import VERSION
        from portal.caching import HOME_PREFIX, shown_on

        # The info hub's section of this app.
        shown_on(HOME_PREFIX, VERSION)
        # Grants and events know nothing of subscriptions: their rows are watched from here.
        from django.db.models.signals import post_save

        from communication import signals

        post_save.connect(
            signals.grant_round_saved,
            sender="grants.GrantRound",
            dispatch_uid="communication.grant_round_saved",
        )
        post_save.connect(
            signals.event_saved, sender="events.Event", dispatch_uid="communication.event_saved"
        )
