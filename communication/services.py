"""News, messages to the associations, subscriptions, and the sending of their mail.

Sending: every mail is a Delivery row, created when the mail is queued. A worker takes one
waiting row at a time with SELECT … FOR UPDATE SKIP LOCKED, hands the mail to the SMTP server
and records the outcome in the same transaction, so a row is either sent and marked, or
(when the worker dies) still waiting for the next run; two workers never take the same row.
"""

import smtplib
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communication import audiences, permissions
from communication.caching import data_changed
from communication.models import Announcement, Delivery, Message, News, Subscriber, Subscription
from organizations.models import Association
from portal import audit
from portal.mail import render_subject, render_text
from portal.models import User

BATCH_SIZE = 50
MAX_ATTEMPTS = 3
CONFIRM_SALT = "communication.subscription.confirm"
UNSUBSCRIBE_SALT = "communication.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
# Requests for a confirmation mail: per address a day, per client address an hour.
SUBSCRIBE_LIMIT_PER_EMAIL = 3
SUBSCRIBE_LIMIT_PER_IP = 10
# Items older than this when first seen are not announced (e.g. when the portal starts).
ANNOUNCE_WINDOW_DAYS = 7
# SMTP answers that will not change by trying again: the address or the mail was refused.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# News ----------------------------------------------------------------------------------------


@transaction.atomic
def save_news(*, news: News, by: User, publish: bool) -> News:
    """Save news: the officer's own is published at once, an association's waits for moderation.

    `publish` False keeps it a draft. Published news stays published when changed.
    """
    if news.association is None:
        if not permissions.can_moderate_news(by):
            raise PermissionDenied(_("Only the liaison officer publishes the municipality's news."))
    elif not (
        permissions.can_moderate_news(by) or permissions.can_write_news_for(by, news.association)
    ):
        raise PermissionDenied(_("You cannot write news for this association."))
    if news.pk and not permissions.can_edit_news(by, News.objects.get(pk=news.pk)):
        raise PermissionDenied(_("You cannot change this news item."))
    if news.status == News.Status.PUBLISHED:
        pass
    elif not publish:
        news.status = News.Status.DRAFT
    elif permissions.can_moderate_news(by):
        news.status = News.Status.PUBLISHED
        news.published_at = timezone.now()
    else:
        news.status = News.Status.PENDING
    if news.status != News.Status.RETURNED:
        news.return_reason = ""
    if news.created_by_id is None:
        news.created_by = by
    news.full_clean()
    news.save()
    data_changed()
    audit.record(actor=by, action="communication.news_saved", target=news, status=news.status)
    if news.status == News.Status.PUBLISHED:
        _announce_on_commit(Announcement.Kind.NEWS, news.pk)
    return news


def _pending(news: News) -> News:
    locked = News.objects.select_for_update().get(pk=news.pk)
    if locked.status != News.Status.PENDING:
        raise ValidationError(_("The news item is no longer waiting for moderation."), "pending")
    return locked


@transaction.atomic
def publish_news(*, news: News, by: User) -> News:
    """The officer publishes an association's news waiting for moderation."""
    if not permissions.can_moderate_news(by):
        raise PermissionDenied(_("Only the liaison officer moderates news."))
    news = _pending(news)
    news.status = News.Status.PUBLISHED
    news.published_at = timezone.now()
    news.save(update_fields=["status", "published_at", "updated_at"])
    data_changed()
    audit.record(actor=by, action="communication.news_published", target=news)
    _announce_on_commit(Announcement.Kind.NEWS, news.pk)
    return news


@transaction.atomic
def return_news(*, news: News, reason: str, by: User) -> News:
    """The officer sends an association's news back with a reason its writers will see."""
    if not permissions.can_moderate_news(by):
        raise PermissionDenied(_("Only the liaison officer moderates news."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tell the association why the news is returned."), code="reason")
    news = _pending(news)
    news.status = News.Status.RETURNED
    news.return_reason = reason
    news.save(update_fields=["status", "return_reason", "updated_at"])
    data_changed()
    audit.record(actor=by, action="communication.news_returned", target=news, reason=reason)
    return news


# Messages to the associations ----------------------------------------------------------------


def _check_audience(message: Message) -> None:
    needs: dict[str, tuple[str, Any]] = {
        Message.Audience.SECTOR: ("sector", _("Choose the sector.")),
        Message.Audience.CATEGORY: ("category", _("Choose the category.")),
        Message.Audience.ROUND: ("grant_round", _("Choose the grant round.")),
        Message.Audience.NO_SURVEY: ("survey_year", _("Choose the survey year.")),
    }
    if message.audience in needs:
        field, text = needs[message.audience]
        if not getattr(message, field if field != "category" else "category_id"):
            raise ValidationError({field: text})
    if message.audience not in dict(audiences.audience_choices()):
        raise ValidationError({"audience": _("This audience cannot be chosen.")})


@transaction.atomic
def save_message(*, message: Message, by: User) -> Message:
    """Save a draft message; only drafts change."""
    if not permissions.can_send_messages(by):
        raise PermissionDenied(_("Only the liaison officer writes to the associations."))
    if message.pk and Message.objects.get(pk=message.pk).status != Message.Status.DRAFT:
        raise ValidationError(_("A message that was sent cannot be changed."), code="sent")
    _check_audience(message)
    if message.created_by_id is None:
        message.created_by = by
    message.full_clean()
    message.save()
    audit.record(actor=by, action="communication.message_saved", target=message)
    return message


def recipients_of(message: Message) -> tuple[list[Association], list[audiences.Contact]]:
    """The associations and contact addresses a message would go to now."""
    associations = audiences.associations_for(message)
    return list(associations.only("pk", "name")), audiences.contacts_of(associations)


@transaction.atomic
def send_message(*, message: Message, by: User) -> int:
    """Queue the message to every contact of its audience; returns the number of addresses.

    The Delivery rows are made here, one per address, so the sending can stop and resume
    without sending any address twice.
    """
    if not permissions.can_send_messages(by):
        raise PermissionDenied(_("Only the liaison officer writes to the associations."))
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != Message.Status.DRAFT:
        raise ValidationError(_("The message has already been sent."), code="sent")
    _check_audience(message)
    associations, contacts = recipients_of(message)
    if not contacts:
        raise ValidationError(_("Nobody to send to: the audience has no contacts."), "empty")
    written = {code for code, _name in settings.LANGUAGES if message.text_in(code)[0] == code}
    Delivery.objects.bulk_create(
        [
            Delivery(
                message=message,
                email=contact.email,
                language=contact.language if contact.language in written else "fi",
                association_id=contact.association_id,
            )
            for contact in contacts
        ],
        ignore_conflicts=True,
    )
    message.associations.set(associations)
    message.status = Message.Status.SENDING
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at", "updated_at"])
    audit.record(
        actor=by,
        action="communication.message_sent",
        target=message,
        audience=message.audience,
        associations=len(associations),
        addresses=len(contacts),
    )
    _queue_sending(message_id=message.pk)
    return len(contacts)


def progress_of(message: Message) -> dict[str, int]:
    """How many of the message's mails are sent, failed and waiting (one query)."""
    counts = message.deliveries.aggregate(
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        waiting=Count("pk", filter=Q(status=Delivery.Status.WAITING)),
    )
    counts["total"] = counts["sent"] + counts["failed"] + counts["waiting"]
    return counts


def _queue_sending(*, message_id: int | None = None, announcement_id: int | None = None) -> None:
    from communication.tasks import send_deliveries_task

    send_deliveries_task.delay_on_commit(message_id, announcement_id)


# Sending -------------------------------------------------------------------------------------


def _message_mail(delivery: Delivery, connection) -> mail.EmailMessage:
    message = delivery.message
    if message is None:
        raise ValueError("A message delivery without its message.")
    language, subject, body = message.text_in(delivery.language)
    with translation.override(language):
        text = render_text(
            "communication/email/message.txt",
            {
                "body": body,
                "association": delivery.association,
                "archive_url": site_url(reverse("communication:message_archive")),
            },
        )
    return mail.EmailMessage(
        subject=" ".join(subject.split()),
        body=text,
        to=[delivery.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        path = reverse("communication:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})
    return site_url(path)


def _announced_title(announcement: Announcement) -> str:
    if announcement.kind == Announcement.Kind.NEWS:
        news = News.objects.filter(pk=announcement.object_id).first()
        if news is not None:
            return news.title
    return announcement.title


def _announcement_mail(delivery: Delivery, connection) -> mail.EmailMessage:
    announcement = delivery.announcement
    subscriber = delivery.subscriber
    if announcement is None or subscriber is None:
        raise ValueError("An announcement delivery without its announcement or subscriber.")
    url = unsubscribe_url(subscriber)
    with translation.override(delivery.language):
        context = {
            "announcement": announcement,
            "title": _announced_title(announcement),
            "url": site_url(announcement.url),
            "unsubscribe_url": url,
            "municipality": settings.MUNICIPALITY_NAME,
        }
        subject = render_subject("communication/email/announcement_subject.txt", context)
        text = render_text("communication/email/announcement.txt", context)
    return mail.EmailMessage(
        subject=subject,
        body=text,
        to=[delivery.email],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _send_one(scope: Q, connection) -> str | None:
    """Send the next waiting delivery in scope; returns its outcome, or None if none waits.

    The row stays locked while the SMTP server takes the mail and is marked in the same
    transaction: if the process dies before the commit, the row is still waiting.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.filter(scope, status=Delivery.Status.WAITING)
            .select_related("message", "announcement", "subscriber", "association")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .first()
        )
        if delivery is None:
            return None
        build = _message_mail if delivery.message_id else _announcement_mail
        delivery.attempts += 1
        try:
            build(delivery, connection).send()
        except PERMANENT_ERRORS as error:
            delivery.status = Delivery.Status.FAILED
            delivery.error = str(error)[:500]
        except (smtplib.SMTPException, OSError) as error:
            delivery.error = str(error)[:500]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.error = ""
        delivery.save(update_fields=["status", "attempts", "error", "sent_at"])
        return delivery.status


def send_batch(
    *, message_id: int | None = None, announcement_id: int | None = None, size: int = BATCH_SIZE
) -> tuple[int, bool]:
    """Send up to `size` waiting mails of a message or an announcement.

    Returns how many still wait, and whether the batch stopped at a passing SMTP error (then
    the next batch should wait a while).
    """
    scope = Q(message_id=message_id) if message_id else Q(announcement_id=announcement_id)
    stopped = False
    with mail.get_connection() as connection:
        for _number in range(size):
            outcome = _send_one(scope, connection)
            if outcome is None:
                break
            if outcome == Delivery.Status.WAITING:
                stopped = True
                break
    remaining = Delivery.objects.filter(scope, status=Delivery.Status.WAITING).count()
    if message_id and not remaining:
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
            status=Message.Status.SENT
        )
    return remaining, stopped


def unfinished_sendings() -> list[tuple[int | None, int | None]]:
    """(message id, announcement id) of every sending with mails still waiting."""
    return list(
        Delivery.objects.filter(status=Delivery.Status.WAITING)
        .values_list("message_id", "announcement_id")
        .distinct()
        .order_by()
    )


# Subscriptions -------------------------------------------------------------------------------


def _over_limit(key: str, limit: int, seconds: int) -> bool:
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count > limit


def _chosen_topics(
    sectors: Iterable[str], categories: Iterable[str], news: bool
) -> list[tuple[str, str]]:
    topics = [(Subscription.Topic.GRANT_ROUNDS.value, sector) for sector in sectors]
    topics += [(Subscription.Topic.EVENTS.value, category) for category in categories]
    if news:
        topics.append((Subscription.Topic.NEWS.value, ""))
    return topics


@transaction.atomic
def request_subscription(
    *,
    email: str,
    language: str,
    sectors: Iterable[str] = (),
    categories: Iterable[str] = (),
    news: bool = False,
    client_address: str = "",
) -> None:
    """Record the topics unconfirmed and mail the address a link that confirms them.

    The answer is the same whether or not the address subscribes already, so that nobody
    learns who subscribes; a confirmed topic stays confirmed.
    """
    email = email.strip()
    validate_email(email)
    topics = _chosen_topics(sectors, categories, news)
    if not topics:
        raise ValidationError(_("Choose at least one thing to subscribe to."), code="no_topic")
    if _over_limit(f"subscribe:ip:{client_address}", SUBSCRIBE_LIMIT_PER_IP, 3600) or (
        _over_limit(f"subscribe:email:{email.lower()}", SUBSCRIBE_LIMIT_PER_EMAIL, 24 * 3600)
    ):
        raise ValidationError(
            _("Too many subscription requests. Please try again later."), code="rate_limited"
        )
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, language=language)
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, topic=topic, key=key) for topic, key in topics],
        ignore_conflicts=True,
    )
    ids = list(
        subscriber.subscriptions.filter(
            Q(*[Q(topic=topic, key=key) for topic, key in topics], _connector=Q.OR)
        ).values_list("pk", flat=True)
    )
    token = signing.dumps({"s": subscriber.pk, "ids": ids, "l": language}, salt=CONFIRM_SALT)
    transaction.on_commit(lambda: _mail_confirmation(email, language, token))


def _mail_confirmation(email: str, language: str, token: str) -> None:
    with translation.override(language):
        context = {
            "confirm_url": site_url(
                reverse("communication:subscription_confirm", kwargs={"token": token})
            ),
            "municipality": settings.MUNICIPALITY_NAME,
        }
        subject = render_subject("communication/email/confirm_subject.txt", context)
        text = render_text("communication/email/confirm.txt", context)
    mail.EmailMessage(
        subject=subject, body=text, to=[email], headers={"Auto-Submitted": "auto-generated"}
    ).send()


def _bad_link() -> ValidationError:
    return ValidationError(
        _("The link is not valid. Copy the whole address from the e-mail."), code="bad_token"
    )


@transaction.atomic
def confirm_subscription(*, token: str) -> Subscriber:
    """Confirm the topics the link names; a link older than a week no longer works."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        subscriber = Subscriber.objects.get(pk=int(data["s"]))
        ids = [int(pk) for pk in data["ids"]]
        language = str(data.get("l", "fi"))
    except signing.SignatureExpired:
        raise ValidationError(
            _("The link has expired. Subscribe again to get a new one."), code="expired"
        ) from None
    except (signing.BadSignature, Subscriber.DoesNotExist, KeyError, TypeError, ValueError):
        raise _bad_link() from None
    subscriber.subscriptions.filter(pk__in=ids, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if language in dict(settings.LANGUAGES) and subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    return subscriber


def subscriber_for_unsubscribe(token: str) -> Subscriber | None:
    """The subscriber the unsubscribe link names; None if already unsubscribed.

    Raises ValidationError for a link that was not made by the portal.
    """
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        pk, email = int(data["s"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise _bad_link() from None
    return Subscriber.objects.filter(pk=pk, email=email).first()


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    """Remove the address and all its subscriptions; False if it was already gone."""
    subscriber = subscriber_for_unsubscribe(token)
    if subscriber is None:
        return False
    subscriber.delete()
    return True


def subscription_counts() -> list[dict[str, Any]]:
    """Confirmed subscriptions per topic and key, for the officer: counts, never addresses."""
    rows = (
        Subscription.objects.filter(confirmed_at__isnull=False)
        .values("topic", "key")
        .annotate(count=Count("pk"))
        .order_by("topic", "key")
    )
    return [dict(row) for row in rows]


def forget_unconfirmed(*, now=None) -> int:
    """Drop subscriptions never confirmed within a week, and addresses left with none."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _rows = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    Subscriber.objects.filter(subscriptions__isnull=True, created_at__lt=limit).delete()
    return deleted


# Announcements to subscribers ----------------------------------------------------------------


def _announce_on_commit(kind: str, object_id: int) -> None:
    from communication.tasks import announce_task

    announce_task.delay_on_commit(kind, object_id)


def _item(kind: str, object_id: int):
    """(topic, key, title, path) for an item that may be announced now, or None."""
    from events.models import Event
    from grants.models import GrantRound

    now = timezone.now()
    since = now - timedelta(days=ANNOUNCE_WINDOW_DAYS)
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Announcement.Kind.GRANT_ROUND:
            grant_round = (
                GrantRound.objects.select_related("programme").filter(pk=object_id).first()
            )
            if grant_round is None or not grant_round.is_open(now):
                return None
            return (
                Subscription.Topic.GRANT_ROUNDS,
                grant_round.programme.sector,
                grant_round.title,
                grant_round.get_absolute_url(),
            )
        if kind == Announcement.Kind.EVENT:
            event = Event.objects.filter(
                pk=object_id,
                status=Event.Status.PUBLISHED,
                starts_at__gt=now,
                published_at__gte=since,
            ).first()
            if event is None:
                return None
            return Subscription.Topic.EVENTS, event.category, event.title, event.get_absolute_url()
        if kind == Announcement.Kind.NEWS:
            news = News.objects.published().filter(pk=object_id, published_at__gte=since).first()
            if news is None:
                return None
            return Subscription.Topic.NEWS, "", news.title, news.get_absolute_url()
    return None


@transaction.atomic
def announce(*, kind: str, object_id: int) -> int:
    """Mail a new grant round, event or news item to its confirmed subscribers, once.

    Returns the number of mails queued; 0 when the item was announced before or is not new.
    """
    item = _item(kind, object_id)
    if item is None:
        return 0
    topic, key, title, path = item
    announcement, created = Announcement.objects.get_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"topic": topic, "key": key, "title": title[:300], "url": path},
    )
    if not created:
        return 0
    subscriptions = Subscription.objects.filter(
        topic=topic, key=key, confirmed_at__isnull=False
    ).select_related("subscriber")
    Delivery.objects.bulk_create(
        [
            Delivery(
                announcement=announcement,
                subscriber=subscription.subscriber,
                email=subscription.subscriber.email,
                language=subscription.subscriber.language,
            )
            for subscription in subscriptions
        ],
        ignore_conflicts=True,
    )
    count = announcement.deliveries.count()
    if count:
        _queue_sending(announcement_id=announcement.pk)
    return count


def announce_new_items() -> int:
    """Announce every open grant round, coming event and news item not yet announced."""
    from events.models import Event
    from grants.models import GrantRound

    now = timezone.now()
    since = now - timedelta(days=ANNOUNCE_WINDOW_DAYS)
    announced = Announcement.objects.values("object_id")
    candidates = [
        (
            Announcement.Kind.GRANT_ROUND,
            GrantRound.objects.published()
            .filter(Q(is_year_round=True) | Q(opens_at__lte=now, closes_at__gt=now))
            .exclude(pk__in=announced.filter(kind=Announcement.Kind.GRANT_ROUND)),
        ),
        (
            Announcement.Kind.EVENT,
            Event.objects.filter(
                status=Event.Status.PUBLISHED, starts_at__gt=now, published_at__gte=since
            ).exclude(pk__in=announced.filter(kind=Announcement.Kind.EVENT)),
        ),
        (
            Announcement.Kind.NEWS,
            News.objects.published()
            .filter(published_at__gte=since)
            .exclude(pk__in=announced.filter(kind=Announcement.Kind.NEWS)),
        ),
    ]
    total = 0
    for kind, queryset in candidates:
        for object_id in queryset.values_list("pk", flat=True):
            total += announce(kind=kind, object_id=object_id)
    return total
