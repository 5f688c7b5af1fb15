import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Association
from portal import roles
from portal.database import CompiledStatements
from portal.models import Sector

# The longest free texts: a reason or a note stays readable in a message and an e-mail, a
# description on a page. The forms refuse longer ones and say so.
NOTE_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 5000


class Site(models.Model):
    """A place the municipality lends to associations: the association house, a sports hall."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), unique=True, max_length=100)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    sector = models.CharField(
        _("sector"),
        max_length=32,
        choices=Sector.choices,
        blank=True,
        help_text=_("The sector officers of this sector handle the site's bookings."),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# A site's space tree, compiled once per worker: every booking and week calendar reads it, and
# putting the queryset together cost more than running it (portal.database.CompiledStatements).
TREE = CompiledStatements(size=1, prepared=True)


def _site_tree(site_id):
    return Space.objects.filter(site_id=site_id).order_by().values_list("pk", "parent_id")


class SpaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Space(models.Model):
    """A bookable room, hall or area; a space may lie inside another (a hall and its halves)."""

    class Type(models.TextChoices):
        MEETING_ROOM = "meeting_room", _("Meeting room")
        OFFICE = "office", _("Office")
        STORAGE = "storage", _("Storage")
        HALL = "hall", _("Sports hall")
        FIELD = "field", _("Sports field")
        HUT = "hut", _("Outdoor hut")
        SAUNA = "sauna", _("Sauna")
        HOUSE = "house", _("Whole building")
        OTHER = "other", _("Other")

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("site")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("inside"),
        help_text=_("The larger space this one is part of, e.g. the hall of which this is a half."),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), unique=True, max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    equipment = models.TextField(_("equipment"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    accessibility_notes = models.TextField(
        _("more about accessibility"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    access_instructions = models.TextField(
        _("access and key instructions"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_("Shown to the association once its booking is confirmed."),
    )
    use_rules = models.TextField(_("rules of use"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    free_of_charge_conditions = models.TextField(
        _("who may use it free of charge and on what conditions"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    is_published = models.BooleanField(_("shown to the public"), default=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["site__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="space_not_inside_itself",
                violation_error_message=_("A space cannot lie inside itself."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("facilities:space_detail", args=[self.slug])

    def descendant_ids(self) -> list[int]:
        """The spaces inside this one, at any depth (one query over the site's spaces)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in TREE.objects("site", _site_tree, self.site_id):
            children.setdefault(parent_id, []).append(pk)
        found, todo = [], list(children.get(self.pk, []))
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.append(pk)
                todo.extend(children.get(pk, []))
        return found

    def rules_or_default(self) -> "BookingRules":
        try:
            return self.booking_rules
        except BookingRules.DoesNotExist:
            return BookingRules(space=self)


class SpacePhoto(models.Model):
    """A picture of a space, with a text alternative for screen readers."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="photos", verbose_name=_("space")
    )
    image = models.ImageField(_("image"), upload_to="facilities/")
    alt_text = models.CharField(_("text alternative"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def _site_or_space():
    return models.CheckConstraint(
        condition=Q(site__isnull=False, space__isnull=True)
        | Q(site__isnull=True, space__isnull=False),
        name="%(class)s_site_or_space",
        violation_error_message=_("Give either a site or a space, not both."),
    )


class OpeningHours(models.Model):
    """Weekly opening hours of a site, or of one space when it differs from its site."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="opening_hours"
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens"))
    closes_at = models.TimeField(_("closes"), help_text=_("00:00 means midnight."))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [_site_or_space()]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class OpeningException(models.Model):
    """A date period with other hours than the weekly ones: holidays, summer break, events."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="opening_exceptions"
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="opening_exceptions"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    is_closed = models.BooleanField(_("closed"), default=True)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, help_text=_("For example: Christmas."))

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["starts_on"]
        constraints = [
            _site_or_space(),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="opening_exception_dates_in_order",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(is_closed=True) | Q(opens_at__isnull=False, closes_at__isnull=False),
                name="opening_exception_has_hours",
                violation_error_message=_("Give the hours when the place is open."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}: {self.reason}"


class BookingRules(models.Model):
    """The published rules for booking one space; a space without a row uses the defaults."""

    space = models.OneToOneField(
        Space, on_delete=models.CASCADE, related_name="booking_rules", verbose_name=_("space")
    )
    start_interval_minutes = models.PositiveSmallIntegerField(
        _("bookings start every (minutes)"), default=30
    )
    min_length_minutes = models.PositiveSmallIntegerField(
        _("shortest booking (minutes)"), default=60
    )
    max_length_minutes = models.PositiveSmallIntegerField(
        _("longest booking (minutes)"), default=240
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("time between bookings (minutes)"),
        default=0,
        help_text=_("Kept free after each booking for cleaning or changeover."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(_("bookable days ahead"), default=90)
    max_open_bookings = models.PositiveSmallIntegerField(
        _("upcoming bookings per association at most"), default=5
    )
    requires_approval = models.BooleanField(_("bookings need approval"), default=True)
    cancellation_deadline_hours = models.PositiveSmallIntegerField(
        _("cancellation at the latest (hours before)"), default=24
    )

    class Meta:
        verbose_name = _("booking rules")
        verbose_name_plural = _("booking rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_length_minutes__gte=models.F("min_length_minutes")),
                name="booking_rules_lengths_in_order",
                violation_error_message=_(
                    "The longest booking cannot be shorter than the shortest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_interval_minutes__gt=0),
                name="booking_rules_interval_positive",
                violation_error_message=_("The start interval must be at least one minute."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Booking rules of %(space)s") % {"space": self.space.name})


class CalendarFeed(models.Model):
    """The secret address of an association's booking calendar (calendar apps cannot log in)."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="facilities_calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.association)


class BookingSeries(models.Model):
    """A recurring booking: the same hours every week or every n weeks between two dates."""

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="booking_series")
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="booking_series"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"))
    interval_weeks = models.PositiveSmallIntegerField(_("every n weeks"), default=1)
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    purpose = models.CharField(_("purpose"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="booking_series_dates_in_order",
                violation_error_message=_("The last date cannot be before the first date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space.name}: {self.purpose} ({self.starts_on}–{self.ends_on})"

    def get_absolute_url(self) -> str:
        return reverse("facilities:series_detail", args=[self.pk])


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see the bookings of the sites they handle; representatives their own."""
        if roles.is_liaison_officer(user):
            return self
        visible = Q(association_id__in=roles.represented_association_ids(user))
        sectors = roles.officer_sectors(user)
        if sectors:
            visible |= Q(space__site__sector__in=sectors)
        return self.filter(visible)

    def open(self):
        """Bookings that hold their time: waiting for a decision or confirmed."""
        return self.filter(status__in=Booking.OPEN_STATUSES)

    def with_list_data(self):
        return self.select_related("space", "space__site", "association")


class Booking(models.Model):
    """One association's use of a space at one time; pending and confirmed ones hold the time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        DENIED = "denied", _("Denied")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.PENDING, Status.CONFIRMED)

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("space")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("association"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facility_bookings",
        verbose_name=_("booked by"),
    )
    series = models.ForeignKey(
        BookingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("series"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    purpose = models.CharField(_("purpose"), max_length=200)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    is_public_benefit = models.BooleanField(_("the activity is public-benefit"), default=False)
    is_free_of_charge = models.BooleanField(
        _("the activity is free for participants"), default=False
    )
    is_open_to_all = models.BooleanField(_("the activity is open to all"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason for the decision"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(
        _("reason for cancelling"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    actual_participants = models.PositiveIntegerField(
        _("participants who came"), null=True, blank=True
    )
    # RFC 5545 SEQUENCE: calendar apps replace an event only when this grows.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["space", "starts_at"]),
            # An association's bookings page lists them by time.
            models.Index(fields=["association", "starts_at"], name="booking_association_start"),
            # The page counts an association's bookings that have not ended from this alone.
            models.Index(
                fields=["association", "ends_at"],
                include=["starts_at"],
                name="booking_association_end",
            ),
            # The officer's queue: the few requests still waiting, oldest first.
            # The officer's queue pages through the pending requests, oldest or soonest first,
            # and by series: from these alone, however many requests the calendar holds.
            models.Index(
                fields=["created_at", "starts_at"],
                condition=Q(status="pending"),
                include=["space", "series"],
                name="booking_pending_created",
            ),
            models.Index(
                fields=["starts_at"],
                condition=Q(status="pending"),
                include=["space", "series"],
                name="booking_pending_starts",
            ),
            models.Index(
                fields=["series", "created_at", "starts_at"],
                condition=Q(status="pending", series__isnull=False),
                name="booking_pending_series",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("A booking must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.space.name} {local:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("facilities:booking_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    def cancellation_deadline(self, rules: BookingRules):
        return self.starts_at - timedelta(hours=rules.cancellation_deadline_hours)


class BookedDay(models.Model):
    """A space's confirmed bookings that start on one local day: the time they hold, how many
    are turns of a series and how many of those were used (participants entered).

    Kept by triggers in the database (migration 0006) in the same transaction as each change to
    a booking, so that the utilisation reads a row per space and day instead of adding up a
    season's bookings. The days are taken in ZONE. Only the triggers write here."""

    # The zone of the triggers' days: the utilisation reads these rows only in the same zone.
    ZONE = "Europe/Helsinki"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    booked = models.DurationField(default=timedelta)
    turns = models.IntegerField(default=0)
    turns_used = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # Also the index by which a period's days are read.
            models.UniqueConstraint(fields=["day", "space"], name="booked_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.space_id} {self.day}: {self.booked}"


class Block(models.Model):
    """Time when a space cannot be booked: maintenance, cleaning, the municipality's own use."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("space")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance block")
        verbose_name_plural = _("maintenance blocks")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="block_ends_after_start",
                violation_error_message=_("A block must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space.name}: {self.reason}"


class Occupancy(models.Model):
    """The time one booking or block holds in one space: the database refuses overlaps.

    A booking of space S writes a row for S and for every space inside S. A booking of a hall
    thus collides with its halves' own rows, a half collides with the hall's rows for that
    half, and two halves never share a row, so they can be booked at the same time.
    """

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="occupancies")
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="occupancies"
    )
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, null=True, blank=True, related_name="occupancies"
    )
    period = DateTimeRangeField()
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        constraints = [
            ExclusionConstraint(
                name="occupancy_no_overlap",
                expressions=[("space", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
                condition=Q(is_active=True),
                violation_error_message=_("That time was just taken."),
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=False, block__isnull=True)
                | Q(booking__isnull=True, block__isnull=False),
                name="occupancy_booking_or_block",
                violation_error_message=_("An occupancy belongs to a booking or a block."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space_id} {self.period}"


# --- Long-term use of rooms (leases) ---------------------------------------------------------


class LeaseQuerySet(models.QuerySet):
    def current_or_upcoming(self, today=None):
        """Leases that have not ended by `today`."""
        return self.filter(ends_on__gte=today or timezone.localdate())

    def with_list_data(self):
        return self.select_related("space", "space__site", "association")


class Lease(models.Model):
    """An office or storage room given to one association for a longer period, e.g. a year.

    For the whole period the lease holds the space through a maintenance block of its own, so
    calendars, free-time searches and the database's overlap rule all see the space as taken.
    """

    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="leases", verbose_name=_("space")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="leases",
        verbose_name=_("association"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    contract_signed_on = models.DateField(_("contract signed on"))
    key_handed_over_on = models.DateField(_("key handed over on"), null=True, blank=True)
    keys = models.CharField(
        _("keys"),
        max_length=200,
        blank=True,
        help_text=_("Which keys and how many, e.g. 2 × key 14."),
    )
    notes = models.TextField(_("notes"), max_length=NOTE_MAX_LENGTH, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _("renewal reminder (days before the end)"), default=60
    )
    renewal_reminded_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True)
    block = models.OneToOneField(
        Block,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lease",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LeaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("long-term use")
        verbose_name_plural = _("long-term uses")
        ordering = ["ends_on", "pk"]
        indexes = [
            models.Index(fields=["ends_on"], name="lease_ends_on"),
            models.Index(fields=["association", "ends_on"], name="lease_association_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="lease_dates_in_order",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space.name}: {self.association.name} ({self.starts_on}–{self.ends_on})"

    def get_absolute_url(self) -> str:
        return reverse("facilities:lease_detail", args=[self.pk])

    @property
    def reminder_due_on(self):
        return self.ends_on - timedelta(days=self.remind_days_before)


# --- end of leases ---------------------------------------------------------------------------


# --- Seasonal allocation rounds (kausivaraus) ------------------------------------------------


class SeasonRoundQuerySet(models.QuerySet):
    def public(self):
        """Rounds the public sees: opened ones, not drafts."""
        return self.exclude(status=SeasonRound.Status.DRAFT)

    def open_for(self, space_ids, day):
        """Open rounds that hold one of the spaces on the given day."""
        return self.filter(
            status=SeasonRound.Status.OPEN,
            spaces__in=space_ids,
            season_starts_on__lte=day,
            season_ends_on__gte=day,
        ).distinct()


class SeasonRound(models.Model):
    """A seasonal allocation round: the weekly turns of some spaces shared out for one season.

    While the round is open its spaces cannot be booked one time at a time within the season;
    publishing turns the allocated turns into booking series.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        PUBLISHED = "published", _("Results published")

    class Criterion(models.TextChoices):
        # The proposal weighs the chosen criteria in this order.
        YOUTH = "youth", _("Activity for children and young people first")
        MEMBERS = "members", _("More active members first")
        LOCAL = "local", _("Activity in the municipality first")
        PREVIOUS = "previous", _("Use of the previous season first")

    name = models.CharField(_("name"), max_length=200)
    season_starts_on = models.DateField(_("season starts"))
    season_ends_on = models.DateField(_("season ends"))
    applications_open_on = models.DateField(_("applications open"))
    applications_close_on = models.DateField(
        _("application deadline"),
        help_text=_("Applications sent after this day are kept as late ones."),
    )
    give_up_until = models.DateField(
        _("turns can be given up until"),
        help_text=_("Until this day an association may give up turns it was allocated."),
    )
    spaces = models.ManyToManyField(Space, related_name="season_rounds", verbose_name=_("spaces"))
    criteria = ArrayField(
        models.CharField(max_length=20, choices=Criterion.choices),
        verbose_name=_("allocation criteria"),
        default=list,
        blank=True,
    )
    criteria_text = models.TextField(
        _("allocation criteria in words"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    notes = models.TextField(
        _("notes for applicants"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    objects = SeasonRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("seasonal round")
        verbose_name_plural = _("seasonal rounds")
        ordering = ["-season_starts_on", "pk"]
        indexes = [models.Index(fields=["status", "season_starts_on"], name="season_round_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(season_ends_on__gte=models.F("season_starts_on")),
                name="season_round_season_in_order",
                violation_error_message=_("The season cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=models.F("applications_open_on")),
                name="season_round_period_in_order",
                violation_error_message=_("The deadline cannot be before applications open."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:season_round_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def takes_applications(self, today=None) -> bool:
        """Open and past the opening day; after the deadline applications come in late."""
        return self.is_open and (today or timezone.localdate()) >= self.applications_open_on


class SeasonApplication(models.Model):
    """One association's application to a seasonal round, with one or more needs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    season_round = models.ForeignKey(
        SeasonRound, on_delete=models.CASCADE, related_name="applications", verbose_name=_("round")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="season_applications",
        verbose_name=_("association"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("applicant"),
    )
    active_members = models.PositiveIntegerField(_("active members"))
    is_local = models.BooleanField(_("the activity takes place in the municipality"), default=True)
    had_turns_last_season = models.BooleanField(
        _("we had turns in these spaces last season"), default=False
    )
    notes = models.TextField(_("more information"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    results_sent_at = models.DateTimeField(_("results sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("seasonal application")
        verbose_name_plural = _("seasonal applications")
        ordering = ["is_late", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["season_round", "association"],
                name="season_application_one_per_association",
                violation_error_message=_("The association has already applied in this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.association.name}: {self.season_round.name}"

    def get_absolute_url(self) -> str:
        return reverse("facilities:season_application_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class SeasonNeed(models.Model):
    """One group's need in an application, e.g. "U12 football": how many turns a week, how long."""

    class AgeGroup(models.TextChoices):
        CHILDREN = "children", _("Children (under 13)")
        YOUTH = "youth", _("Young people (13–20)")
        ADULTS = "adults", _("Adults")
        SENIORS = "seniors", _("Seniors")
        MIXED = "mixed", _("All ages")

    YOUNG = (AgeGroup.CHILDREN, AgeGroup.YOUTH)

    application = models.ForeignKey(
        SeasonApplication, on_delete=models.CASCADE, related_name="needs"
    )
    name = models.CharField(_("group"), max_length=200, help_text=_("For example: U12 football."))
    group_size = models.PositiveIntegerField(_("group size (people)"))
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)
    purpose = models.CharField(_("activity"), max_length=200)
    turns_per_week = models.PositiveSmallIntegerField(_("turns a week"))
    turn_minutes = models.PositiveSmallIntegerField(_("length of a turn (minutes)"))
    starts_on = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Leave empty for the whole season.")
    )
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty for the whole season.")
    )
    refusal_reason = models.TextField(
        _("reason, when no turn is given"), max_length=NOTE_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(turns_per_week__gte=1, turns_per_week__lte=7),
                name="season_need_turns_per_week",
                violation_error_message=_("Ask for 1–7 turns a week."),
            ),
            models.CheckConstraint(
                condition=Q(turn_minutes__gte=30),
                name="season_need_turn_length",
                violation_error_message=_("A turn lasts at least 30 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weekly_hours(self) -> float:
        return self.turns_per_week * self.turn_minutes / 60


class SeasonWish(models.Model):
    """A wished weekly time for a need: a weekday, a time range and a space, by preference."""

    need = models.ForeignKey(SeasonNeed, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("choice"), help_text=_("1 = first choice."))
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="season_wishes", verbose_name=_("space")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("wished time")
        verbose_name_plural = _("wished times")
        ordering = ["need", "rank", "pk"]
        indexes = [models.Index(fields=["space", "weekday"], name="season_wish_space_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="season_wish_ends_after_start",
                violation_error_message=_("A wished time must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class SeasonTurn(models.Model):
    """A weekly turn allocated to a need: a space, a weekday and a time for the whole season.

    Publishing the round makes one booking series per turn; the one-to-one link keeps a second
    publishing from making another.
    """

    need = models.ForeignKey(SeasonNeed, on_delete=models.CASCADE, related_name="turns")
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="season_turns", verbose_name=_("space")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    wish = models.ForeignKey(
        SeasonWish, on_delete=models.SET_NULL, null=True, blank=True, related_name="turns"
    )
    forced_reason = models.TextField(
        _("reason for a time outside the wishes"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    is_proposed = models.BooleanField(_("from the proposal"), default=False)
    series = models.OneToOneField(
        BookingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="season_turn",
        verbose_name=_("booking series"),
    )
    is_given_up = models.BooleanField(_("given up"), default=False)
    given_up_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocated turn")
        verbose_name_plural = _("allocated turns")
        ordering = ["weekday", "starts_at", "pk"]
        indexes = [models.Index(fields=["space", "weekday"], name="season_turn_space_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="season_turn_ends_after_start",
                violation_error_message=_("A turn must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["need", "weekday"],
                condition=Q(is_given_up=False),
                name="season_turn_one_a_day_per_need",
                violation_error_message=_("The group already has a turn on that day."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.space.name} {self.get_weekday_display()} "
            f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        )

    @property
    def hours(self) -> float:
        start = self.starts_at.hour * 60 + self.starts_at.minute
        end = self.ends_at.hour * 60 + self.ends_at.minute
        return (end - start) / 60


# --- end of seasonal rounds ------------------------------------------------------------------
