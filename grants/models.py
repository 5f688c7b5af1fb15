from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organizations.models import Association
from portal import roles
from portal.models import Sector

ZERO = Decimal("0.00")
# The longest texts people may write in the grant forms: enough for a thorough answer, short
# enough for a reviewer to read and for the pages and PDFs to stay light.
LONG_TEXT_MAX = 5000
SHORT_TEXT_MAX = 2000
INSTRUCTIONS_MAX = 10000
# Time the association has to report after its funded activity ends.
USE_REPORT_DAYS_AFTER_ACTIVITY = 60


class GrantProgramme(models.Model):
    """A sector's grant programme (e.g. culture grants) with its named contact official."""

    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=LONG_TEXT_MAX, blank=True)
    contact_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_programmes",
        verbose_name=_("contact official"),
    )

    class Meta:
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class GrantRoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_or_upcoming(self, now=None):
        """Published rounds that take applications now or will: year-round ones included."""
        now = now or timezone.now()
        return self.published().filter(Q(is_year_round=True) | Q(closes_at__gt=now))

    def in_sectors(self, sectors):
        return self.filter(programme__sector__in=sectors)


class GrantRound(models.Model):
    """One call for applications in a programme: open for a period, or all year round."""

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(
        _("instructions"),
        max_length=INSTRUCTIONS_MAX,
        help_text=_("In plain language: who may apply, for what, and how."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    is_year_round = models.BooleanField(_("open all year round"), default=False)
    decision_batch_dates = ArrayField(
        models.DateField(),
        default=list,
        blank=True,
        verbose_name=_("decision dates"),
        help_text=_("For a year-round round: the dates on which the applications are decided."),
    )
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)
    min_amount = models.DecimalField(
        _("smallest grant (€)"), default=ZERO, max_digits=12, decimal_places=2
    )
    max_amount = models.DecimalField(_("largest grant (€)"), max_digits=12, decimal_places=2)
    requires_verified_association = models.BooleanField(
        _("the association must be verified in the register"), default=True
    )
    requires_previous_use_report = models.BooleanField(
        _("the use report of the previous grant must be returned"), default=True
    )
    required_attachments = models.TextField(
        _("required attachments"),
        max_length=SHORT_TEXT_MAX,
        blank=True,
        help_text=_("One attachment per line."),
    )
    use_report_due_on = models.DateField(_("use report due on"), null=True, blank=True)
    uses_instalments = models.BooleanField(_("paid in two instalments"), default=False)
    is_published = models.BooleanField(_("published"), default=False)

    objects = GrantRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant round")
        verbose_name_plural = _("grant rounds")
        ordering = ["closes_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_year_round=True)
                | Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__gt=F("opens_at")),
                name="grant_round_has_period",
                violation_error_message=_(
                    "A round is open all year or opens and closes, closing after it opens."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_amount__gte=0) & Q(max_amount__gte=F("min_amount")),
                name="grant_round_amounts_ordered",
                violation_error_message=_(
                    "The smallest grant is zero or more and no larger than the largest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="grant_round_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:round_detail", kwargs={"pk": self.pk})

    @property
    def sector(self) -> str:
        return self.programme.sector

    def is_open(self, now=None) -> bool:
        """Applications are taken now."""
        if not self.is_published:
            return False
        if self.is_year_round:
            return True
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_upcoming(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.is_year_round and self.opens_at > now

    def required_attachment_list(self) -> list[str]:
        return [line.strip() for line in self.required_attachments.splitlines() if line.strip()]


class AssessmentCriterion(models.Model):
    """A published criterion that reviewers score from 0 to 5; its weight counts in the total."""

    grant_round = models.ForeignKey(
        GrantRound, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=SHORT_TEXT_MAX, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1),
                name="criterion_weight_positive",
                violation_error_message=_("A criterion's weight is at least 1."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExtraQuestion(models.Model):
    """A question a round asks in addition to the standard fields."""

    grant_round = models.ForeignKey(
        GrantRound,
        on_delete=models.CASCADE,
        related_name="extra_questions",
        verbose_name=_("round"),
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class GrantApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications of the user's associations, and the submitted ones of the rounds the user
        reviews: a draft is the association's own until it is submitted."""
        if not user.is_authenticated:
            return self.none()
        reviewed = Q(grant_round__programme__sector__in=roles.officer_sectors(user)) | Q(
            grant_round__reviewer_assignments__reviewer=user
        )
        visible = Q(association_id__in=roles.represented_association_ids(user)) | (
            reviewed & ~Q(status=GrantApplication.Status.DRAFT)
        )
        if roles.is_association_agent(user):
            # An agent sees the drafts an association has invited them to help with.
            visible |= AgentInvitation.objects.helped_applications(user)
        return self.filter(visible).distinct()

    def with_use_report_due_on(self):
        """``report_due_on``: GrantApplication.use_report_due_on, in the database."""
        # A date plus an interval is a timestamp in PostgreSQL: cast back to a date.
        after_activity = Cast(
            F("activity_ends_on") + timedelta(days=USE_REPORT_DAYS_AFTER_ACTIVITY),
            output_field=models.DateField(),
        )
        # PostgreSQL's GREATEST leaves out NULLs: either date alone decides.
        return self.annotate(
            report_due_on=Greatest(F("grant_round__use_report_due_on"), after_activity)
        )


class GrantApplication(models.Model):
    """An association's application to one round, with the standard fields every round asks.

    The funded activity runs from ``activity_starts_on`` to ``activity_ends_on``; unset, it runs
    from the start of the year in which the round opened (or, in a year-round round, the
    application was submitted), as grants are given for a year's activity, until the use
    report is due. The use report is due on the later of the round's report deadline and
    ``USE_REPORT_DAYS_AFTER_ACTIVITY`` days after the activity ends, so that a deadline never
    falls before the activity it reports on. The events of a use report lie within the activity's
    period and not in the future.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        DECIDED = "decided", _("Decided")
        DECLINED = "declined", _("Grant declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    grant_round = models.ForeignKey(
        GrantRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("association"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("name of the activity or project"), max_length=200)
    purpose_and_activities = models.TextField(
        _("purpose and activities"), max_length=LONG_TEXT_MAX, blank=True
    )
    target_groups = models.TextField(_("target groups"), max_length=SHORT_TEXT_MAX, blank=True)
    planned_events = models.TextField(_("planned events"), max_length=LONG_TEXT_MAX, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"), default=0)
    planned_volunteer_hours = models.PositiveIntegerField(
        _("planned volunteer (talkoo) hours"), default=0
    )
    other_income = models.DecimalField(
        _("other income (€)"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Participation fees, sales, own funds."),
        max_digits=12,
        decimal_places=2,
    )
    other_grants = models.DecimalField(
        _("other grants (€)"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Grants applied for or received from others for the same activity."),
        max_digits=12,
        decimal_places=2,
    )
    amount_requested = models.DecimalField(
        _("amount applied for (€)"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        max_digits=12,
        decimal_places=2,
    )
    activity_starts_on = models.DateField(_("the activity starts on"), null=True, blank=True)
    activity_ends_on = models.DateField(
        _("the activity ends on"),
        null=True,
        blank=True,
        help_text=format_lazy(
            _("The use report is due {days} days after this date, or later if the round says so."),
            days=USE_REPORT_DAYS_AFTER_ACTIVITY,
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Each reminder goes out once.
    deadline_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = GrantApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant_round", "association"],
                name="one_application_per_association_per_round",
                violation_error_message=_("The association already has an application here."),
            ),
            models.CheckConstraint(
                condition=Q(other_income__gte=0, other_grants__gte=0, amount_requested__gte=0),
                name="application_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                # A draft withdrawn before submission was never submitted.
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="submitted_application_has_time",
                violation_error_message=_("A submitted application has a submission time."),
            ),
            models.CheckConstraint(
                condition=Q(activity_starts_on__isnull=True)
                | Q(activity_ends_on__isnull=True)
                | Q(activity_ends_on__gte=F("activity_starts_on")),
                name="application_activity_period_ordered",
                violation_error_message=_("The activity cannot end before it starts."),
            ),
        ]
        indexes = [
            # The officer's dashboard finds the use reports falling due from when the activity
            # ended.
            models.Index(
                fields=["activity_ends_on"],
                condition=Q(status="decided"),
                name="application_decided_ends_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("grants:application_detail", kwargs={"pk": self.pk})

    @property
    def total_costs(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), ZERO)

    @property
    def self_financing(self) -> Decimal:
        """What the association pays itself: costs not covered by this or other grants."""
        return max(self.total_costs - self.amount_requested - self.other_grants, ZERO)

    @property
    def self_financing_share(self) -> Decimal | None:
        """Self-financing as a percentage of the total costs (None without costs)."""
        if not self.total_costs:
            return None
        return (self.self_financing * 100 / self.total_costs).quantize(Decimal("0.1"))

    @property
    def use_report_due_on(self) -> date | None:
        """The later of the round's report deadline and the days allowed after the activity."""
        candidates = [self.grant_round.use_report_due_on]
        if self.activity_ends_on:
            candidates.append(
                self.activity_ends_on + timedelta(days=USE_REPORT_DAYS_AFTER_ACTIVITY)
            )
        return max((day for day in candidates if day), default=None)

    def activity_period(self) -> tuple[date | None, date | None]:
        """The first and last day of the funded activity (None: not known)."""
        start = self.activity_starts_on
        if start is None:
            opened = self.grant_round.opens_at or self.submitted_at
            start = date(timezone.localdate(opened).year, 1, 1) if opened else None
        return start, self.activity_ends_on or self.use_report_due_on

    @property
    def is_editable(self) -> bool:
        """Drafts, and submitted applications until review starts, while the round is open."""
        return (
            self.status in (self.Status.DRAFT, self.Status.SUBMITTED) and self.grant_round.is_open()
        )


class BudgetLine(models.Model):
    """One cost in an application's budget, by cost category."""

    class Category(models.TextChoices):
        FEES = "fees", _("Fees and wages")
        PREMISES = "premises", _("Premises")
        MATERIALS = "materials", _("Materials and supplies")
        TRAVEL = "travel", _("Travel")
        MARKETING = "marketing", _("Marketing and communication")
        EQUIPMENT = "equipment", _("Equipment")
        OTHER = "other", _("Other costs")

    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("application"),
    )
    category = models.CharField(_("cost category"), max_length=12, choices=Category.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"), validators=[MinValueValidator(ZERO)], max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"


class ExtraAnswer(models.Model):
    """An application's answer to one of the round's extra questions."""

    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="extra_answers",
        verbose_name=_("application"),
    )
    question = models.ForeignKey(
        ExtraQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    answer = models.TextField(_("answer"), max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"],
                name="one_answer_per_question",
                violation_error_message=_("The question is already answered."),
            )
        ]

    def __str__(self) -> str:
        return self.answer[:50]


class Attachment(models.Model):
    """A file attached to an application, kept in private storage under a random name."""

    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    # The name in storages["private"]; looked up at use time so that tests can swap the storage.
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("grants:attachment_download", kwargs={"pk": self.pk})


class ReviewerAssignment(models.Model):
    """A named reviewer of a round, besides the sector officer."""

    grant_round = models.ForeignKey(
        GrantRound,
        on_delete=models.CASCADE,
        related_name="reviewer_assignments",
        verbose_name=_("round"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="grant_reviews",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(
                fields=["grant_round", "reviewer"],
                name="one_assignment_per_reviewer",
                violation_error_message=_("The person already reviews this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.grant_round}"


class DisqualificationDeclaration(models.Model):
    """A reviewer's statement, before opening an application: disqualified (esteellinen) or not."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="disqualification_declarations",
        verbose_name=_("reviewer"),
    )
    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="disqualification_declarations",
        verbose_name=_("application"),
    )
    is_disqualified = models.BooleanField(_("disqualified"))
    reason = models.TextField(_("reason"), max_length=SHORT_TEXT_MAX, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disqualification declaration")
        verbose_name_plural = _("disqualification declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "application"],
                name="one_declaration_per_reviewer",
                violation_error_message=_("You have already declared for this application."),
            ),
            models.CheckConstraint(
                condition=Q(is_disqualified=False) | ~Q(reason=""),
                name="disqualification_has_reason",
                violation_error_message=_("Say why you are disqualified."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application_id}: {self.is_disqualified}"


class Score(models.Model):
    """A reviewer's score from 0 to 5 on one criterion of one application, with a rationale."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_scores",
        verbose_name=_("reviewer"),
    )
    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("application"),
    )
    criterion = models.ForeignKey(
        AssessmentCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    rationale = models.TextField(_("rationale"), max_length=SHORT_TEXT_MAX)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "application", "criterion"],
                name="one_score_per_criterion",
                violation_error_message=_("The criterion is already scored."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=5),
                name="score_from_0_to_5",
                violation_error_message=_("A score is from 0 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Decision(models.Model):
    """The proposal and the decision on one application: 0 € is a refusal."""

    application = models.OneToOneField(
        GrantApplication,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("application"),
    )
    amount = models.DecimalField(
        _("amount granted (€)"),
        validators=[MinValueValidator(ZERO)],
        max_digits=12,
        decimal_places=2,
    )
    reasons = models.TextField(
        _("reasons"),
        max_length=LONG_TEXT_MAX,
        blank=True,
        help_text=_("Required when the grant is refused or reduced."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision maker"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    appeal_instructions = models.TextField(_("appeal instructions"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            # The awarded grants newest first (open API, grants/opendata.py): a page walks
            # this index and stops after its rows, instead of sorting every awarded grant.
            models.Index(
                fields=["-decided_on", "id"],
                condition=Q(decided_on__isnull=False, amount__gt=0),
                name="decision_awarded_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="decision_amount_not_negative",
                violation_error_message=_("The amount granted cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True, decided_on__isnull=True)
                | Q(decided_by__isnull=False, decided_on__isnull=False),
                name="decision_has_maker_and_date",
                violation_error_message=_("A decision names its maker and date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} €"

    @property
    def is_final(self) -> bool:
        return self.decided_on is not None

    @property
    def is_refusal(self) -> bool:
        return self.amount == 0


class WaitingCount(models.Model):
    """How many applications of a round wait for a decision: sent or in review, with no
    decision made. The officer's dashboard lists the rounds where some wait.

    Kept by triggers in the database (migration 0008) in the same transaction as the change,
    so that the dashboard counts no applications however many wait; a round has a row only
    while one waits. Only the triggers write here."""

    grant_round = models.OneToOneField(
        GrantRound, on_delete=models.CASCADE, primary_key=True, related_name="waiting"
    )
    count = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.grant_round_id}: {self.count}"


class RankingEntry(models.Model):
    """A sent application's place in its round's ranking: every application but drafts and
    withdrawn ones, with what the ranking orders and adds up.

    `mean` is the weighted sum of its scores (score × the criterion's weight) per reviewer who
    scored it, empty while nobody has; the ranking divides it by the round's total weight for
    the average it shows, which keeps the order. `amount_requested` and `decision_amount` are
    the application's and its decision's, for the running total and the round's totals.

    Kept by triggers in the database (migration 0009) in the same transaction as any change
    to the application, its scores, its decision or a criterion's weight, so that a page of
    the ranking reads its own rows in order through `ranking_order_idx` instead of working
    out every application's average. Only the triggers write here."""

    application = models.OneToOneField(
        GrantApplication, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    grant_round = models.ForeignKey(
        GrantRound, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    mean = models.FloatField(null=True)
    amount_requested = models.DecimalField(max_digits=12, decimal_places=2)
    decision_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True)

    class Meta:
        indexes = [
            # The ranking's order within a round, with the amounts its sums read.
            models.Index(
                F("grant_round"),
                F("mean").desc(nulls_last=True),
                F("application"),
                include=["amount_requested", "decision_amount"],
                name="ranking_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.mean}"


class Payment(models.Model):
    """One instalment of a granted amount, as the finance office pays it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("To be paid")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="payments", verbose_name=_("decision")
    )
    instalment_no = models.PositiveSmallIntegerField(_("instalment"))
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["decision", "instalment_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "instalment_no"],
                name="one_payment_per_instalment",
                violation_error_message=_("The instalment already exists."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("A payment is more than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="paid_payment_has_date",
                violation_error_message=_("A paid instalment has a payment date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.application} #{self.instalment_no}: {self.amount} €"


class UseReport(models.Model):
    """The standard report on the use of a grant, the same in every sector and year."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        NEEDS_COMPLETION = "needs_completion", _("Needs completion")

    application = models.OneToOneField(
        GrantApplication,
        on_delete=models.PROTECT,
        related_name="use_report",
        verbose_name=_("application"),
    )
    volunteer_hours = models.PositiveIntegerField(_("volunteer (talkoo) hours in total"))
    total_costs = models.DecimalField(_("total costs (€)"), max_digits=12, decimal_places=2)
    grant_used = models.DecimalField(_("grant used (€)"), max_digits=12, decimal_places=2)
    narrative = models.TextField(_("what was achieved"), max_length=LONG_TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    officer_comment = models.TextField(
        _("comment from the municipality"), max_length=SHORT_TEXT_MAX, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("use report")
        verbose_name_plural = _("use reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_costs__gte=0, grant_used__gte=0),
                name="use_report_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(grant_used__lte=F("total_costs")),
                name="grant_used_within_total_costs",
                violation_error_message=_("The grant used cannot exceed the total costs."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def municipal_share(self) -> Decimal | None:
        """The municipal grant's share of the total costs, in per cent."""
        if not self.total_costs:
            return None
        return (self.grant_used * 100 / self.total_costs).quantize(Decimal("0.1"))


class UseReportEvent(models.Model):
    """One event or activity in a use report, with its date and number of participants."""

    report = models.ForeignKey(
        UseReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    held_on = models.DateField(_("date"))
    name = models.CharField(_("event or activity"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.name


# The longest an invitation for all of an association's applications may run at once.
AGENT_INVITATION_MAX_DAYS = 366


class AgentInvitationQuerySet(models.QuerySet):
    def active(self):
        """Not withdrawn, and for a period: the period has not ended."""
        return self.filter(withdrawn_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
        )

    def helped_applications(self, agent) -> Q:
        """The applications the agent's active invitations open to them (drafts only)."""
        invitations = self.active().filter(agent=agent)
        return Q(status=GrantApplication.Status.DRAFT) & (
            Q(pk__in=invitations.filter(application__isnull=False).values("application_id"))
            | Q(
                association_id__in=invitations.filter(application__isnull=True).values(
                    "association_id"
                )
            )
        )


class AgentInvitation(models.Model):
    """An association's request that an association agent (yhdistysagentti) help it with one
    grant application, or with all its applications until a date.

    While the invitation is active the agent reads and edits the association's drafts that it
    covers; submitting stays with the association, and the agent never sees other drafts.
    Withdrawing ends it at once; the row stays, for the record.
    """

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="agent_invitations",
        verbose_name=_("association"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agent_invitations",
        verbose_name=_("association agent"),
    )
    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agent_invitations",
        verbose_name=_("application"),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    message = models.TextField(_("message to the agent"), max_length=1000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = AgentInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("agent invitation")
        verbose_name_plural = _("agent invitations")
        ordering = ["-invited_at", "-pk"]
        indexes = [
            # Every permission check of an agent looks up their active invitations.
            models.Index(
                fields=["agent", "association"],
                condition=Q(withdrawn_at__isnull=True),
                name="agent_invitation_active_idx",
            ),
            models.Index(fields=["association", "-invited_at"], name="agent_invitation_assoc_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(valid_until__isnull=False),
                name="agent_invitation_has_scope",
                violation_error_message=_(
                    "Choose one application, or a date until which the agent may help with "
                    "all the applications."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent} → {self.association}"

    @property
    def is_active(self) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.valid_until is None or self.valid_until >= timezone.localdate()
