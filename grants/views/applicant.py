"""The association's side: applying, attachments, the decision and the use report."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
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
from portal.access_log import record_access

APPLICATION_FORM_ID = "application-form"
# Sent by the application form; an upload posted on its own does not carry the fields.
BUDGET_TOTAL = "budget-TOTAL_FORMS"


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


def _editable_application(request, pk) -> GrantApplication:
    """The representatives' application, or a draft an invited association agent helps with."""
    application = _visible_application(request, pk)
    if not roles.represents(request.user, application.association) and not (
        permissions.can_help_with(request.user, application)
    ):
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
    is_helper = not is_applicant and permissions.can_help_with(request.user, application)
    if not is_applicant:
        record_access(
            request,
            what="grants.application",
            target=application,
            people=[application.created_by_id],
        )
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
            "is_helper": is_helper,
            "can_edit": permissions.can_edit_application(request.user, application),
            "can_submit": permissions.can_submit_application(request.user, application),
            "can_invite_agent": permissions.can_invite_agent(request.user, application.association),
            "can_score": permissions.can_score(request.user, application),
            "can_decide": permissions.can_decide(request.user, application),
            "can_decline": permissions.can_decline(request.user, application),
            "can_report": permissions.can_report_use(request.user, application),
            "can_review_report": permissions.can_review_use_report(request.user, application),
            "events": audit.events_for(application)[:50] if not (is_applicant or is_helper) else [],
        },
    )


def _attachment_to_remove(application: GrantApplication, value: str) -> Attachment | None:
    if not re.fullmatch(r"[0-9]{1,18}", value):
        return None
    return application.attachments.filter(pk=int(value)).first()


def _edit_application(request, application: GrantApplication):
    """The application form; a POST saves the typed fields and attaches the chosen file.

    The attachment field and buttons belong to the same form, so that a file upload or a
    removal saves what has been typed instead of losing it.
    """
    is_autosave = request.headers.get("X-Autosave") == "1"
    is_editable = permissions.can_edit_application(request.user, application)
    refusal = _("The application can no longer be changed.")
    if not is_editable:
        if request.method != "POST":
            messages.error(request, refusal)
            return redirect(application)
        if is_autosave:
            return JsonResponse({"saved": False, "error": refusal}, status=409)
    questions = list(application.grant_round.extra_questions.all())
    existing = dict(application.extra_answers.values_list("question_id", "answer"))
    has_fields = request.method == "POST" and BUDGET_TOTAL in request.POST
    data = request.POST if has_fields else None
    form = ApplicationForm(data, instance=application)
    budget = BudgetLineFormSet(
        data,
        prefix="budget",
        initial=list(application.budget_lines.values("category", "description", "amount")),
    )
    extra = ExtraAnswersForm(data, questions=questions, initial_answers=existing)
    wants_upload = request.method == "POST" and (
        "upload" in request.POST or "file" in request.FILES
    )
    attachment_form = AttachmentForm(
        request.POST if wants_upload else None,
        request.FILES if wants_upload else None,
        form_id=APPLICATION_FORM_ID,
    )
    if request.method == "POST":
        if not is_editable:
            # Shown with what was typed, so that the text can still be copied elsewhere.
            form.add_error(None, refusal)
            return _render_edit(request, application, form, budget, extra, attachment_form, 409)
        saved = not has_fields
        if has_fields and form.is_valid() and budget.is_valid() and extra.is_valid():
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
                saved = True
        if is_autosave:
            return JsonResponse({"saved": saved}, status=200 if saved and has_fields else 400)
        attached = not wants_upload
        if wants_upload and attachment_form.is_valid():
            try:
                services.add_attachment(
                    application=application,
                    upload=attachment_form.cleaned_data["file"],
                    description=attachment_form.cleaned_data["description"],
                    by=request.user,
                )
            except ValidationError as error:
                attachment_form.add_error("file", error)
            else:
                attached = True
                messages.success(request, _("The attachment was added."))
                attachment_form = AttachmentForm(form_id=APPLICATION_FORM_ID)
        if saved and attached:
            if has_fields:
                messages.success(request, _("The application was saved."))
            return _after_save(request, application)
    return _render_edit(request, application, form, budget, extra, attachment_form)


def _after_save(request, application: GrantApplication):
    """Where the button pressed leads once the application is saved."""
    if "submit" in request.POST:
        return redirect("grants:application_submit", pk=application.pk)
    if "view" in request.POST:
        return redirect(application)
    if "remove_attachment" in request.POST:
        attachment = _attachment_to_remove(application, request.POST["remove_attachment"])
        if attachment is None:
            messages.error(request, _("The attachment has already been removed."))
        else:
            return redirect("grants:attachment_delete", pk=attachment.pk)
    return redirect("grants:application_edit", pk=application.pk)


def _render_edit(request, application, form, budget, extra, attachment_form, status=200):
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
            "attachment_form": attachment_form,
            "form_id": APPLICATION_FORM_ID,
            "can_submit": permissions.can_submit_application(request.user, application),
        },
        status=status,
    )


@login_required
def application_edit(request, pk):
    """The standard fields, budget lines, extra questions and attachments; saved as a draft."""
    return _edit_application(request, _editable_application(request, pk))


@login_required
@require_POST
def attachment_upload(request, pk):
    """Attach a file, saving the application's typed fields first when they come along."""
    return _edit_application(request, _editable_application(request, pk))


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
        status=400 if request.method == "POST" else 200,
    )


def confirm_page(
    request,
    *,
    heading,
    confirm_label,
    cancel_url,
    subject="",
    consequences=(),
    refusal=None,
    status=200,
    **extra,
):
    """The page that says what an action does before it is done, or why it cannot be done."""
    return render(
        request,
        "grants/confirm.html",
        {
            "heading": heading,
            "subject": subject,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "action_url": request.path,
            "refusal": refusal,
            **extra,
        },
        status=status,
    )


@login_required
def application_withdraw(request, pk):
    """Ask first, then withdraw the application for good."""
    application = _own_application(request, pk)
    refusal = None
    if request.method == "POST":
        try:
            services.withdraw_application(application=application, by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect(application)
    elif not services.is_withdrawable(application):
        refusal = _("A decided application cannot be withdrawn.")
    return confirm_page(
        request,
        heading=_("Withdraw the application?"),
        subject=f"{application.association.name}: {application.title}",
        consequences=[
            _("The application is withdrawn for good: it will not be assessed or decided."),
            _("A withdrawn application cannot be taken back into use or submitted again."),
        ],
        confirm_label=_("Withdraw the application"),
        cancel_url=application.get_absolute_url(),
        refusal=refusal,
        status=400 if refusal and request.method == "POST" else 200,
    )


@login_required
def application_decline(request, pk):
    """Ask first, then give the granted money up for good."""
    application = _own_application(request, pk)
    refusal = None
    if request.method == "POST":
        try:
            services.decline_grant(application=application, by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("You declined the grant."))
            return redirect(application)
    else:
        problem = services.decline_refusal(application)
        refusal = " ".join(problem.messages) if problem else None
    decision = getattr(application, "decision", None)
    return confirm_page(
        request,
        heading=_("Decline the grant?"),
        subject=f"{application.association.name}: {application.title}",
        consequences=[
            _(
                "The association gives up the grant of %(amount)s € for good. "
                "No part of it will be paid."
            )
            % {
                "amount": number_format(decision.amount, 2, force_grouping=True)
                if decision
                else "0"
            },
            _("This cannot be taken back: the grant cannot be restored afterwards."),
        ],
        confirm_label=_("Decline the grant for good"),
        cancel_url=application.get_absolute_url(),
        refusal=refusal,
        status=400 if refusal and request.method == "POST" else 200,
    )


@login_required
def attachment_delete(request, pk):
    """Ask first, then remove the file for good."""
    attachment = get_object_or_404(
        Attachment.objects.filter(
            application__in=GrantApplication.objects.visible_to(request.user)
        ).select_related("application__grant_round", "application__association"),
        pk=pk,
    )
    application = attachment.application
    if not roles.represents(request.user, application.association) and not (
        permissions.can_help_with(request.user, application)
    ):
        raise PermissionDenied
    refusal = None
    if request.method == "POST":
        try:
            services.remove_attachment(attachment=attachment, by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("The attachment was removed."))
            return redirect("grants:application_edit", pk=application.pk)
    elif not application.is_editable:
        refusal = _("Attachments can no longer be removed.")
    return confirm_page(
        request,
        heading=_("Remove the attachment?"),
        subject=attachment.original_name,
        consequences=[
            _("The file is deleted from the application for good and cannot be restored."),
            _("To have it in the application again, you must add it again."),
        ],
        confirm_label=_("Remove the attachment"),
        cancel_url=reverse("grants:application_edit", args=[application.pk]),
        refusal=refusal,
        status=400 if refusal and request.method == "POST" else 200,
    )


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
    if not roles.represents(request.user, attachment.application.association):
        record_access(request, what="grants.attachment", target=attachment.application)
    response = FileResponse(
        storages["private"].open(attachment.stored_name, "rb"),
        as_attachment=True,
        filename=services.attachment_name(attachment.original_name, attachment.content_type),
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
        if request.method == "POST":
            return confirm_page(
                request,
                heading=_("Use report"),
                confirm_label="",
                cancel_url=application.get_absolute_url(),
                refusal=_("The report has been accepted and can no longer be changed."),
                status=409,
            )
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
