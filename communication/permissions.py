"""Who may do what with news and messages. Views ask these; role questions go to portal.roles.

The liaison officer publishes the municipality's news, moderates the associations' news and
writes to the associations. A representative of a verified association writes its news, which
waits for the officer. Representatives read the messages sent to their associations.
"""

from django.contrib.auth.backends import ModelBackend

from communication.models import Message, News
from organizations.models import Association
from portal import roles


def can_moderate_news(user) -> bool:
    return roles.is_liaison_officer(user)


def can_write_news_for(user, association: Association) -> bool:
    return association.is_verified and roles.represents(user, association)


def news_associations(user):
    """The associations the user may write news for, as a queryset."""
    return Association.objects.filter(
        pk__in=roles.represented_association_ids(user), is_verified=True
    ).order_by("name")


def can_write_news(user) -> bool:
    return can_moderate_news(user) or news_associations(user).exists()


def can_edit_news(user, news: News) -> bool:
    if can_moderate_news(user):
        return True
    if news.association is None or news.status == News.Status.PUBLISHED:
        return False
    return can_write_news_for(user, news.association)


def can_view_news(user, news: News) -> bool:
    return (
        news.is_published
        or can_moderate_news(user)
        or (news.association_id is not None and roles.represents(user, news.association_id))
    )


def can_decide_news(user, news: News) -> bool:
    return news.status == News.Status.PENDING and can_moderate_news(user)


def can_send_messages(user) -> bool:
    return roles.is_liaison_officer(user)


def can_read_message(user, message: Message) -> bool:
    """The officer reads every message; representatives those sent to their associations."""
    if can_send_messages(user):
        return True
    if message.status == Message.Status.DRAFT:
        return False
    ids = roles.represented_association_ids(user)
    return bool(ids) and message.associations.filter(pk__in=ids).exists()


def can_see_subscription_counts(user) -> bool:
    return roles.is_liaison_officer(user)


def can_see_subscriber_addresses(user) -> bool:
    """Residents' addresses only for those an administrator gave the permission (Django's own
    permission check, not the liaison officer's blanket admin rights)."""
    return user.is_active and ModelBackend().has_perm(
        user, "communication.view_subscriber_addresses"
    )
