"""Input rounds for the wellbeing report: themes, the associations' answers, quotations."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Association, TargetGroup
from portal import roles

__all__ = [
    "AnswerTargetGroup",
    "InputAnswer",
    "InputRound",
    "Quotation",
    "RoundReminder",
    "Structure",
    "Theme",
]

# The texts are read by the officer side by side; the limits keep an export row readable.
ANSWER_TEXT_MAX_LENGTH = 4000
NEEDS_TEXT_MAX_LENGTH = 2000
QUOTATION_MAX_LENGTH = 1000
SUMMARY_MAX_LENGTH = 20000


class Theme(models.Model):
    """A theme of the wellbeing report (loneliness, physical activity, mental health, …)."""

    slug = models.SlugField(_("identifier"), unique=True, max_length=50)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("wellbeing theme")
        verbose_name_plural = _("wellbeing themes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Structure(models.TextChoices):
    """The municipal cooperation structures an association may take part in."""

    HYTE = "hyte", _("Health and wellbeing promotion group (HYTE)")
    LAPE = "lape", _("Children and families group (LAPE)")
    YOUTH_COUNCIL = "youth_council", _("Youth council")
    OLDER_PEOPLE_COUNCIL = "older_council", _("Older people's council")
    DISABILITY_COUNCIL = "disability_council", _("Disability council")
    OTHER = "other", _("Other working group or forum")


class InputRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Draft rounds are the officer's; others see rounds once they are open."""
        if roles.is_liaison_officer(user):
            return self
        if roles.is_council_member(user) or roles.represented_association_ids(user):
            return self.exclude(status=InputRound.Status.DRAFT)
        return self.filter(status=InputRound.Status.PUBLISHED)

    def published(self):
        return self.filter(status=InputRound.Status.PUBLISHED)

    def open_now(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(status=InputRound.Status.OPEN, opens_on__lte=today, deadline__gte=today)


class InputRound(models.Model):
    """The liaison officer's call for the associations' input to one year's wellbeing report."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Summary published")

    year = models.PositiveSmallIntegerField(_("report year"))
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(
        _("deadline"), help_text=_("Answers may be given until the end of this day.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    themes = models.ManyToManyField(Theme, related_name="input_rounds", verbose_name=_("themes"))
    summary = models.TextField(
        _("published summary"),
        blank=True,
        help_text=_(
            "What the associations' input became; shown publicly with the approved quotations."
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
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = InputRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("wellbeing input round")
        verbose_name_plural = _("wellbeing input rounds")
        ordering = ["-year", "-deadline", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="wellbeing_round_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="wellbeing_round_deadline_after_opening",
                violation_error_message=_("The deadline cannot be before the opening day."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="wellbeing_round_year_sensible",
                violation_error_message=_("The report year must be between 2000 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["year", "title"],
                name="wellbeing_round_unique_title_per_year",
                violation_error_message=_("A round with this title already exists for the year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:round_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("wellbeing:round_summary", args=[self.pk])

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.deadline


class RoundReminder(models.Model):
    """A deadline reminder that has been sent for a round; kept so that a rerun sends none."""

    round = models.ForeignKey(
        InputRound, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("round")
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "days_before"],
                name="wellbeing_reminder_once",
                violation_error_message=_("This reminder has already been sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.days_before}"


class InputAnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The officer and council members read every answer; representatives their own."""
        if roles.is_council_member(user):
            return self
        return self.filter(association_id__in=roles.represented_association_ids(user))

    def submitted(self):
        return self.filter(status=InputAnswer.Status.SUBMITTED)

    def with_list_data(self):
        """Everything a row of the officer's reading list shows, in a fixed number of queries."""
        return self.select_related("association", "round", "updated_by").prefetch_related(
            "themes",
            models.Prefetch(
                "reached_groups",
                queryset=AnswerTargetGroup.objects.select_related("target_group"),
            ),
            models.Prefetch("quotations", queryset=Quotation.objects.select_related("theme")),
        )


class InputAnswer(models.Model):
    """One association's input to a round; a draft any of its representatives may go on with."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(
        InputRound, on_delete=models.CASCADE, related_name="answers", verbose_name=_("round")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="wellbeing_answers",
        verbose_name=_("association"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    themes = models.ManyToManyField(
        Theme, related_name="answers", blank=True, verbose_name=_("themes the work touches")
    )
    observed_needs = models.TextField(
        _("needs and changes seen among the people you work with"),
        blank=True,
    )
    own_actions = models.TextField(_("your own actions"), blank=True)
    proposals = models.TextField(_("proposals to the municipality"), blank=True)
    needs_premises = models.BooleanField(_("needs premises"), default=False)
    needs_funding = models.BooleanField(_("needs funding"), default=False)
    needs_cooperation = models.BooleanField(_("needs cooperation"), default=False)
    needs_text = models.TextField(_("what you need, in your own words"), blank=True)
    structures = ArrayField(
        models.CharField(max_length=20, choices=Structure.choices),
        default=list,
        blank=True,
        verbose_name=_("structures you take part in"),
    )
    structures_other = models.CharField(_("other structures"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = InputAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("wellbeing input answer")
        verbose_name_plural = _("wellbeing input answers")
        ordering = ["association__name", "pk"]
        indexes = [models.Index(fields=["round", "status"], name="wellbeing_answer_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "association"],
                name="wellbeing_answer_once_per_round",
                violation_error_message=_("The association has already answered this round."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="wellbeing_answer_submitted_has_time",
                violation_error_message=_("A submitted answer needs its submission time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} – {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:answer_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def structure_labels(self) -> list[str]:
        labels = dict(Structure.choices)
        return [str(labels.get(code, code)) for code in self.structures]

    @property
    def people_reached(self) -> int:
        return sum(row.people_reached for row in self.reached_groups.all())


class AnswerTargetGroup(models.Model):
    """A target group an answer's work reached, with how many people it reached."""

    answer = models.ForeignKey(
        InputAnswer,
        on_delete=models.CASCADE,
        related_name="reached_groups",
        verbose_name=_("answer"),
    )
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("target group")
    )
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)

    class Meta:
        verbose_name = _("target group reached")
        verbose_name_plural = _("target groups reached")
        ordering = ["target_group__order", "target_group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "target_group"],
                name="wellbeing_answer_target_group_once",
                violation_error_message=_("Each target group may be given only once."),
            ),
            models.CheckConstraint(
                condition=Q(people_reached__lte=10_000_000),
                name="wellbeing_people_reached_sensible",
                violation_error_message=_("The number of people reached is too large."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.people_reached}"


class Quotation(models.Model):
    """An excerpt of an answer that the officer marked for the report and its public summary."""

    answer = models.ForeignKey(
        InputAnswer, on_delete=models.CASCADE, related_name="quotations", verbose_name=_("answer")
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotations",
        verbose_name=_("theme"),
    )
    text = models.TextField(_("quotation"))
    is_approved = models.BooleanField(
        _("approved for the public summary"),
        default=False,
        help_text=_("Approved quotations are shown on the round's public summary page."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")
        ordering = ["theme__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="wellbeing_quotation_not_empty",
                violation_error_message=_("A quotation cannot be empty."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
