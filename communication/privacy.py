"""What news, messages and subscriptions hold on a person, for the export of their own data."""

from django.utils.translation import gettext as _

from communication.models import Delivery, News, Subscription
from portal.models import User
from portal.privacy import Section, register, rows_of


def communication_data(user: User) -> list[Section]:
    """The news the person wrote, the messages mailed to them and their e-mail subscriptions."""
    return [
        rows_of(
            "news_written",
            _("News you wrote"),
            News.objects.filter(created_by=user).order_by("created_at", "pk"),
            ["title", "status", "created_at", "published_at"],
        ),
        rows_of(
            "messages_received",
            _("Messages from the municipality mailed to you"),
            Delivery.objects.filter(message__isnull=False, email__iexact=user.email).order_by("pk"),
            ["message__subject", "email", "status", "sent_at"],
        ),
        rows_of(
            "subscriptions",
            _("Your e-mail subscriptions"),
            Subscription.objects.filter(subscriber__email__iexact=user.email).order_by("pk"),
            ["topic", "key", "created_at", "confirmed_at"],
        ),
    ]


def forget_address(user: User) -> None:
    """A removed person's address gets no more subscription mail and leaves no sending record.

    The news stay with their associations; the records of what was sent stay, without the
    address.
    """
    from communication.models import Subscriber
    from portal.privacy import ANONYMISED_EMAIL_DOMAIN

    Subscriber.objects.filter(email__iexact=user.email).delete()
    Delivery.objects.filter(email__iexact=user.email).update(
        email=f"poistettu-{user.pk}@{ANONYMISED_EMAIL_DOMAIN}"
    )


register("communication", collect=communication_data, anonymise=forget_address)
