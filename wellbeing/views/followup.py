"""The yearly follow-up: the public headline view and survey results, the officer's pages for
the self-assessment, the marks and the survey, and the representatives' survey answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Association, RegisterCount
from portal import exports
from portal.access_log import record_access
from portal.caching import cached_for_anonymous
from wellbeing import charts, marks, results_html
from wellbeing import followup_services as services
from wellbeing.followup_forms import (
    ActionForm,
    AreaForm,
    AssessmentForm,
    MarkFigureForm,
    QuestionForm,
    ResponseForm,
    SurveyForm,
)
from wellbeing.models import (
    AREAS,
    MARKS,
    AreaAssessment,
    AssessmentAction,
    MarkFigure,
    SelfAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from wellbeing.permissions import (
    can_answer_survey_for,
    can_manage_followup,
    can_read_single_responses,
    can_read_survey_results,
    can_view_survey_response,
)

public_cache = cached_for_anonymous(services.followup_version, "wellbeing-followup")


def _officer(request) -> None:
    if not can_manage_followup(request.user):
        raise PermissionDenied


def _year_param(request) -> int | None:
    value = request.GET.get("vuosi", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def _area_charts(years, scores):
    """One chart per area: its score each year, as a share of that year's scale."""
    result = []
    for area, (group, title) in AREAS.items():
        by_year = scores[area]
        bars = [(str(year), by_year.get(year)) for year in years]
        result.append(
            {
                "area": area,
                "group": group,
                "title": title,
                "bars": bars,
                "chart": charts.bar_chart(
                    title=_("Area %(area)s: score each year, %% of the scale") % {"area": area},
                    description=", ".join(
                        f"{year}: {value if value is not None else '–'}" for year, value in bars
                    ),
                    bars=bars,
                    max_value=100,
                ),
            }
        )
    return result


# Public pages


@public_cache
def followup_overview(request):
    """The headline view: the seven marks of a year and the published self-assessments."""
    this_year = timezone.localdate().year
    year = _year_param(request) or this_year
    if not 2000 <= year <= this_year:
        year = this_year
    published = SelfAssessment.objects.filter(is_published=True)
    if can_read_survey_results(request.user):
        published = SelfAssessment.objects.all()
    latest = published.filter(year__lte=year).prefetch_related("areas").first()
    years, scores = services.area_scores_by_year()
    visible_years = set(published.values_list("year", flat=True))
    years = [y for y in years if y in visible_years]
    return render(
        request,
        "wellbeing/followup_overview.html",
        {
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "marks": marks.cached_marks_for(year),
            "assessment": latest,
            "areas": latest.areas.all() if latest else [],
            "area_charts": _area_charts(years, scores) if years else [],
            "chart_years": years,
            "survey": services.current_survey(),
            "can_manage": can_manage_followup(request.user),
        },
    )


def assessment_detail(request, year: int):
    """One year's self-assessment: the areas and the actions; public once published."""
    queryset = SelfAssessment.objects.all()
    if not can_read_survey_results(request.user):
        queryset = queryset.filter(is_published=True)
    assessment = get_object_or_404(queryset, year=year)
    return render(
        request,
        "wellbeing/assessment_detail.html",
        {
            "assessment": assessment,
            "areas": list(assessment.areas.all()),
            "actions": list(assessment.actions.order_by("term", "due_on", "pk")),
            "terms": AssessmentAction.Term.choices,
            "can_manage": can_manage_followup(request.user),
        },
    )


def _survey_for_results(year):
    if year is None:
        survey = services.current_survey()
        if survey is None:
            return None
        return survey
    return get_object_or_404(Survey, year=year)


def _rendered_results(survey: Survey, may_read: bool) -> dict:
    """The survey's results as the page shows them: the counts above the questions and the
    questions' HTML. Rendered once per version of the results (see
    followup_services.results_cache_key), language and audience (the free texts or not), then
    read from the cache: the page does not format hundreds of figures and texts on each view."""
    key = (
        f"{services.results_cache_key(survey, with_texts=may_read, years_back=2)}:"
        f"html:{translation.get_language()}"
    )
    rendered = cache.get(key)
    if rendered is not None:
        return rendered
    results = services.survey_results(survey, with_texts=may_read)
    rendered = {
        "respondents": results.respondents,
        "audience": results.audience,
        "hidden": results.hidden,
        "questions_html": ""
        if results.hidden
        else results_html.questions_html(results, may_read=may_read),
    }
    cache.set(key, rendered, services.RESULTS_CACHE_SECONDS)
    return rendered


@public_cache
def survey_results(request, year: int | None = None):
    """Distributions per question, year over year and by category; small groups held back.
    The officer and council members also read the free texts (without the associations)."""
    survey = _survey_for_results(year)
    if survey is None:
        return render(request, "wellbeing/survey_results.html", {"survey": None})
    if survey.opens_on > timezone.localdate() and not can_read_survey_results(request.user):
        raise Http404(_("The survey has not opened yet."))
    may_read = can_read_survey_results(request.user)
    results = _rendered_results(survey, may_read)
    return render(
        request,
        "wellbeing/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "surveys": services.opened_years(timezone.localdate()),
            "may_read": may_read,
            "can_manage": can_manage_followup(request.user),
            "threshold": services.ANONYMITY_THRESHOLD,
        },
    )


# The officer's pages


@login_required
def followup_manage(request):
    """The officer's start page of the follow-up: the years, the surveys, the open actions."""
    _officer(request)
    return render(
        request,
        "wellbeing/followup_manage.html",
        {
            "assessments": SelfAssessment.objects.annotate(
                open_actions=Count("actions", filter=Q(actions__done_on__isnull=True))
            ),
            "surveys": Survey.objects.annotate(
                submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
                drafts=Count("responses", filter=Q(responses__submitted_at__isnull=True)),
            ),
            "this_year": timezone.localdate().year,
            "marks": MARKS,
            "figures": MarkFigure.objects.filter(year=timezone.localdate().year),
        },
    )


def _assessment_forms(request, assessment: SelfAssessment | None):
    form = AssessmentForm(request.POST or None, instance=assessment)
    existing = {row.area: row for row in assessment.areas.all()} if assessment else {}
    scale_max = assessment.scale_max if assessment else 5
    area_forms = [
        (
            number,
            group,
            title,
            AreaForm(
                request.POST or None,
                prefix=f"area-{number}",
                instance=existing.get(number) or AreaAssessment(area=number),
                scale_max=scale_max,
            ),
        )
        for number, (group, title) in AREAS.items()
    ]
    return form, area_forms


def _assessment_page(request, assessment=None):
    _officer(request)
    form, area_forms = _assessment_forms(request, assessment)
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(f.is_valid() for *_x, f in area_forms):
            try:
                saved = services.save_assessment(
                    assessment=form.instance,
                    areas=[f.instance for *_x, f in area_forms],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The self-assessment was saved."))
                return redirect(saved)
        status = 400
    return render(
        request,
        "wellbeing/assessment_form.html",
        {"form": form, "area_forms": area_forms, "assessment": assessment},
        status=status,
    )


@login_required
def assessment_create(request):
    return _assessment_page(request)


@login_required
def assessment_edit(request, year: int):
    _officer(request)
    return _assessment_page(request, get_object_or_404(SelfAssessment, year=year))


def _action_page(request, action: AssessmentAction, assessment: SelfAssessment):
    _officer(request)
    form = ActionForm(request.POST or None, instance=action)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.instance.assessment = assessment
            try:
                services.save_action(action=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The action was saved."))
                return redirect(assessment)
        status = 400
    return render(
        request,
        "wellbeing/assessment_action_form.html",
        {"form": form, "action": action, "assessment": assessment},
        status=status,
    )


@login_required
def action_create(request, year: int):
    _officer(request)
    assessment = get_object_or_404(SelfAssessment, year=year)
    return _action_page(request, AssessmentAction(assessment=assessment), assessment)


@login_required
def action_edit(request, pk: int):
    _officer(request)
    action = get_object_or_404(AssessmentAction.objects.select_related("assessment"), pk=pk)
    return _action_page(request, action, action.assessment)


@login_required
def action_list(request):
    """The actions not yet done, the earliest due first; the officer and council members."""
    if not can_read_survey_results(request.user):
        raise PermissionDenied
    page = Paginator(services.open_actions(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "wellbeing/assessment_action_list.html",
        {
            "page_obj": page,
            "actions": page.object_list,
            "can_manage": can_manage_followup(request.user),
        },
    )


@login_required
def mark_figure_edit(request, year: int, mark: int):
    """The officer's figure for a mark the portal cannot compute, or a comment on one it can."""
    _officer(request)
    if mark not in MARKS or not 2000 <= year <= 2100:
        raise Http404
    instance = MarkFigure.objects.filter(year=year, mark=mark).first() or MarkFigure(
        year=year, mark=mark
    )
    form = MarkFigureForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_mark_figure(
                    year=year,
                    mark=mark,
                    figure=form.cleaned_data["figure"],
                    explanation=form.cleaned_data["explanation"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The figure was saved."))
                return redirect(f"{_overview_url()}?vuosi={year}")
        status = 400
    computed = next(m for m in marks.marks_for(year) if m.number == mark)
    return render(
        request,
        "wellbeing/marks_figure_form.html",
        {"form": form, "year": year, "mark": computed},
        status=status,
    )


def _overview_url() -> str:
    from django.urls import reverse

    return reverse("wellbeing:followup_overview")


@login_required
def survey_create(request):
    _officer(request)
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = services.create_survey(
                    year=form.cleaned_data["year"],
                    opens_on=form.cleaned_data["opens_on"],
                    closes_on=form.cleaned_data["closes_on"],
                    intro=form.cleaned_data["intro"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The survey was made with the core questions. Add your own.")
                )
                return redirect("wellbeing:survey_manage", year=survey.year)
        status = 400
    return render(request, "wellbeing/survey_form.html", {"form": form}, status=status)


@login_required
def survey_edit(request, year: int):
    _officer(request)
    survey = get_object_or_404(Survey, year=year)
    form = SurveyForm(request.POST or None, instance=survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_survey(survey=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The survey was saved."))
                return redirect("wellbeing:survey_manage", year=survey.year)
        status = 400
    return render(
        request, "wellbeing/survey_form.html", {"form": form, "survey": survey}, status=status
    )


@login_required
def survey_manage(request, year: int):
    """The officer's page of one survey: dates, questions, how many have answered."""
    _officer(request)
    survey = get_object_or_404(Survey, year=year)
    questions = survey.questions.annotate(answer_count=Count("answers"))
    counts = survey.responses.aggregate(
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        drafts=Count("pk", filter=Q(submitted_at__isnull=True)),
    )
    return render(
        request,
        "wellbeing/survey_manage.html",
        {
            "survey": survey,
            "questions": questions,
            "counts": counts,
            "audience": RegisterCount.listed_total(),
            "question_form": QuestionForm(),
        },
    )


@login_required
def question_create(request, year: int):
    _officer(request)
    survey = get_object_or_404(Survey, year=year)
    form = QuestionForm(request.POST or None, instance=SurveyQuestion(survey=survey))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_question(question=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The question was added."))
                return redirect("wellbeing:survey_manage", year=survey.year)
        status = 400
    return render(
        request,
        "wellbeing/survey_question_form.html",
        {"form": form, "survey": survey},
        status=status,
    )


@login_required
def question_delete(request, pk: int):
    """Asks first; the POST removes a question nobody has answered."""
    _officer(request)
    question = get_object_or_404(SurveyQuestion.objects.select_related("survey"), pk=pk)
    if request.method == "POST":
        try:
            services.remove_question(question=question, by=request.user)
        except ValidationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The question was removed."))
        return redirect("wellbeing:survey_manage", year=question.survey.year)
    return render(request, "wellbeing/survey_question_delete.html", {"question": question})


@login_required
def survey_responses(request, year: int):
    """Which associations have answered; the officer opens single answers from here."""
    if not can_read_single_responses(request.user):
        raise PermissionDenied
    survey = get_object_or_404(Survey, year=year)
    page = Paginator(services.survey_audience().only("pk", "name", "slug"), 50).get_page(
        request.GET.get("page")
    )
    answered = {
        response.association_id: response
        for response in SurveyResponse.objects.filter(
            survey=survey, association__in=[association.pk for association in page.object_list]
        )
    }
    rows = [(association, answered.get(association.pk)) for association in page.object_list]
    return render(
        request,
        "wellbeing/survey_responses.html",
        {"survey": survey, "rows": rows, "page_obj": page},
    )


@login_required
def survey_response_detail(request, pk: int):
    """One association's answers: the officer, and the association's own representatives."""
    response = get_object_or_404(
        SurveyResponse.objects.select_related("survey", "association", "submitted_by"), pk=pk
    )
    if not can_view_survey_response(request.user, response):
        raise Http404
    answers = {
        answer.question_id: answer for answer in SurveyAnswer.objects.filter(response=response)
    }
    rows = [(question, answers.get(question.pk)) for question in response.survey.questions.all()]
    if can_read_single_responses(request.user):
        record_access(
            request,
            what="wellbeing.survey_response",
            target=response,
            people=[response.submitted_by_id],
        )
    return render(
        request, "wellbeing/survey_response_detail.html", {"response": response, "rows": rows}
    )


@login_required
def survey_answer(request, year: int, slug: str):
    """A representative answers for the association: saves a draft, then sends it once."""
    survey = get_object_or_404(Survey, year=year)
    association = get_object_or_404(Association, slug=slug)
    if not can_answer_survey_for(request.user, association):
        raise Http404
    response = (
        SurveyResponse.objects.filter(survey=survey, association=association)
        .prefetch_related(Prefetch("answers", queryset=SurveyAnswer.objects.all()))
        .first()
    )
    if response is not None and response.is_submitted:
        return redirect("wellbeing:survey_response_detail", pk=response.pk)
    questions = list(survey.questions.all())
    answers = {answer.question_id: answer for answer in response.answers.all()} if response else {}
    form = ResponseForm(request.POST or None, questions=questions, answers=answers)
    status = 200
    if request.method == "POST":
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                saved = services.save_response(
                    survey=survey,
                    association=association,
                    answers=form.given(),
                    submit=submit,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if submit:
                    messages.success(request, _("Thank you! The answer was sent."))
                    return redirect("wellbeing:survey_response_detail", pk=saved.pk)
                messages.success(request, _("The draft was saved. Send it when it is ready."))
                return redirect("wellbeing:survey_answer", year=year, slug=slug)
        status = 400
    return render(
        request,
        "wellbeing/survey_answer.html",
        {
            "survey": survey,
            "association": association,
            "form": form,
            "response": response,
            "is_open": survey.is_open(),
        },
        status=status,
    )


@login_required
def survey_export(request, year: int, fmt: str):
    """The results as XLSX or CSV for Finnish Excel; small groups held back here too."""
    if not can_read_survey_results(request.user):
        raise PermissionDenied
    survey = get_object_or_404(Survey, year=year)
    results = services.survey_results(survey)
    return exports.export_response(
        fmt,
        filename=f"yhdistyskysely-{year}",
        header=services.result_header(),
        rows=services.result_rows(results),
        sheet_title=_("Results"),
    )


@login_required
def survey_regional_export(request, year: int, fmt: str):
    """The regional body's comparison across municipalities: a row per question, two years."""
    if not can_read_survey_results(request.user):
        raise PermissionDenied
    survey = get_object_or_404(Survey, year=year)
    results = services.survey_results(survey, years_back=1)
    return exports.export_response(
        fmt,
        filename=f"yhdistyskysely-{year}-vertailu",
        header=services.regional_header(year),
        rows=services.regional_rows(results),
        sheet_title=_("Comparison"),
    )
