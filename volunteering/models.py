import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import ActivityLanguage, Association

DESCRIPTION_MAX_LENGTH = 4000
MESSAGE_MAX_LENGTH = 2000
PEOPLE_MAX = 500


class TaskQuerySet(models.QuerySet):
    def public(self, today: date | None = None):
        """What residents see: published tasks whose last day has not passed, by today's date
        (or the one given).

        Expiry is a condition on the date, so a task leaves the list at midnight without a job.
        """
        return self.filter(status=Task.Status.PUBLISHED, ends_on__gte=today or timezone.localdate())

    def with_list_data(self):
        """What a card of the public list shows, its association's name included, in one
        query whose rows need no related object (portal.paging.kept_page reads them raw)."""
        return self.only(*Task.LIST_FIELDS).annotate(association_name=F("association__name"))


class Task(models.Model):
    """A volunteer task an association posts for residents (talkootyö, vapaaehtoistehtävä)."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Open")
        CLOSED = "closed", _("Closed")

    class Category(models.TextChoices):
        EVENTS = "events", _("Helping at events")
        SPORTS = "sports", _("Sports and coaching")
        CHILDREN = "children", _("Children and young people")
        COMPANY = "company", _("Company and support for people")
        ENVIRONMENT = "environment", _("Nature and the environment")
        TALKOOT = "talkoot", _("Work parties (talkoot) and repairs")
        CULTURE = "culture", _("Culture and arts")
        OFFICE = "office", _("Communication and office work")
        OTHER = "other", _("Other")

    class Suits(models.TextChoices):
        YOUTH = "youth", _("Young people (15–17)")
        ADULTS = "adults", _("Adults")
        SENIORS = "seniors", _("Older people")
        FAMILIES = "families", _("Families with children")
        BEGINNERS = "beginners", _("No experience needed")
        ONE_OFF = "one_off", _("A one-off task")

    LIST_FIELDS = (
        *("pk", "title", "category", "starts_on", "ends_on", "time_text", "place", "area"),
        *("suits", "languages", "is_accessible", "people_needed", "status", "created_at"),
    )

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="volunteer_tasks",
        verbose_name=_("association"),
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    category = models.CharField(_("kind of task"), max_length=20, choices=Category.choices)
    starts_on = models.DateField(
        _("first day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an ongoing task that one can join at any time."),
    )
    ends_on = models.DateField(
        _("last day"),
        help_text=_("The task leaves the public list after this day."),
    )
    time_text = models.CharField(
        _("times"),
        max_length=200,
        blank=True,
        help_text=_("For example: Saturdays 10–14, or about two hours a week."),
    )
    place = models.CharField(_("where"), max_length=200)
    area = models.CharField(
        _("part of the municipality"),
        max_length=100,
        blank=True,
        help_text=_("The village or part of the municipality, for the filter."),
    )
    suits = ArrayField(
        models.CharField(max_length=20, choices=Suits.choices),
        default=list,
        blank=True,
        verbose_name=_("who suits"),
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=ActivityLanguage.choices),
        default=list,
        blank=True,
        verbose_name=_("languages"),
    )
    is_accessible = models.BooleanField(
        _("suits people who move with aids"),
        default=False,
        help_text=_("Step-free place and tasks that can be done sitting down."),
    )
    people_needed = models.PositiveSmallIntegerField(_("how many people"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer task")
        verbose_name_plural = _("volunteer tasks")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The public list: open tasks, newest first, cut at today by their last day.
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                name="task_public_newest_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["ends_on"], name="task_public_ends_idx", condition=Q(status="published")
            ),
            models.Index(fields=["association", "-created_at"], name="task_association_idx"),
            # The list's areas, walked from one to the next (volunteering.filters.AREAS_SQL).
            models.Index(
                fields=["area", "ends_on"],
                name="task_public_area_idx",
                condition=Q(status="published"),
            ),
            # The list by kind of task: its count reads that kind's open tasks only.
            models.Index(
                fields=["category", "ends_on"],
                name="task_public_category_idx",
                condition=Q(status="published"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="task_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(people_needed__gte=1) & Q(people_needed__lte=PEOPLE_MAX),
                name="task_people_needed_range",
                violation_error_message=_("Ask for 1–500 people."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:task_detail", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.ends_on < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_expired

    def suits_labels(self) -> list[str]:
        labels = dict(self.Suits.choices)
        return [str(labels.get(value, value)) for value in self.suits]

    def language_labels(self) -> list[str]:
        labels = dict(ActivityLanguage.choices)
        return [str(labels.get(value, value)) for value in self.languages]


class Answer(models.Model):
    """A resident's answer to a volunteer task; personal data seen only by the association."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the association")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="answers", verbose_name=_("task")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    has_consented = models.BooleanField(_("consented to the processing of the answer"))
    language = models.CharField(_("language"), max_length=10, default="fi")
    # The resident's own page (volunteering:answer_status) is found only through this token.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a volunteer task")
        verbose_name_plural = _("answers to volunteer tasks")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["task", "created_at"], name="answer_task_idx")]
        constraints = [
            models.UniqueConstraint(
                "task",
                Lower("email"),
                name="answer_once_per_email",
                violation_error_message=_("An answer from this e-mail address was already sent."),
            ),
            models.CheckConstraint(
                condition=Q(has_consented=True),
                name="answer_has_consent",
                violation_error_message=_("The answer can be sent only with consent."),
            ),
        ]

    def __str__(self) -> str:
        # No personal data: the audit log keeps this text.
        return f"{self.task.title} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:answer_status", args=[self.token])


class OfferQuerySet(models.QuerySet):
    def public(self):
        """Active offers of listed, verified associations."""
        return self.filter(
            is_active=True, association__is_listed=True, association__is_verified=True
        )


class Offer(models.Model):
    """Equipment, a skill or a service one association lends, rents or does for others."""

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("Equipment")
        SKILL = "skill", _("Skill or qualification")
        SERVICE = "service", _("Service or help")

    class Terms(models.TextChoices):
        LEND = "lend", _("Lent free of charge")
        RENT = "rent", _("Rented for a fee")
        FREE = "free", _("Done for free")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="offers", verbose_name=_("association")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    terms = models.CharField(_("terms"), max_length=10, choices=Terms.choices)
    price_text = models.CharField(
        _("price"),
        max_length=200,
        blank=True,
        help_text=_("For example: 50 € a weekend. Required when rented."),
    )
    qualification_expires_on = models.DateField(
        _("qualification valid until"),
        null=True,
        blank=True,
        help_text=_(
            "For a card or qualification (security steward, first aid): the portal reminds "
            "the association before it lapses."
        ),
    )
    # The expiry date the reminder was sent for: a renewed date gets a reminder of its own.
    reminded_for = models.DateField(_("reminded of the expiry on"), null=True, blank=True)
    is_active = models.BooleanField(
        _("offered now"), default=True, help_text=_("Uncheck to hide the offer for a while.")
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared offer")
        verbose_name_plural = _("shared offers")
        ordering = ["title", "id"]
        indexes = [
            models.Index(
                fields=["title", "id"], name="offer_active_title_idx", condition=Q(is_active=True)
            ),
            models.Index(fields=["association", "title"], name="offer_association_idx"),
            models.Index(
                fields=["qualification_expires_on"],
                name="offer_qualification_idx",
                condition=Q(qualification_expires_on__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(terms="rent") | ~Q(price_text=""),
                name="offer_rent_has_price",
                violation_error_message=_("Give the price of what is rented."),
            ),
            models.CheckConstraint(
                condition=Q(kind="skill") | Q(qualification_expires_on__isnull=True),
                name="offer_expiry_only_for_skills",
                violation_error_message=_("Only a skill or qualification has an expiry date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:offer_detail", args=[self.pk])

    @property
    def has_lapsed(self) -> bool:
        expires = self.qualification_expires_on
        return expires is not None and expires < timezone.localdate()


class ShareRequest(models.Model):
    """One association's request to borrow, rent or get help from another's offer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        RETURNED = "returned", _("Returned")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="requests", verbose_name=_("offer")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="share_requests",
        verbose_name=_("requesting association"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("request to share")
        verbose_name_plural = _("requests to share")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["offer", "-created_at"], name="sharerequest_offer_idx"),
            models.Index(fields=["association", "-created_at"], name="sharerequest_assoc_idx"),
            models.Index(fields=["created_at"], name="sharerequest_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="sharerequest_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer.title} → {self.association.name}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:request_detail", args=[self.pk])

    @property
    def reveals_contact(self) -> bool:
        """The associations see each other's contact once the offering one has accepted."""
        return self.status in (self.Status.ACCEPTED, self.Status.RETURNED)
