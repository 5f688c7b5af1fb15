import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Space
from organizations.models import ActivityLanguage, Association
from portal import roles

DESCRIPTION_MAX_LENGTH = 4000


class EventSettings(models.Model):
    """The liaison officer's settings for the shared calendar; there is only one row."""

    big_event_threshold = models.PositiveIntegerField(
        _("big event: expected audience at least"),
        default=150,
        help_text=_(
            "Events expecting at least this many people are big events: the calendar warns "
            "when big events fall on the same days."
        ),
    )

    class Meta:
        verbose_name = _("event settings")
        verbose_name_plural = _("event settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> "EventSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class TrustedPublisher(models.Model):
    """An association whose events the liaison officer lets go public without moderation."""

    association = models.OneToOneField(
        Association,
        on_delete=models.CASCADE,
        related_name="event_trust",
        verbose_name=_("association"),
    )
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trusted by"),
    )
    trusted_at = models.DateTimeField(_("trusted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted event publisher")
        verbose_name_plural = _("trusted event publishers")

    def __str__(self) -> str:
        return str(self.association)


def day_span(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """The whole local days an event touches: from the first midnight to the one after."""
    first = timezone.localtime(starts_at).date()
    # An event ending exactly at midnight does not touch the next day.
    last = timezone.localtime(ends_at - timedelta(microseconds=1)).date()
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


# A cancelled event stays in the calendar, marked, only if residents could already see it.
PUBLIC = Q(status="published") | Q(status="cancelled", published_at__isnull=False)


class EventQuerySet(models.QuerySet):
    def public(self):
        """What residents see: published events, and cancelled ones that had been published."""
        return self.filter(PUBLIC)

    def visible_to(self, user):
        """The public events, plus the user's associations' own; the officer sees all."""
        if roles.is_liaison_officer(user):
            return self.all()
        own = roles.represented_association_ids(user)
        if not own:
            return self.public()
        return self.filter(PUBLIC | Q(organisers__in=own)).distinct()

    def coming(self):
        return self.filter(ends_at__gt=timezone.now())

    def during(self, starts_at: datetime, ends_at: datetime):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def with_list_data(self):
        """Everything a list row shows: one query, plus one for the organisers."""
        return self.select_related("space", "space__site").prefetch_related(
            models.Prefetch("organisers", queryset=Association.objects.order_by("name"))
        )

    def clashing_with(self, starts_at: datetime, ends_at: datetime, *, exclude_pk=None):
        """Published big events on any of the same days, with their organisers' contacts."""
        first, last = day_span(starts_at, ends_at)
        clashes = self.filter(status=Event.Status.PUBLISHED, is_big=True).during(first, last)
        if exclude_pk:
            clashes = clashes.exclude(pk=exclude_pk)
        return clashes.with_list_data().order_by("starts_at")


class Event(models.Model):
    """An event an association (or the municipality itself) holds, in the shared calendar."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")
        CANCELLED = "cancelled", _("Cancelled")

    class Category(models.TextChoices):
        CULTURE = "culture", _("Culture")
        SPORTS = "sports", _("Sports and outdoors")
        MUSIC = "music", _("Music")
        COURSE = "course", _("Course or talk")
        VILLAGE = "village", _("Village event")
        MARKET = "market", _("Market or fair")
        MEETING = "meeting", _("Meeting")
        VOLUNTEERING = "volunteering", _("Volunteering (talkoot)")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        CHILDREN = "children", _("Children")
        YOUTH = "youth", _("Young people")
        FAMILIES = "families", _("Families")
        ADULTS = "adults", _("Adults")
        OLDER_PEOPLE = "older", _("Older people")
        DISABLED = "disabled", _("People with disabilities")
        IMMIGRANTS = "immigrants", _("Immigrants")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    # The form says the limits (portal.forms.StatedTextLimits); texts are read on a phone.
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_all_day = models.BooleanField(_("all-day event"), default=False)
    space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipal space"),
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("Where the event is held, when it is not in one of the municipality's spaces."),
    )
    organisers = models.ManyToManyField(
        Association,
        related_name="events",
        blank=True,
        verbose_name=_("organisers"),
        help_text=_("Leave empty for the municipality's own events."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        default=list,
        verbose_name=_("for whom"),
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=ActivityLanguage.choices),
        default=list,
        blank=True,
        verbose_name=_("languages"),
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    price = models.CharField(
        _("price"),
        max_length=200,
        blank=True,
        help_text=_("For example: adults 10 €, children 5 €."),
    )
    accessibility = models.TextField(
        _("accessibility"),
        max_length=2000,
        blank=True,
        help_text=_("Step-free access, induction loop, accessible toilet, seats for resting…"),
    )
    registration_url = models.URLField(_("registration address"), blank=True)
    image = models.ImageField(_("image"), upload_to="events/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    expected_audience = models.PositiveIntegerField(_("expected audience (people)"), default=0)
    # Set by the services from the officer's threshold, so that clash queries stay simple.
    is_big = models.BooleanField(_("big event"), default=False)
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
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # RFC 5545 SEQUENCE: calendar apps replace an event only when this grows.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(space__isnull=False) | ~Q(address=""),
                name="event_has_place",
                violation_error_message=_("Give the place: a municipal space or an address."),
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="event_image_has_alt_text",
                violation_error_message=_("Describe the image for those who cannot see it."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="event_return_has_reason",
                violation_error_message=_("A returned event needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(is_free=True) | ~Q(price=""),
                name="event_price_when_not_free",
                violation_error_message=_("Give the price of an event that is not free."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED or (
            self.status == self.Status.CANCELLED and self.published_at is not None
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def place(self) -> str:
        if self.space is not None:
            return f"{self.space.site.name}, {self.space.name}"
        return self.address

    def audience_labels(self) -> list[str]:
        return [str(label) for value, label in self.Audience.choices if value in self.audiences]

    def language_labels(self) -> list[str]:
        return [str(label) for value, label in ActivityLanguage.choices if value in self.languages]

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        """The local date of the event's last day (an all-day event ends at midnight)."""
        return timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()
