"""The municipality's side: recusal, scoring, ranking, decisions, payments, use reports."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import permissions, services
from grants.forms import (
    DecisionForm,
    DisqualificationForm,
    ReviewerForm,
    ScoreForm,
    UseReportReviewForm,
)
from grants.models import GrantApplication, GrantRound, Payment, UseReport
from grants.views.applicant import _visible_application
from portal.models import User


def _cell(value) -> str:
    """Text a spreadsheet will not run as a formula (the finance office opens this in Excel)."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _reviewed_round(request, pk) -> GrantRound:
    grant_round: GrantRound = get_object_or_404(
        GrantRound.objects.select_related("programme"), pk=pk
    )
    if not permissions.can_see_round_applications(request.user, grant_round):
        raise PermissionDenied
    return grant_round


@login_required
def round_review(request, pk):
    """The round's applications ranked by weighted score, against the budget."""
    grant_round = _reviewed_round(request, pk)
    can_manage = permissions.can_manage_round(request.user, grant_round)
    reviewer_form = ReviewerForm(request.POST if "add_reviewer" in request.POST else None)
    if request.method == "POST" and can_manage:
        try:
            if "start_review" in request.POST:
                count = services.start_review(grant_round=grant_round, by=request.user)
                messages.success(
                    request, _("%(count)s applications moved to review.") % {"count": count}
                )
                return redirect("grants:round_review", pk=grant_round.pk)
            if reviewer_form.is_valid():
                reviewer = User.objects.filter(email=reviewer_form.cleaned_data["email"]).first()
                if reviewer is None:
                    reviewer_form.add_error("email", _("No user has this e-mail address."))
                else:
                    services.assign_reviewer(
                        grant_round=grant_round, reviewer=reviewer, by=request.user
                    )
                    messages.success(request, _("Reviewer added."))
                    return redirect("grants:round_review", pk=grant_round.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    weights = grant_round.criteria.aggregate(total=Sum("weight"))["total"] or 0
    applications = list(
        grant_round.applications.exclude(
            status__in=[GrantApplication.Status.DRAFT, GrantApplication.Status.WITHDRAWN]
        )
        .with_ranking_data(request.user)
        .order_by("pk")
    )
    for application in applications:
        application.average_score = (
            application.weighted_sum / application.reviewer_count / weights
            if application.weighted_sum is not None and weights
            else None
        )
    applications.sort(key=lambda a: (a.average_score is None, -(a.average_score or 0), a.pk))
    cumulative = 0
    for application in applications:
        cumulative += application.amount_requested
        application.cumulative = cumulative
        application.within_budget = cumulative <= grant_round.budget
    return render(
        request,
        "grants/round_review.html",
        {
            "grant_round": grant_round,
            "applications": applications,
            "can_manage": can_manage,
            "reviewer_form": reviewer_form,
            "reviewers": grant_round.reviewer_assignments.select_related("reviewer"),
            "requested_total": cumulative,
            "granted_total": sum(
                (a.decision.amount for a in applications if hasattr(a, "decision")), 0
            ),
        },
    )


@login_required
def disqualification_declare(request, pk):
    """Before opening an application, the reviewer says whether they are disqualified."""
    application = _visible_application(request, pk)
    if not permissions.is_round_reviewer(request.user, application.grant_round):
        raise PermissionDenied
    if permissions.declaration_of(request.user, application) is not None:
        return redirect(application)
    form = DisqualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.declare_disqualification(
                application=application,
                is_disqualified=form.cleaned_data["is_disqualified"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if declaration.is_disqualified:
                messages.success(request, _("Your disqualification was recorded."))
                return redirect("grants:round_review", pk=application.grant_round_id)
            return redirect(application)
    return render(
        request,
        "grants/disqualification_form.html",
        {"application": application, "form": form},
    )


@login_required
def score_edit(request, pk):
    """The reviewer's score and rationale for each criterion."""
    application = _visible_application(request, pk)
    if not permissions.can_score(request.user, application):
        raise PermissionDenied
    criteria = list(application.grant_round.criteria.all())
    existing = {s.criterion_id: s for s in application.scores.filter(reviewer=request.user)}
    form = ScoreForm(request.POST or None, criteria=criteria, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_scores(application=application, scores=form.scores(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("grants:round_review", pk=application.grant_round_id)
    return render(request, "grants/score_form.html", {"application": application, "form": form})


@login_required
def decision_edit(request, pk):
    """Propose a decision, or make it."""
    application = _visible_application(request, pk)
    if not permissions.can_decide(request.user, application):
        raise PermissionDenied
    decision = getattr(application, "decision", None)
    if decision is not None and decision.is_final:
        return redirect(application)
    initial = (
        {"amount": decision.amount, "reasons": decision.reasons}
        if decision
        else {"amount": application.amount_requested}
    )
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service = (
            services.decide_application if "decide" in request.POST else services.propose_decision
        )
        try:
            service(
                application=application,
                amount=form.cleaned_data["amount"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "decide" in request.POST:
                messages.success(request, _("The decision was made and the applicant notified."))
                return redirect(application)
            messages.success(request, _("The decision proposal was saved."))
            return redirect("grants:round_review", pk=application.grant_round_id)
    return render(
        request,
        "grants/decision_form.html",
        {"application": application, "form": form, "decision": decision},
    )


@login_required
def payment_export(request, pk):
    """The round's payments as CSV for the finance office."""
    grant_round = _reviewed_round(request, pk)
    if not permissions.can_manage_round(request.user, grant_round):
        raise PermissionDenied
    payments = (
        Payment.objects.filter(decision__application__grant_round=grant_round)
        .select_related("decision__application__association")
        .order_by("decision__application__association__name", "instalment_no")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-round-{grant_round.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "application",
            "association",
            "business_id",
            "decided_on",
            "instalment",
            "amount",
            "status",
            "paid_on",
        ]
    )
    for payment in payments:
        application = payment.decision.application
        writer.writerow(
            [
                application.pk,
                _cell(application.association.name),
                _cell(application.association.business_id),
                payment.decision.decided_on.isoformat() if payment.decision.decided_on else "",
                payment.instalment_no,
                f"{payment.amount:.2f}",
                payment.status,
                payment.paid_on.isoformat() if payment.paid_on else "",
            ]
        )
    return response


@login_required
@require_POST
def payment_mark_paid(request, pk):
    payment = get_object_or_404(
        Payment.objects.select_related("decision__application__grant_round__programme"), pk=pk
    )
    try:
        services.mark_payment_paid(payment=payment, paid_on=timezone.localdate(), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The instalment was marked paid."))
    return redirect(payment.decision.application)


@login_required
def use_report_review(request, pk):
    """The officer accepts the use report or asks for completion."""
    application = _visible_application(request, pk)
    if not permissions.can_review_use_report(request.user, application):
        raise PermissionDenied
    report = get_object_or_404(UseReport, application=application)
    form = UseReportReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_use_report(
                report=report,
                accept=form.cleaned_data["accept"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report was reviewed."))
            return redirect(application)
    return render(
        request,
        "grants/usereport_review.html",
        {"application": application, "report": report, "form": form},
    )
