"""The yearly follow-up: the self-assessment, the seven marks and the association survey."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organizations.models import Association, Category

__all__ = [
    "AREAS",
    "CORE_QUESTIONS",
    "MARKS",
    "AreaAssessment",
    "AssessmentAction",
    "MarkFigure",
    "SelfAssessment",
    "Survey",
    "SurveyAnswer",
    "SurveyCount",
    "SurveyQuestion",
    "SurveyReminder",
    "SurveyResponse",
]

# The "10 + 1 ideas" workbook's areas (DOMAIN.md), numbered as in the workbook; 11 is the "+1".
AREAS: dict[int, tuple] = {
    1: (_("Identify and assess"), _("The municipality's means to promote NGO activity")),
    2: (_("Identify and assess"), _("The value of NGO work for participation and services")),
    3: (_("Identify and assess"), _("NGO and volunteer work in strategy and budget planning")),
    4: (_("Define and decide"), _("Goals and principles of cooperation")),
    5: (_("Define and decide"), _("Resources and a responsible body")),
    6: (_("Define and decide"), _("Transparent purchased services, grants and support")),
    7: (_("Take into account and use"), _("Existing structures: advisory councils, forums")),
    8: (_("Take into account and use"), _("Procurement law and other legislation")),
    9: (_("Take into account and use"), _("New technology for NGO work and participation")),
    10: (_("Negotiate"), _("Responsibilities with the wellbeing services county")),
    11: (_("Cooperate"), _("Cooperation with the region's other municipalities")),
}
AREA_CHOICES = [
    (number, format_lazy("{}. {}", number, title)) for number, (_group, title) in AREAS.items()
]

# The seven marks of an NGO-friendly municipality (DOMAIN.md), by number.
MARKS: dict[int, object] = {
    1: _("Enables residents' active participation"),
    2: _("Recognises associations as equal partners"),
    3: _("Names a liaison officer and convenes the associations regularly"),
    4: _("Offers free premises"),
    5: _("Pays grants"),
    6: _("Collects and uses residents' experiences in its services"),
    7: _("Communicates about association activity to residents"),
}
MARK_CHOICES = [(number, format_lazy("{}. {}", number, title)) for number, title in MARKS.items()]


class SelfAssessment(models.Model):
    """One year's self-assessment of the "10 + 1 ideas" areas, made by the liaison officer
    together with the associations' representatives."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        help_text=_("Scores run from 0 to this number, e.g. 5 or 10."),
    )
    participants = models.TextField(
        _("who took part"),
        max_length=2000,
        blank=True,
        help_text=_("The associations' representatives and others who took part."),
    )
    summary = models.TextField(_("summary of the target state"), max_length=4000, blank=True)
    is_published = models.BooleanField(_("shown to the public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gte=2, scale_max__lte=100),
                name="assessment_scale_sensible",
                violation_error_message=_("The highest score must be between 2 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="assessment_year_sensible",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Self-assessment %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:assessment_detail", args=[self.year])


class AreaAssessment(models.Model):
    """One area of a year's self-assessment: where we are, where we aim, how we follow up."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="areas", verbose_name=_("year")
    )
    area = models.PositiveSmallIntegerField(_("area"), choices=AREA_CHOICES)
    current_state = models.TextField(_("current state"), max_length=4000, blank=True)
    target_state = models.TextField(_("target state"), max_length=4000, blank=True)
    follow_up = models.TextField(_("follow-up"), max_length=4000, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("area of the self-assessment")
        verbose_name_plural = _("areas of the self-assessment")
        ordering = ["assessment", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"],
                name="one_row_per_area_and_year",
                violation_error_message=_("This area is already assessed for the year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment.year} {self.get_area_display()}"

    @property
    def title(self):
        return AREAS[self.area][1]


class AssessmentAction(models.Model):
    """A step towards the target state, for the short, medium or long term, with an owner."""

    class Term(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="actions", verbose_name=_("year")
    )
    area = models.PositiveSmallIntegerField(
        _("area"),
        choices=AREA_CHOICES,
        null=True,
        blank=True,
        help_text=_("Leave empty for an action of the whole summary."),
    )
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    description = models.TextField(_("action"), max_length=2000)
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("The person or body responsible.")
    )
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [
            # The open actions list: not done, by due date.
            models.Index(
                fields=["due_on", "id"], condition=Q(done_on__isnull=True), name="open_action_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    @property
    def is_late(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class MarkFigure(models.Model):
    """The officer's figure for one of the seven marks in a year, where the portal's own data
    cannot give one (or the officer's comment beside a computed one)."""

    year = models.PositiveSmallIntegerField(_("year"))
    mark = models.PositiveSmallIntegerField(_("mark"), choices=MARK_CHOICES)
    figure = models.CharField(
        _("figure"), max_length=100, help_text=_("For example: 4 working groups, 85 %, yes.")
    )
    explanation = models.TextField(_("what the figure means"), max_length=2000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("figure of a mark")
        verbose_name_plural = _("figures of the marks")
        ordering = ["-year", "mark"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "mark"],
                name="one_figure_per_mark_and_year",
                violation_error_message=_("This mark already has a figure for the year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.mark}: {self.figure}"


# The fixed core of the yearly survey (seed 001: how the associations see cooperation,
# premises, grants, information and being heard). Codes stay the same every year, so that the
# years compare; the wording is translated in the code, not stored per year.
CORE_QUESTIONS: list[dict] = [
    {
        "code": "cooperation",
        "theme": "cooperation",
        "kind": "scale",
        "text": _("Cooperation between the municipality and the associations works well."),
    },
    {
        "code": "equal_partner",
        "theme": "heard",
        "kind": "scale",
        "text": _("The municipality treats our association as an equal partner."),
    },
    {
        "code": "premises",
        "theme": "premises",
        "kind": "scale",
        "text": _("Our association gets the premises it needs on fair terms."),
    },
    {
        "code": "grants",
        "theme": "grants",
        "kind": "scale",
        "text": _("The municipality's grants are clear, transparent and fair."),
    },
    {
        "code": "information",
        "theme": "information",
        "kind": "scale",
        "text": _("We get the information we need from the municipality."),
    },
    {
        "code": "heard",
        "theme": "heard",
        "kind": "scale",
        "text": _("Our association's views are heard in the municipality's decisions."),
    },
    {
        "code": "liaison",
        "theme": "cooperation",
        "kind": "scale",
        "text": _("We know whom to contact in the municipality about association matters."),
    },
    {
        "code": "improve",
        "theme": "cooperation",
        "kind": "text",
        "text": _("What should the municipality do better in its cooperation with associations?"),
    },
    {
        "code": "good",
        "theme": "cooperation",
        "kind": "text",
        "text": _("What has worked well in the past year?"),
    },
]
CORE_BY_CODE = {question["code"]: question for question in CORE_QUESTIONS}


class Survey(models.Model):
    """The yearly survey of how the associations see their cooperation with the municipality."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    intro = models.TextField(_("introduction"), max_length=2000, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
                violation_error_message=_("The survey must close on or after its opening day."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="survey_year_sensible",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Association survey %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:survey_results", args=[self.year])

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class SurveyQuestion(models.Model):
    """A question of one year's survey: a core question (with a code) or the officer's own."""

    class Theme(models.TextChoices):
        COOPERATION = "cooperation", _("Cooperation")
        PREMISES = "premises", _("Premises")
        GRANTS = "grants", _("Grants")
        INFORMATION = "information", _("Information")
        HEARD = "heard", _("Being heard")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    code = models.SlugField(_("core question"), max_length=40, blank=True, editable=False)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"],
                condition=~Q(code=""),
                name="one_core_question_per_survey",
                violation_error_message=_("The survey already has this core question."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_core(self) -> bool:
        return bool(self.code)

    @property
    def label(self) -> str:
        """A core question's words in the reader's language; the officer's own as written."""
        core = CORE_BY_CODE.get(self.code)
        return str(core["text"]) if core else self.text

    @property
    def is_scale(self) -> bool:
        return self.kind == self.Kind.SCALE


class SurveyResponse(models.Model):
    """One association's answer to a year's survey: a draft until a representative submits it."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("association"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["survey", "association__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "association"],
                name="one_response_per_association_and_survey",
                violation_error_message=_("The association has already answered this survey."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["survey", "association"],
                condition=Q(submitted_at__isnull=False),
                name="submitted_response_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.year} {self.association}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class SurveyAnswer(models.Model):
    """The answer to one question: a score 1–5, "can't say", or a free text."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("answer")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    cant_say = models.BooleanField(_("can't say"), default=False)
    text = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="one_survey_answer_per_question",
                violation_error_message=_("The question is already answered."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
                violation_error_message=_("A score is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=~Q(cant_say=True, score__isnull=False),
                name="cant_say_has_no_score",
                violation_error_message=_('Choose a score or "can\'t say", not both.'),
            ),
        ]
        indexes = [
            # The officer's results read a survey's written answers: a few hundred among
            # thousands of scores, read from the index alone.
            models.Index(
                fields=["response"],
                include=["question", "text"],
                condition=~Q(text=""),
                name="survey_answer_written_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.question_id}"


class SurveyCount(models.Model):
    """How many sent answers to a question gave each score, "can't say" or a written text: in
    all, and per category of the answering associations. The survey's results read these
    rows rather than counting every answer.

    Kept by triggers in the database (migration 0003) in the same transaction as each change
    to an answer, a response or an association's categories. Only the triggers write here.
    Neither link is constrained in the database: a question or category may be removed before
    the triggers have counted its rows down to zero, and the rows stay at zero after."""

    question = models.ForeignKey(
        SurveyQuestion,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # None for the answers of every association together.
    category = models.ForeignKey(
        Category,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(null=True)
    cant_say = models.BooleanField()
    written = models.BooleanField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "category", "score", "cant_say", "written"],
                nulls_distinct=False,
                name="survey_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.category_id} {self.score}: {self.count}"


class SurveyReminder(models.Model):
    """That an association was sent the survey's invitation or its reminder: each goes once."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "association", "kind"], name="one_reminder_of_each_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.year} {self.association_id} {self.kind}"
