"""The association's side: applying, attachments, the decision and the use report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import permissions, services
from grants.forms import (
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    ExtraAnswersForm,
    NewApplicationForm,
    UseReportEventFormSet,
    UseReportForm,
)
from grants.models import Attachment, GrantApplication, GrantRound, UseReport
from grants.pdf import render_decision_letter
from organizations.models import Association
from portal import audit, roles


def _visible_application(request, pk) -> GrantApplication:
    return get_object_or_404(
        GrantApplication.objects.visible_to(request.user).select_related(
            "grant_round__programme__contact_official", "association"
        ),
        pk=pk,
    )


def _own_application(request, pk) -> GrantApplication:
    application = _visible_application(request, pk)
    if not roles.represents(request.user, application.association):
        raise PermissionDenied
    return application


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


@login_required
def application_create(request, pk):
    """Start a draft for one of the user's associations."""
    grant_round = get_object_or_404(GrantRound.objects.published(), pk=pk)
    associations = Association.objects.filter(
        pk__in=roles.represented_association_ids(request.user)
    )
    if not associations.exists():
        raise PermissionDenied
    form = NewApplicationForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                grant_round=grant_round,
                association=form.cleaned_data["association"],
                copy_previous=form.cleaned_data["copy_previous"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft started. It is saved whenever you save."))
            return redirect("grants:application_edit", pk=application.pk)
    return render(
        request, "grants/application_create.html", {"grant_round": grant_round, "form": form}
    )


@login_required
def application_detail(request, pk):
    """The application as its association and its reviewers see it."""
    application = _visible_application(request, pk)
    if permissions.must_declare(request.user, application):
        return redirect("grants:disqualification_declare", pk=application.pk)
    if not permissions.can_view_application(request.user, application):
        raise PermissionDenied
    is_applicant = roles.represents(request.user, application.association)
    decision = getattr(application, "decision", None)
    return render(
        request,
        "grants/grantapplication_detail.html",
        {
            "application": application,
            "grant_round": application.grant_round,
            "budget_lines": application.budget_lines.all(),
            "answers": application.extra_answers.select_related("question"),
            "attachments": application.attachments.all(),
            "decision": decision if decision and (decision.is_final or not is_applicant) else None,
            "payments": decision.payments.all() if decision else [],
            "use_report": UseReport.objects.filter(application=application)
            .prefetch_related("events")
            .first(),
            "is_applicant": is_applicant,
            "can_edit": permissions.can_edit_application(request.user, application),
            "can_score": permissions.can_score(request.user, application),
            "can_decide": permissions.can_decide(request.user, application),
            "can_decline": permissions.can_decline(request.user, application),
            "can_report": permissions.can_report_use(request.user, application),
            "can_review_report": permissions.can_review_use_report(request.user, application),
            "attachment_form": AttachmentForm(),
            "events": audit.events_for(application)[:50] if not is_applicant else [],
        },
    )


@login_required
def application_edit(request, pk):
    """The standard fields, budget lines and extra questions; saved as a draft on every save."""
    application = _own_application(request, pk)
    if not permissions.can_edit_application(request.user, application):
        messages.error(request, _("The application can no longer be changed."))
        return redirect(application)
    questions = list(application.grant_round.extra_questions.all())
    existing = dict(application.extra_answers.values_list("question_id", "answer"))
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=application)
    budget = BudgetLineFormSet(
        data,
        prefix="budget",
        initial=list(application.budget_lines.values("category", "description", "amount")),
    )
    extra = ExtraAnswersForm(data, questions=questions, initial_answers=existing)
    is_autosave = request.headers.get("X-Autosave") == "1"
    if request.method == "POST":
        if form.is_valid() and budget.is_valid() and extra.is_valid():
            try:
                services.update_application(
                    application=application,
                    fields=form.cleaned_data,
                    budget_lines=budget.lines(),
                    answers=extra.answers(),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if is_autosave:
                    return JsonResponse({"saved": True})
                messages.success(request, _("The application was saved."))
                if "submit" in request.POST:
                    return redirect("grants:application_submit", pk=application.pk)
                return redirect("grants:application_edit", pk=application.pk)
        if is_autosave:
            return JsonResponse({"saved": False}, status=400)
    return render(
        request,
        "grants/grantapplication_form.html",
        {
            "application": application,
            "grant_round": application.grant_round,
            "form": form,
            "budget": budget,
            "extra": extra,
            "attachments": application.attachments.all(),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
def application_submit(request, pk):
    """Check eligibility and submit the draft."""
    application = _own_application(request, pk)
    problems = []
    if request.method == "POST":
        try:
            services.submit_application(application=application, by=request.user)
        except ValidationError as error:
            problems = _messages_of(error)
        else:
            messages.success(request, _("The application was submitted. A receipt was e-mailed."))
            return redirect(application)
    elif application.status == GrantApplication.Status.DRAFT:
        problems = services.eligibility_problems(application)
    return render(
        request,
        "grants/application_submit.html",
        {"application": application, "problems": problems},
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _own_application(request, pk)
    try:
        services.withdraw_application(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect(application)


@login_required
@require_POST
def application_decline(request, pk):
    """The association turns down the grant."""
    application = _own_application(request, pk)
    try:
        services.decline_grant(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You declined the grant."))
    return redirect(application)


@login_required
@require_POST
def attachment_upload(request, pk):
    application = _own_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                application=application,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attachment was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("grants:application_edit", pk=application.pk)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(
            application__in=GrantApplication.objects.visible_to(request.user)
        ).select_related("application__grant_round", "application__association"),
        pk=pk,
    )
    if not roles.represents(request.user, attachment.application.association):
        raise PermissionDenied
    try:
        services.remove_attachment(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attachment was removed."))
    return redirect("grants:application_edit", pk=attachment.application_id)


@login_required
def attachment_download(request, pk):
    """Serve a private file to those who may see the application, never from a public URL."""
    attachment = get_object_or_404(
        Attachment.objects.filter(
            application__in=GrantApplication.objects.visible_to(request.user)
        ).select_related("application__grant_round__programme", "application__association"),
        pk=pk,
    )
    if not permissions.can_view_application(request.user, attachment.application):
        raise PermissionDenied
    response = FileResponse(
        storages["private"].open(attachment.stored_name, "rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def decision_letter(request, pk):
    """The decision letter as PDF, for the applicant and the round's reviewers."""
    application = _visible_application(request, pk)
    if not permissions.can_view_application(request.user, application):
        raise PermissionDenied
    decision = getattr(application, "decision", None)
    if decision is None or not decision.is_final:
        raise PermissionDenied
    response = HttpResponse(render_decision_letter(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{application.pk}.pdf"'
    return response


@login_required
def use_report_edit(request, pk):
    """The standard use report: events, volunteer hours, costs, grant used, narrative."""
    application = _own_application(request, pk)
    if not permissions.can_report_use(request.user, application):
        raise PermissionDenied
    report = UseReport.objects.filter(application=application).first()
    if report is not None and report.status == UseReport.Status.ACCEPTED:
        messages.info(request, _("The report has been accepted."))
        return redirect(application)
    data = request.POST if request.method == "POST" else None
    form = UseReportForm(data, instance=report)
    events = UseReportEventFormSet(
        data,
        prefix="events",
        initial=list(report.events.values("name", "held_on", "participants")) if report else [],
    )
    if request.method == "POST" and form.is_valid() and events.is_valid():
        try:
            services.submit_use_report(
                application=application,
                fields=form.cleaned_data,
                events=events.events(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The use report was submitted."))
            return redirect(application)
    return render(
        request,
        "grants/usereport_form.html",
        {"application": application, "form": form, "events": events, "report": report},
    )
