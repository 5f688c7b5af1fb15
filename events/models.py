import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Space
from organizations.models import ActivityLanguage, Association
from portal import roles
from portal.models import Sector

DESCRIPTION_MAX_LENGTH = 4000
# The zone of an event's local days in the database (Event.starts_on, ends_on), as
# settings.TIME_ZONE: a check (events.checks) holds the two together.
LOCAL_ZONE = "Europe/Helsinki"


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
        # The database's clock: with no time among its parameters the statement reads the same
        # on every request, and one the server keeps prepared keeps its plan.
        return self.filter(ends_at__gt=Now())

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
    # The local dates of the first and last day the event touches (as first_day and last_day
    # below), kept by the database for the month and week grids (events.month.DAYS_SQL).
    starts_on = models.GeneratedField(
        expression=RawSQL(f"(starts_at AT TIME ZONE '{LOCAL_ZONE}')::date", []),  # noqa: S611
        output_field=models.DateField(),
        db_persist=True,
    )
    ends_on = models.GeneratedField(
        expression=RawSQL(  # noqa: S611 - LOCAL_ZONE is a constant of this module
            f"((ends_at AT TIME ZONE '{LOCAL_ZONE}') - interval '1 microsecond')::date", []
        ),
        output_field=models.DateField(),
        db_persist=True,
    )
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
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start_idx"),
            # The public calendar reads only public rows: in order of start for the list, and
            # by end for "coming" and for the week and month views.
            models.Index(
                fields=["starts_at", "id"], name="event_public_start_idx", condition=PUBLIC
            ),
            models.Index(
                fields=["ends_at", "starts_at"], name="event_public_end_idx", condition=PUBLIC
            ),
            # The home page counts the coming published events: read from the index alone.
            models.Index(
                fields=["ends_at"],
                name="event_published_end_idx",
                condition=Q(status="published"),
            ),
            # The category is the filter residents choose most: its count and pages.
            models.Index(
                fields=["category", "ends_at"],
                name="event_public_category_idx",
                condition=PUBLIC,
            ),
        ]
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
        """The local date of the event's first day (as starts_on, without a query)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        """The local date of the event's last day (an all-day event ends at midnight)."""
        return timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()


# Association evenings (yhdistysillat) and the annual cycle (vuosikello).

EVENING_DESCRIPTION_MAX_LENGTH = 4000
MINUTES_MAX_LENGTH = 20000
TOPICS_MAX_LENGTH = 2000


class PublicOrganiser(models.Model):
    """How many public events (PUBLIC) an association organises, kept by the database's
    triggers in the same transaction as each change (migration 0006): the calendar's organiser
    filter lists these associations on every page, and finding them among thousands of events
    cost more than the rest of the page's queries together. A row goes when its count reaches
    nought; an association that goes takes its links, and so its row, with it."""

    association = models.OneToOneField(
        Association,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    events = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("organiser of public events")
        verbose_name_plural = _("organisers of public events")

    def __str__(self) -> str:
        return f"{self.association_id}: {self.events}"


class CycleItem(models.Model):
    """A date of the municipality's annual cycle entered by the liaison officer by hand.

    Grant rounds, use-report deadlines and association evenings come into the cycle from their
    own rows; these are the rest: strategy work, the wellbeing report, the budget.
    """

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy work")
        WELLBEING = "wellbeing", _("Wellbeing report")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Leave empty for a single day.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual cycle item")
        verbose_name_plural = _("annual cycle items")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="cycle_item_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_on:%Y-%m-%d}"


class EveningQuerySet(models.QuerySet):
    def public(self):
        """What residents see: evenings whose invitations have gone out."""
        return self.filter(invited_at__isnull=False)

    def coming(self):
        return self.filter(ends_at__gt=timezone.now())

    def past(self):
        return self.filter(ends_at__lte=timezone.now())


class Evening(models.Model):
    """An association evening (yhdistysilta), or a sector's thematic meeting, that the liaison
    officer convenes; without a sector every listed association is invited."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    sector = models.CharField(
        _("sector"),
        max_length=32,
        choices=Sector.choices,
        blank=True,
        help_text=_(
            "For a sector's thematic meeting: only that sector's associations are invited. "
            "Leave empty to invite every association in the register."
        ),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evenings",
        verbose_name=_("municipal space"),
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the evening is held, when it is not in one of the municipality's spaces."
        ),
    )
    description = models.TextField(_("description"), max_length=EVENING_DESCRIPTION_MAX_LENGTH)
    invited_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), max_length=MINUTES_MAX_LENGTH, blank=True)
    minutes_file = models.FileField(
        _("minutes as a file"),
        upload_to="evenings/minutes/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "odt", "docx", "txt"])],
        help_text=_("PDF, ODT, DOCX or TXT."),
    )
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EveningQuerySet.as_manager()

    class Meta:
        verbose_name = _("association evening")
        verbose_name_plural = _("association evenings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="evening_ends_after_start",
                violation_error_message=_("An evening must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(space__isnull=False) | ~Q(address=""),
                name="evening_has_place",
                violation_error_message=_("Give the place: a municipal space or an address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("events:evening_detail", args=[self.pk])

    @property
    def place(self) -> str:
        if self.space is not None:
            return f"{self.space.site.name}, {self.space.name}"
        return self.address

    @property
    def is_thematic(self) -> bool:
        return bool(self.sector)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_minutes(self) -> bool:
        return self.minutes_published_at is not None

    # Templates include events/includes/when.html, which reads these.
    is_all_day = False

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        return timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()


class AgendaItem(models.Model):
    """One item on an evening's agenda, in order; it may point to a date of the annual cycle."""

    evening = models.ForeignKey(
        Evening, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("evening")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    cycle_item = models.ForeignKey(
        CycleItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("annual cycle item"),
    )
    grant_round = models.ForeignKey(
        "grants.GrantRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("grant round"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class EveningInvitation(models.Model):
    """The invitation of one association to an evening, with its answer and its attendance.

    One row per association and evening, so that no invitation or reminder goes out twice.
    """

    evening = models.ForeignKey(
        Evening, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("evening")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="evening_invitations",
        verbose_name=_("association"),
    )
    email = models.EmailField(_("sent to"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    is_attending = models.BooleanField(_("attending"), null=True, blank=True)
    head_count = models.PositiveSmallIntegerField(_("how many people"), default=0)
    topics = models.TextField(_("topics for the agenda"), max_length=TOPICS_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    has_attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("evening invitation")
        verbose_name_plural = _("evening invitations")
        ordering = ["association__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evening", "association"],
                name="one_invitation_per_association",
                violation_error_message=_("The association is already invited."),
            ),
            models.CheckConstraint(
                condition=Q(head_count__gte=0),
                name="invitation_head_count_not_negative",
                violation_error_message=_("The number of people cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} – {self.evening}"

    def get_absolute_url(self) -> str:
        return reverse("events:invitation_answer", args=[self.pk])


class ExternalFeed(models.Model):
    """A neighbouring municipality's public calendar (iCalendar), imported hourly as read-only."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("address of the calendar feed"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The iCalendar (.ics) address the neighbour publishes, http or https."),
    )
    municipality = models.CharField(_("municipality"), max_length=200)
    is_shown = models.BooleanField(
        _("show in our calendar"),
        default=False,
        help_text=_(
            "Residents see these events in the calendar, marked with the municipality's name. "
            "Unticked, the events only warn of clashes."
        ),
    )
    is_big = models.BooleanField(
        _("treat as big events"),
        default=True,
        help_text=_(
            "A calendar feed does not tell how many people are expected, so its events count as "
            "big events for the clash warning. Untick only when the neighbour's calendar lists "
            "small events that do not draw the same people."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last import attempt"), null=True, blank=True)
    last_imported_at = models.DateTimeField(_("last successful import"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("neighbouring calendar")
        verbose_name_plural = _("neighbouring calendars")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("events:feed_edit", args=[self.pk])

    @property
    def has_error(self) -> bool:
        """The latest attempt failed; what was imported before stays as it was."""
        return bool(self.last_error)


class ExternalEventQuerySet(models.QuerySet):
    def current(self):
        """Events still in their feed."""
        return self.filter(is_removed=False)

    def shown(self):
        """What residents see: current events of the feeds the officer chose to show."""
        return self.current().filter(feed__is_shown=True)

    def during(self, starts_at: datetime, ends_at: datetime):
        # An event with no end in its feed lasts no time, but still falls on its day.
        return self.filter(
            Q(ends_at__gt=starts_at) | Q(ends_at=models.F("starts_at"), starts_at__gte=starts_at),
            starts_at__lt=ends_at,
        )

    def clashing_with(self, starts_at: datetime, ends_at: datetime):
        """Big imported events, not cancelled, on any of the same days, with their source."""
        first, last = day_span(starts_at, ends_at)
        return (
            self.current()
            .filter(is_big=True, is_cancelled=False)
            .during(first, last)
            .select_related("feed")
            .order_by("starts_at")
        )


class ExternalEvent(models.Model):
    """An event from a neighbouring municipality's feed, as the feed last gave it."""

    feed = models.ForeignKey(
        ExternalFeed, on_delete=models.CASCADE, related_name="events", verbose_name=_("feed")
    )
    # The feed's UID (with RECURRENCE-ID for a changed occurrence): the key of the upsert.
    uid = models.CharField(_("UID"), max_length=500)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_all_day = models.BooleanField(_("all-day event"), default=False)
    location = models.CharField(_("location"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    is_big = models.BooleanField(_("big event"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    is_removed = models.BooleanField(_("removed from the feed"), default=False)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExternalEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported event")
        verbose_name_plural = _("imported events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="external_event_start_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "uid"],
                name="external_event_unique_uid",
                violation_error_message=_("The feed already has an event with this UID."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="external_event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    @property
    def source(self) -> str:
        return self.feed.municipality

    @property
    def place(self) -> str:
        return self.location

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        if self.ends_at == self.starts_at:
            return self.first_day
        return timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()
