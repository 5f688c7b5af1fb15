"""The yearly follow-up: the self-assessment, the marks' figures and the association survey.

Every function that writes checks who acts, writes its rows and the audit event in one
transaction and makes the cached public pages stale; e-mail leaves only after the commit.
The survey's results are computed here too, in a fixed number of queries, with every group of
fewer than ANONYMITY_THRESHOLD answers held back.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Association, RegisterCount
from portal import audit
from portal.caching import DataVersion
from portal.database import CompiledStatements, prepared_cursor
from portal.mail import render_subject, render_text
from portal.models import User
from wellbeing.models import (
    AREAS,
    CORE_QUESTIONS,
    AreaAssessment,
    AssessmentAction,
    MarkFigure,
    SelfAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyReminder,
    SurveyResponse,
)
from wellbeing.permissions import can_answer_survey_for, can_manage_followup

# Everything the public follow-up pages show: one bump makes their cached copies stale.
followup_version = DataVersion("wellbeing:followup")

# A group (a year, a category) with fewer answers than this is not shown: with so few, a reader
# could tell which association said what.
ANONYMITY_THRESHOLD = 5
SCALE = (1, 2, 3, 4, 5)
# The reminder goes this many days before the survey closes, to those that have not answered.
REMIND_BEFORE = timedelta(days=7)


def _bump_on_change(sender, instance, **kwargs) -> None:
    """Any change to a survey, its questions or its sent answers (also through the admin site,
    a cascade or a personal-data erasure) makes the cached results stale."""
    followup_version.bump()


for _model in (Survey, SurveyQuestion, SurveyResponse, SurveyAnswer):
    for _signal in (post_save, post_delete):
        _signal.connect(
            _bump_on_change,
            sender=_model,
            dispatch_uid=f"wellbeing-followup-{_model.__name__}-{id(_signal)}",
        )


def _check_officer(by: User) -> None:
    if not can_manage_followup(by):
        raise PermissionDenied(_("Only the liaison officer keeps the yearly follow-up."))


# The self-assessment


@transaction.atomic
def save_assessment(
    *, assessment: SelfAssessment, areas: Iterable[AreaAssessment], by: User
) -> SelfAssessment:
    """Create or change a year's self-assessment and its areas; scores must fit its scale."""
    _check_officer(by)
    creating = assessment.pk is None
    if creating:
        assessment.created_by = by
    assessment.full_clean()
    rows = list(areas)
    for row in rows:
        if row.score is not None and row.score > assessment.scale_max:
            raise ValidationError(
                _("The score of area %(area)s is above the highest score %(max)s.")
                % {"area": row.area, "max": assessment.scale_max},
                code="score_above_scale",
            )
    assessment.save()
    for row in rows:
        row.assessment = assessment
        row.full_clean(exclude=["assessment"], validate_unique=False)
    AreaAssessment.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["assessment", "area"],
        update_fields=["current_state", "target_state", "follow_up", "score"],
    )
    audit.record(
        actor=by,
        action="wellbeing.assessment_created" if creating else "wellbeing.assessment_updated",
        target=assessment,
    )
    followup_version.bump()
    return assessment


@transaction.atomic
def save_action(*, action: AssessmentAction, by: User) -> AssessmentAction:
    """Add or change an action of the self-assessment."""
    _check_officer(by)
    creating = action.pk is None
    action.full_clean()
    action.save()
    audit.record(
        actor=by,
        action="wellbeing.action_created" if creating else "wellbeing.action_updated",
        target=action,
        year=action.assessment.year,
    )
    followup_version.bump()
    return action


@transaction.atomic
def save_mark_figure(
    *, year: int, mark: int, figure: str, explanation: str, by: User
) -> MarkFigure:
    """Enter or change the officer's figure for one mark and year."""
    _check_officer(by)
    row = MarkFigure.objects.select_for_update().filter(year=year, mark=mark).first()
    row = row or MarkFigure(year=year, mark=mark)
    row.figure = figure.strip()
    row.explanation = explanation.strip()
    row.entered_by = by
    row.entered_at = timezone.now()
    row.full_clean(validate_unique=False)
    row.save()
    audit.record(actor=by, action="wellbeing.mark_figure_saved", target=row, mark=mark, year=year)
    followup_version.bump()
    return row


def open_actions():
    """Actions not yet done, the earliest due first (served by open_action_idx)."""
    return (
        AssessmentAction.objects.filter(done_on__isnull=True)
        .select_related("assessment")
        .order_by("due_on", "pk")
    )


def area_scores_by_year(years: int = 5) -> tuple[list[int], dict[int, dict[int, int | None]]]:
    """The latest years' scores per area, as a share of each year's scale (0–100), one query."""
    rows = AreaAssessment.objects.filter(score__isnull=False).values_list(
        "assessment__year", "assessment__scale_max", "area", "score"
    )
    scores: dict[int, dict[int, int | None]] = defaultdict(dict)
    for year, scale_max, area, score in rows:
        scores[area][year] = round((score or 0) * 100 / scale_max)
    all_years = sorted({year for by_year in scores.values() for year in by_year})[-years:]
    return all_years, {area: dict(scores.get(area, {})) for area in AREAS}


# The survey


@transaction.atomic
def create_survey(*, year: int, opens_on: date, closes_on: date, intro: str, by: User) -> Survey:
    """Create a year's survey with the core questions; the officer may add more after."""
    _check_officer(by)
    if Survey.objects.filter(year=year).exists():
        raise ValidationError(
            _("There is already a survey for %(year)s.") % {"year": year}, code="exists"
        )
    survey = Survey(year=year, opens_on=opens_on, closes_on=closes_on, intro=intro, created_by=by)
    survey.full_clean()
    survey.save()
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey,
            code=core["code"],
            theme=core["theme"],
            kind=core["kind"],
            # The stored words are the Finnish original, for the records; pages translate.
            text=_translated(core["text"], settings.LANGUAGE_CODE),
            order=order,
        )
        for order, core in enumerate(CORE_QUESTIONS, start=1)
    )
    audit.record(actor=by, action="wellbeing.survey_created", target=survey)
    followup_version.bump()
    return survey


def _translated(text, language: str) -> str:
    with translation.override(language):
        return str(text)


@transaction.atomic
def update_survey(*, survey: Survey, by: User) -> Survey:
    """Save the changed dates or introduction of a survey."""
    _check_officer(by)
    survey.full_clean()
    survey.save()
    audit.record(actor=by, action="wellbeing.survey_updated", target=survey)
    followup_version.bump()
    return survey


@transaction.atomic
def add_question(*, question: SurveyQuestion, by: User) -> SurveyQuestion:
    """Add the officer's own question to a year's survey, after the core questions."""
    _check_officer(by)
    if question.survey.closes_on < timezone.localdate():
        raise ValidationError(
            _("The survey has closed; no more questions can be added."), code="closed"
        )
    question.code = ""
    last = question.survey.questions.order_by("-order").values_list("order", flat=True).first()
    question.order = (last or 0) + 1
    question.full_clean()
    question.save()
    audit.record(
        actor=by,
        action="wellbeing.survey_question_added",
        target=question.survey,
        question=question.text,
    )
    followup_version.bump()
    return question


@transaction.atomic
def remove_question(*, question: SurveyQuestion, by: User) -> None:
    """Remove one of the officer's own questions, while nobody has answered it."""
    _check_officer(by)
    if question.is_core:
        raise ValidationError(_("The core questions stay, so that the years compare."), code="core")
    if question.answers.exists():
        raise ValidationError(
            _("The question has answers already and cannot be removed."), code="answered"
        )
    survey = question.survey
    audit.record(
        actor=by, action="wellbeing.survey_question_removed", target=survey, question=question.text
    )
    question.delete()
    followup_version.bump()


@dataclass(frozen=True)
class Given:
    """What a representative gave for one question."""

    score: int | None = None
    cant_say: bool = False
    text: str = ""


@transaction.atomic
def save_response(
    *,
    survey: Survey,
    association: Association,
    answers: dict[int, Given],
    submit: bool,
    by: User,
) -> SurveyResponse:
    """Keep a representative's answers as a draft, or submit them; a submitted answer is final.

    Submitting needs every scale question answered (a score or "can't say").
    """
    if not can_answer_survey_for(by, association):
        raise PermissionDenied(_("You cannot answer for this association."))
    if not survey.is_open():
        raise ValidationError(_("The survey is not open for answers."), code="closed")
    response, _created = SurveyResponse.objects.select_for_update().get_or_create(
        survey=survey, association=association
    )
    if response.is_submitted:
        raise ValidationError(
            _("The association's answer has been sent and can no longer be changed."),
            code="submitted",
        )
    questions = {question.pk: question for question in survey.questions.all()}
    rows = []
    for question_id, given in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("The question is not part of this survey."), code="question")
        if question.is_scale:
            if given.score is not None and given.score not in SCALE:
                raise ValidationError(_("A score is from 1 to 5."), code="score")
            if given.score is not None and given.cant_say:
                raise ValidationError(_('Choose a score or "can\'t say", not both.'), code="both")
            rows.append(
                SurveyAnswer(
                    response=response,
                    question=question,
                    score=given.score,
                    cant_say=given.cant_say,
                )
            )
        else:
            rows.append(SurveyAnswer(response=response, question=question, text=given.text.strip()))
    if submit:
        missing = [
            question.label
            for question in questions.values()
            if question.is_scale
            and not any(
                row.question_id == question.pk and (row.score or row.cant_say) for row in rows
            )
        ]
        if missing:
            raise ValidationError(
                _('Answer every scale question before sending ("can\'t say" will do): %(list)s')
                % {"list": "; ".join(missing)},
                code="incomplete",
            )
    for row in rows:
        row.full_clean(exclude=["response", "question"], validate_unique=False)
    SurveyAnswer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["response", "question"],
        update_fields=["score", "cant_say", "text"],
    )
    response.updated_by = by
    if submit:
        response.submitted_at = timezone.now()
        response.submitted_by = by
    response.save()
    if submit:
        audit.record(
            actor=by,
            action="wellbeing.survey_submitted",
            target=response,
            association=association.pk,
        )
        followup_version.bump()
    return response


def survey_audience():
    """The associations asked to answer: every listed one."""
    return Association.objects.listed().order_by("name", "pk")


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _deliver(survey: Survey, association: Association, kind: str) -> None:
    from portal.tasks import send_email_task

    language = next(
        (code for code in association.languages if code in dict(settings.LANGUAGES)),
        settings.LANGUAGE_CODE,
    )
    with translation.override(language):
        context = {
            "survey": survey,
            "association": association,
            "answer_url": _site_url(
                reverse("wellbeing:survey_answer", args=[survey.year, association.slug])
            ),
            "municipality": settings.MUNICIPALITY_NAME,
        }
        subject = render_subject(f"wellbeing/email/survey_{kind}_subject.txt", context)
        body = render_text(f"wellbeing/email/survey_{kind}.txt", context)
    transaction.on_commit(
        partial(send_email_task.delay, subject=subject, body=body, to=[association.contact_email])
    )


@transaction.atomic
def send_survey_mail(*, today: date | None = None) -> int:
    """Invite the listed associations to an open survey, and remind those that have not
    answered a week before it closes. Each goes once: a rerun sends nothing again."""
    today = today or timezone.localdate()
    sent = 0
    # The surveys' rows are locked, so that two runs one after the other never send twice.
    open_surveys = Survey.objects.select_for_update().filter(
        opens_on__lte=today, closes_on__gte=today
    )
    for survey in open_surveys:
        kinds = [SurveyReminder.Kind.INVITATION]
        if survey.closes_on - today <= REMIND_BEFORE:
            kinds.append(SurveyReminder.Kind.REMINDER)
        answered = survey.responses.filter(submitted_at__isnull=False).values("association_id")
        for kind in kinds:
            done = SurveyReminder.objects.filter(survey=survey, kind=kind).values("association_id")
            due = list(
                survey_audience()
                .exclude(contact_email="")
                .exclude(pk__in=done)
                .exclude(pk__in=answered)
            )
            SurveyReminder.objects.bulk_create(
                [
                    SurveyReminder(
                        survey=survey,
                        association=association,
                        kind=kind,
                        email=association.contact_email,
                    )
                    for association in due
                ],
            )
            for association in due:
                _deliver(survey, association, kind)
            sent += len(due)
    return sent


# The survey's results


@dataclass
class Distribution:
    """How one group answered one scale question; `hidden` when the group is too small."""

    answers: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    cant_say: int = 0

    @property
    def hidden(self) -> bool:
        return self.answers < ANONYMITY_THRESHOLD

    @property
    def scored(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> Decimal | None:
        if self.hidden or not self.scored:
            return None
        total = sum(score * count for score, count in self.counts.items())
        return (Decimal(total) / self.scored).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def agree_percent(self) -> int | None:
        """The share of 4s and 5s among those who gave a score."""
        if self.hidden or not self.scored:
            return None
        agree = self.counts.get(4, 0) + self.counts.get(5, 0)
        return round(agree * 100 / self.scored)

    def bars(self) -> list[dict]:
        """Each score (and "can't say") with its count and share, for the page's table."""
        options = [(str(score), self.counts.get(score, 0)) for score in SCALE]
        options.append((_("can't say"), self.cant_say))
        return [
            {
                "label": label,
                "count": count,
                "percent": round(count * 100 / self.answers) if self.answers else 0,
            }
            for label, count in options
        ]

    def add(self, score: int | None, cant_say: bool, count: int) -> None:
        self.answers += count
        if cant_say:
            self.cant_say += count
        elif score is not None:
            self.counts[score] = self.counts.get(score, 0) + count


@dataclass
class QuestionResult:
    question: SurveyQuestion
    overall: Distribution
    earlier: list[tuple[int, Distribution]] = field(default_factory=list)
    by_category: list[tuple[str, Distribution]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    text_count: int = 0


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    audience: int
    years: list[int]
    respondents_by_year: dict[int, int]
    questions: list[QuestionResult]

    @property
    def hidden(self) -> bool:
        return self.respondents < ANONYMITY_THRESHOLD


# The results are kept this long at most, even if no change bumps a version in between.
RESULTS_CACHE_SECONDS = 600


def results_cache_key(survey: Survey, *, with_texts: bool, years_back: int) -> str:
    """The key of a survey's cached results: the follow-up's version (answers, questions,
    surveys) and the register's (the associations' categories and listing) are in it."""
    from organizations.services import register_version

    return (
        f"wellbeing:survey-results:{followup_version.current()}:{register_version()}:"
        f"{survey.pk}:{survey.year}:{int(with_texts)}:{years_back}"
    )


def survey_results(
    survey: Survey, *, with_texts: bool = False, years_back: int = 2
) -> SurveyResults:
    """The survey's results (see compute_survey_results), from the cache when no answer,
    question or association has changed since they were computed."""
    key = results_cache_key(survey, with_texts=with_texts, years_back=years_back)
    results = cache.get(key)
    if results is None:
        results = compute_survey_results(survey, with_texts=with_texts, years_back=years_back)
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


# The kept counts of the survey's years in all, and of the survey itself per category: one
# row per question, group and way of answering. The category's name is the stored one (the
# default language's), as the results are cached for every language.
SURVEY_COUNTS = """
SELECT survey.year, question.code, question.id, question.kind = %s, category.name,
       counted.score, counted.cant_say, counted.written, counted.count
FROM wellbeing_surveycount counted
JOIN wellbeing_surveyquestion question ON question.id = counted.question_id
JOIN wellbeing_survey survey ON survey.id = question.survey_id
LEFT JOIN organizations_category category ON category.id = counted.category_id
WHERE survey.year BETWEEN %s AND %s AND counted.count <> 0
  AND (counted.category_id IS NULL OR survey.id = %s)
"""
RESPONDENTS = """
SELECT survey.year, COUNT(*)
FROM wellbeing_surveyresponse response
JOIN wellbeing_survey survey ON survey.id = response.survey_id
WHERE survey.year BETWEEN %s AND %s AND response.submitted_at IS NOT NULL
GROUP BY survey.year
"""
RESULTS = CompiledStatements(size=8, prepared=True)


def _opened(today):
    return Survey.objects.filter(opens_on__lte=today).values_list("year", flat=True)


def opened_years(today: date) -> list[int]:
    """The years whose survey has opened by `today`, the latest first."""
    return RESULTS.objects("opened", _opened, today)


def _questions(survey_id):
    return SurveyQuestion.objects.filter(survey_id=survey_id).order_by("order", "pk")


def _texts(survey_id):
    # Ordered by the texts themselves, not by association.
    return (
        SurveyAnswer.objects.filter(
            response__survey_id=survey_id, response__submitted_at__isnull=False
        )
        .exclude(text="")
        .order_by("question_id", "text")
        .values_list("question_id", "text")
    )


def compute_survey_results(
    survey: Survey, *, with_texts: bool = False, years_back: int = 2
) -> SurveyResults:
    """Distributions per question for the survey's year and the years before (by the core
    questions' codes), and by association category; free texts when asked. The distributions
    are the database's kept counts (SurveyCount); four queries, five with the free texts."""
    years = list(range(survey.year - years_back, survey.year + 1))
    questions = RESULTS.objects("questions", _questions, survey.pk)
    by_year: dict[tuple[int, str], Distribution] = defaultdict(Distribution)
    overall: dict[int, Distribution] = defaultdict(Distribution)
    by_category: dict[int, dict[str, Distribution]] = defaultdict(lambda: defaultdict(Distribution))
    text_counts: dict[int, int] = defaultdict(int)
    with prepared_cursor() as cursor:
        cursor.execute(
            SURVEY_COUNTS, [SurveyQuestion.Kind.SCALE.value, years[0], years[-1], survey.pk]
        )
        counts = cursor.fetchall()
        cursor.execute(RESPONDENTS, [years[0], years[-1]])
        respondents_by_year = dict(cursor.fetchall())
    for year, code, question_id, is_scale, category, score, cant_say, written, count in counts:
        if category is not None:
            if is_scale:
                by_category[question_id][category].add(score, cant_say, count)
        elif year != survey.year:
            if is_scale and code:
                by_year[(year, code)].add(score, cant_say, count)
        else:
            if is_scale:
                overall[question_id].add(score, cant_say, count)
            if written:
                text_counts[question_id] += count
    respondents = respondents_by_year.get(survey.year, 0)
    texts: dict[int, list[str]] = defaultdict(list)
    if with_texts and respondents >= ANONYMITY_THRESHOLD:
        for question_id, text in RESULTS.rows("texts", _texts, survey.pk):
            texts[question_id].append(text)
    results = []
    for question in questions:
        # As survey.questions.all() gives them: the pages read each question's survey.
        question.survey = survey
        result = QuestionResult(
            question=question,
            overall=overall[question.pk],
            texts=texts.get(question.pk, []),
            text_count=text_counts.get(question.pk, 0),
        )
        if question.code:
            result.earlier = [
                (year, by_year[(year, question.code)])
                for year in years
                if year != survey.year and (year, question.code) in by_year
            ]
        result.by_category = sorted(by_category[question.pk].items())
        results.append(result)
    return SurveyResults(
        survey=survey,
        respondents=respondents,
        audience=RegisterCount.listed_total(),
        years=years,
        respondents_by_year=respondents_by_year,
        questions=results,
    )


def result_rows(results: SurveyResults) -> Iterable[list]:
    """The results as spreadsheet rows: one per question and group, small groups held back."""
    hidden_note = _("fewer than five answers; not shown")
    all_label = _("All answers")
    for result in results.questions:
        if not result.question.is_scale:
            continue
        groups = [(results.survey.year, all_label, result.overall)]
        groups += [(year, all_label, dist) for year, dist in result.earlier]
        groups += [(results.survey.year, name, dist) for name, dist in result.by_category]
        for year, group, dist in groups:
            row = [year, group, result.question.code, result.question.label, dist.answers]
            if dist.hidden:
                yield [*row, *([None] * 6), None, hidden_note]
            else:
                counts = [dist.counts.get(score, 0) for score in SCALE]
                yield [*row, *counts, dist.cant_say, dist.mean, ""]


def result_header() -> list[str]:
    return [
        _("Year"),
        _("Group"),
        _("Code"),
        _("Question"),
        _("Answers"),
        "1",
        "2",
        "3",
        "4",
        "5",
        _("Can't say"),
        _("Mean"),
        _("Note"),
    ]


def regional_header(year: int) -> list[str]:
    return [
        _("Code"),
        _("Theme"),
        _("Question"),
        _("Answers %(year)s") % {"year": year},
        _("Mean %(year)s") % {"year": year},
        _("Agree (4–5) %% %(year)s") % {"year": year},
        _("Answers %(year)s") % {"year": year - 1},
        _("Mean %(year)s") % {"year": year - 1},
        _("Agree (4–5) %% %(year)s") % {"year": year - 1},
        _("Change in mean"),
    ]


def regional_rows(results: SurveyResults) -> Iterable[list]:
    """The regional body's comparison: one row per question, this year and last."""
    last_year = results.survey.year - 1
    for result in results.questions:
        if not result.question.is_scale:
            continue
        now = result.overall
        before = dict(result.earlier).get(last_year, Distribution())
        change = (
            now.mean - before.mean if now.mean is not None and before.mean is not None else None
        )
        yield [
            result.question.code or "",
            result.question.get_theme_display(),
            result.question.label,
            now.answers,
            now.mean,
            now.agree_percent,
            before.answers,
            before.mean,
            before.agree_percent,
            change,
        ]


def current_survey(today: date | None = None) -> Survey | None:
    """This year's survey, or the latest one."""
    today = today or timezone.localdate()
    return Survey.objects.filter(year__lte=today.year).order_by("-year").first()
