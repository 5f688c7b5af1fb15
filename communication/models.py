"""News for residents and associations, messages to the associations, and e-mail subscriptions.

A message to the associations and a subscription announcement are both sent as Delivery rows,
one per address, created when the mail is queued: the unique constraint is what keeps one
address from getting the same mail twice, whatever happens to the worker.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Association

TITLE_MAX = 200
LEAD_MAX = 500
BODY_MAX = 10000
SUBJECT_MAX = 200
MESSAGE_BODY_MAX = 10000


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=News.Status.PUBLISHED)

    def visible_to(self, user):
        """Published news; the officer sees all; representatives their associations' too."""
        from portal import roles

        if roles.is_liaison_officer(user):
            return self.all()
        ids = roles.represented_association_ids(user)
        if not ids:
            return self.published()
        return self.filter(Q(status=News.Status.PUBLISHED) | Q(association_id__in=ids))

    def with_list_data(self):
        return self.select_related("association").only(
            "pk",
            "title",
            "title_fi",
            "title_sv",
            "title_en",
            "lead",
            "lead_fi",
            "lead_sv",
            "lead_en",
            "image",
            "image_alt",
            "image_alt_fi",
            "image_alt_sv",
            "image_alt_en",
            "status",
            "published_at",
            "created_at",
            "association__name",
            "association__slug",
        )


class News(models.Model):
    """A news item of the municipality or of an association, for residents and associations."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    lead = models.TextField(_("lead"), max_length=LEAD_MAX, help_text=_("One or two sentences."))
    body = models.TextField(_("text"), max_length=BODY_MAX)
    image = models.ImageField(_("image"), upload_to="news/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("association"),
        help_text=_("Empty for the municipality's own news."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The public list: published, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="news_published_idx",
            ),
            models.Index(fields=["status", "created_at"], name="news_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_news_has_date",
                violation_error_message=_("Published news has a publishing time."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("communication:news_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Message(models.Model):
    """A message from the liaison officer to the associations: all listed ones, or a chosen set.

    The audience is resolved when the message is sent: `associations` holds the associations it
    went to (their representatives read it in the archive), Delivery rows hold the addresses.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    class Audience(models.TextChoices):
        ALL = "all", _("Every listed association")
        SECTOR = "sector", _("Associations that applied for grants of a sector")
        CATEGORY = "category", _("Associations of a category")
        NO_SURVEY = "no_survey", _("Associations that have not answered the year's survey")
        NO_USE_REPORT = "no_use_report", _("Associations with a use report not sent")
        ROUND = "round", _("Associations granted in a round")

    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("message"), max_length=MESSAGE_BODY_MAX)
    audience = models.CharField(
        _("to whom"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    sector = models.CharField(_("sector"), max_length=32, blank=True)
    category = models.ForeignKey(
        "organizations.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    grant_round = models.ForeignKey(
        "grants.GrantRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grant round"),
    )
    survey_year = models.PositiveSmallIntegerField(_("survey year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    associations = models.ManyToManyField(
        Association, related_name="messages", blank=True, verbose_name=_("associations")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to associations")
        verbose_name_plural = _("messages to associations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-sent_at", "-id"], name="message_sent_idx")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("communication:message_detail", kwargs={"pk": self.pk})

    def text_in(self, language: str) -> tuple[str, str, str]:
        """(language, subject, body) in the language if written in it, otherwise in Finnish."""
        subject = getattr(self, f"subject_{language}", "") or ""
        body = getattr(self, f"body_{language}", "") or ""
        if subject.strip() and body.strip():
            return language, subject, body
        return "fi", self.subject_fi or "", self.body_fi or ""  # type: ignore[attr-defined]


class Subscriber(models.Model):
    """An e-mail address that asked for mail from the portal; no account is needed.

    Removed entirely when the person unsubscribes, so the portal keeps no address it may no
    longer use.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        permissions = [
            ("view_subscriber_addresses", _("Can see the subscribers' e-mail addresses")),
        ]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """One topic a subscriber asked for: a sector's grant rounds, an event category, or news.

    It counts only once confirmed through the link in the confirmation mail (double opt-in).
    """

    class Topic(models.TextChoices):
        GRANT_ROUNDS = "grant_rounds", _("New grant rounds")
        EVENTS = "events", _("New events")
        NEWS = "news", _("News")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    # The sector of the grant rounds, or the category of the events; empty for news.
    key = models.CharField(_("which"), max_length=32, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic", "key"],
                name="one_subscription_per_topic",
                violation_error_message=_("The address already subscribes to this."),
            )
        ]
        indexes = [
            models.Index(
                fields=["topic", "key"],
                condition=Q(confirmed_at__isnull=False),
                name="subscription_confirmed_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.key}".strip()


class Announcement(models.Model):
    """That a new grant round, event or news item was (or is being) mailed to its subscribers.

    Unique per item, so that each is announced once however often the task looks.
    """

    class Kind(models.TextChoices):
        GRANT_ROUND = "grant_round", _("Grant round")
        EVENT = "event", _("Event")
        NEWS = "news", _("News")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    topic = models.CharField(_("topic"), max_length=20, choices=Subscription.Topic.choices)
    key = models.CharField(max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="announce_each_item_once")
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One mail to one address: of a message to the associations, or of an announcement."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, default="fi")
    association = models.ForeignKey(
        Association,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("association"),
    )
    # For announcements: whom the unsubscribe link belongs to.
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "email"], name="one_mail_per_message"),
            models.UniqueConstraint(
                fields=["announcement", "email"], name="one_mail_per_announcement"
            ),
            models.CheckConstraint(
                condition=Q(message__isnull=True, announcement__isnull=False)
                | Q(message__isnull=False, announcement__isnull=True),
                name="delivery_of_one_mail",
            ),
        ]
        indexes = [
            models.Index(
                fields=["message", "id"],
                condition=Q(status="waiting"),
                name="delivery_waiting_message_idx",
            ),
            models.Index(
                fields=["announcement", "id"],
                condition=Q(status="waiting"),
                name="delivery_waiting_announce_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.email
