from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.database import CompiledStatements


class Sector(models.TextChoices):
    """The municipal sectors that grant programmes and sector officers belong to."""

    CULTURE = "culture", _("Culture")
    SPORTS = "sports", _("Sports and exercise")
    YOUTH = "youth", _("Youth")
    SOCIAL_HEALTH = "social_health", _("Social and health")
    VILLAGE = "village", _("Villages and neighbourhoods")
    GENERAL = "general", _("General and project grants")


# A user read by id (EmailUserManager.get).
BY_ID = CompiledStatements(size=1, prepared=True)


class EmailUserManager(UserManager):
    """Users are known by their e-mail address; there is no separate username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get(self, *args, **kwargs):
        """As QuerySet.get(); a user by id alone, which every signed-in request reads, from
        SQL kept compiled and planned (compiling it took longer than the server's answer)."""
        pk = kwargs.get("pk")
        if args or len(kwargs) != 1 or type(pk) is not int or self._db is not None:
            return super().get(*args, **kwargs)
        found = BY_ID.objects("user", lambda pk: self.filter(pk=pk), pk)
        if not found:
            name = self.model._meta.object_name
            raise self.model.DoesNotExist(f"{name} matching query does not exist.")
        return found[0]


class User(AbstractUser):
    """A person with an account: an association's representative or a municipal employee."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("E-mails from the portal are written in this language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]
    objects = EmailUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class RoleGrant(models.Model):
    """A municipal role given to a user; association representatives are memberships instead."""

    class Role(models.TextChoices):
        LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
        SECTOR_OFFICER = "sector_officer", _("Sector officer")
        ASSOCIATION_AGENT = "association_agent", _("Association agent")
        COUNCIL_MEMBER = "council_member", _("Council member")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "sector"],
                name="unique_role_grant",
                violation_error_message=_("The user already has this role."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role="sector_officer") | ~models.Q(sector=""),
                name="sector_officer_has_sector",
                violation_error_message=_("A sector officer's role names the sector."),
            ),
        ]

    def __str__(self) -> str:
        if self.sector:
            return f"{self.get_role_display()} ({self.get_sector_display()})"
        return str(self.get_role_display())


class AuditEvent(models.Model):
    """One back-office decision or change: who did what to which row, and when.

    The table is append-only: database triggers (migrations 0002 and 0004) refuse UPDATE,
    DELETE and TRUNCATE, so not even the admin or a bug can rewrite history.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("target type")
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


class LiaisonRole(models.Model):
    """The published description of the liaison officer's role (DOMAIN.md §1); one row."""

    officer_name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    duties = models.TextField(_("duties"), help_text=_("One duty per line."))
    working_time = models.CharField(
        _("working time reserved for the role"),
        max_length=200,
        # xgettext:no-python-format
        help_text=_("For example: 20 % of working time, about one day a week."),
    )
    mandate = models.TextField(_("mandate in the municipal organisation"))
    reachable = models.TextField(_("how to reach the officer"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("liaison role history"))

    class Meta:
        verbose_name = _("liaison officer's role")
        verbose_name_plural = _("liaison officer's role")

    def __str__(self) -> str:
        return f"{self.officer_name}, {self.title}"

    def duty_list(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class SectorContact(models.Model):
    """The named contact official of one municipal sector, published beside the liaison role."""

    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    handles = models.CharField(
        _("handles"),
        max_length=300,
        blank=True,
        help_text=_("For example: culture grants, room bookings at the association house."),
    )

    class Meta:
        verbose_name = _("sector contact")
        verbose_name_plural = _("sector contacts")
        ordering = ["sector"]

    def __str__(self) -> str:
        return f"{self.get_sector_display()}: {self.name}"


class ContentPage(models.Model):
    """A page of instructions, rules or documents that the liaison officer writes and edits."""

    class Section(models.TextChoices):
        INSTRUCTIONS = "instructions", _("Instructions")
        RULES = "rules", _("Rules")
        DOCUMENTS = "documents", _("Documents")

    slug = models.SlugField(_("address"), unique=True, max_length=80)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(
        _("text"), help_text=_("Markdown: blank line between paragraphs, # for headings.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("content page history"))

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        ordering = ["section", "order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:page_detail", kwargs={"slug": self.slug})


class AccessLogEntry(models.Model):
    """One look at another person's personal data in the back-office, or one export of it.

    Append-only like the audit log: a database trigger (migration 0005) refuses UPDATE and
    TRUNCATE, and DELETE of rows younger than the retention period (portal/retention.py).
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    what = models.CharField(_("what"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("target type")
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    # The portal users whose data was shown, so that each can be told in their data export.
    people = ArrayField(
        models.PositiveBigIntegerField(), default=list, blank=True, verbose_name=_("people")
    )

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-id"]
        indexes = [GinIndex(fields=["people"], name="accesslog_people_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.what} {self.target_repr}"


class ErasureRequest(models.Model):
    """A person's request to be removed from the portal, and the liaison officer's decision.

    Kept after the person is anonymised, as proof that the request was handled.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        CONFIRMED = "confirmed", _("Confirmed: the person was anonymised")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("person")
    )
    message = models.TextField(_("message to the liaison officer"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_request",
                violation_error_message=_("You have already asked to be removed."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(decision_reason=""),
                name="erasure_refusal_has_reason",
                violation_error_message=_("A refusal needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        # No name here: the audit log keeps this text after the person is anonymised.
        return gettext("Request to be removed no. %(number)s") % {"number": self.pk}


class InactivityWarning(models.Model):
    """When an inactive account was warned that it will be anonymised unless its owner logs in."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="inactivity_warning", verbose_name=_("user")
    )
    warned_at = models.DateTimeField(_("warned at"))

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self) -> str:
        return f"{self.user} {self.warned_at:%Y-%m-%d}"


def council_report_path(report: "CouncilReport", filename: str) -> str:
    return f"council/{filename}"


def private_storage():
    """The private storage, looked up at use time so that tests can swap it."""
    return storages["private"]


class CouncilReport(models.Model):
    """One built version of a report for the council, in one language.

    A new version is built when the figures behind the report change; the liaison officer
    publishes a version to the council, and published versions stay downloadable.
    """

    class Status(models.TextChoices):
        BUILDING = "building", _("Being updated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=20)
    # The year, or the primary key of the round or season the report is about.
    subject = models.CharField(_("subject"), max_length=20)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BUILDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    fingerprint = models.CharField(max_length=64, editable=False)
    html = models.TextField(_("HTML version"), blank=True, editable=False)
    # In the private storage: the file is served only through a view that checks the reader.
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=council_report_path, blank=True
    )
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    checked_at = models.DateTimeField(_("data last checked at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published to the council at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ["-requested_at"]
        indexes = [
            models.Index(
                fields=["kind", "subject", "language", "-requested_at"],
                name="council_report_newest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status="ready"),
                name="council_report_published_is_ready",
                violation_error_message=_("Only a finished report can be published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language}, {self.requested_at:%d.%m.%Y %H:%M})"
