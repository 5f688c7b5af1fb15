"""The municipality's side: recusal, scoring, ranking, decisions, payments, use reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants import permissions, services
from grants.forms import (
    DecisionForm,
    DisqualificationForm,
    ReviewerForm,
    ScoreForm,
    UseReportReviewForm,
)
from grants.models import GrantApplication, GrantRound, Payment, UseReport
from grants.views.applicant import _visible_application, confirm_page
from portal import exports
from portal.access_log import record_access
from portal.models import User

PAYMENT_COLUMNS = [
    "application",
    "association",
    "business_id",
    "decided_on",
    "instalment",
    "amount",
    "status",
    "paid_on",
]


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
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    reviewer_form = ReviewerForm(request.POST if "add_reviewer" in request.POST else None)
    if request.method == "POST":
        try:
            if "start_review" in request.POST and "confirm" not in request.POST:
                return _confirm_start_review(request, grant_round)
            if "start_review" in request.POST:
                count = services.start_review(grant_round=grant_round, by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s application moved to review.",
                        "%(count)s applications moved to review.",
                        count,
                    )
                    % {"count": count},
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
    ranking = _ranking(grant_round, request.user, request.GET.get("page"))
    return render(
        request,
        "grants/round_review.html",
        {
            "grant_round": grant_round,
            "applications": ranking["rows"],
            "page_obj": ranking["page"],
            "query_without_page": _query_without_page(request),
            "can_manage": can_manage,
            "reviewer_form": reviewer_form,
            "reviewers": grant_round.reviewer_assignments.select_related("reviewer"),
            "requested_total": ranking["requested_total"],
            "granted_total": ranking["granted_total"],
        },
    )


# Rows of the ranking per page; the order, the scores and the running total span every page.
RANKING_PAGE_SIZE = 50


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def _ranking(grant_round: GrantRound, user, page_number) -> dict:
    """The round's applications ranked by average weighted score, one page of them in full.

    The order and the running total need every application, but only as a few numbers: one
    light query ranks them all, then the page's rows are read with what a row shows. The cost
    of the page grows with the page size, not with the number of applications.
    """
    weights = grant_round.criteria.aggregate(total=Sum("weight"))["total"] or 0
    ranked = list(
        grant_round.applications.exclude(
            status__in=[GrantApplication.Status.DRAFT, GrantApplication.Status.WITHDRAWN]
        )
        .with_ranking_data(user)
        # Only the numbers: the other annotations and joins are left out of this query.
        .values_list("pk", "amount_requested", "weighted_sum", "reviewer_count", "decision__amount")
    )

    def average(row):
        _pk, _requested, weighted_sum, reviewer_count, _granted = row
        if weighted_sum is None or not weights:
            return None
        return weighted_sum / reviewer_count / weights

    scored = [(average(row), row) for row in ranked]
    scored.sort(key=lambda item: (item[0] is None, -(item[0] or 0), item[1][0]))
    cumulative = 0
    numbers = {}
    for score, (pk, requested, *_rest) in scored:
        cumulative += requested
        numbers[pk] = (score, cumulative)
    page = Paginator([row[0] for _score, row in scored], RANKING_PAGE_SIZE).get_page(page_number)
    shown = (
        GrantApplication.objects.filter(pk__in=page.object_list).with_ranking_data(user).in_bulk()
    )
    labels = {value: str(label) for value, label in GrantApplication.Status.choices}
    rows = []
    for pk in page.object_list:
        application = shown[pk]
        application.average_score, application.cumulative = numbers[pk]
        application.within_budget = application.cumulative <= grant_round.budget
        application.status_label = labels.get(application.status, application.status)
        # Read once here: a missing decision would raise inside the template on every access.
        application.shown_decision = getattr(application, "decision", None)
        rows.append(application)
    return {
        "rows": rows,
        "page": page,
        "requested_total": cumulative,
        "granted_total": sum((row[4] for row in ranked if row[4] is not None), 0),
    }


def _confirm_start_review(request, grant_round: GrantRound):
    count = grant_round.applications.filter(status=GrantApplication.Status.SUBMITTED).count()
    return confirm_page(
        request,
        heading=_("Start the review?"),
        subject=grant_round.title,
        consequences=[
            ngettext(
                "%(count)s submitted application moves to review. From then on its "
                "association can no longer change it.",
                "%(count)s submitted applications move to review. From then on their "
                "associations can no longer change them.",
                count,
            )
            % {"count": count},
            _("This cannot be undone: the applications cannot be returned to the applicants."),
        ],
        confirm_label=_("Start the review"),
        confirm_class="button",
        cancel_url=reverse("grants:round_review", args=[grant_round.pk]),
        hidden=[("start_review", "1")],
    )


@login_required
def disqualification_declare(request, pk):
    """Before opening an application, the reviewer says whether they are disqualified."""
    application = _visible_application(request, pk)
    if not permissions.is_round_reviewer(request.user, application.grant_round):
        raise PermissionDenied
    if permissions.declaration_of(request.user, application) is not None:
        if request.method == "POST":
            return confirm_page(
                request,
                heading=_("Disqualification"),
                confirm_label="",
                cancel_url=application.get_absolute_url(),
                refusal=_("You have already declared for this application."),
                status=409,
            )
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
        if request.method == "POST":
            return confirm_page(
                request,
                heading=_("Decision"),
                confirm_label="",
                cancel_url=application.get_absolute_url(),
                refusal=_("The decision has already been made."),
                status=409,
            )
        return redirect(application)
    initial = (
        {"amount": decision.amount, "reasons": decision.reasons}
        if decision
        else {"amount": application.amount_requested}
    )
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        decides = "decide" in request.POST
        amount, reasons = form.cleaned_data["amount"], form.cleaned_data["reasons"]
        try:
            if decides and "confirm" not in request.POST:
                services.check_decision(application=application, amount=amount, reasons=reasons)
                return _confirm_decision(request, application, form.cleaned_data)
            service = services.decide_application if decides else services.propose_decision
            service(application=application, amount=amount, reasons=reasons, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if decides:
                messages.success(request, _("The decision was made and the applicant notified."))
                return redirect(application)
            messages.success(request, _("The decision proposal was saved."))
            return redirect("grants:round_review", pk=application.grant_round_id)
    return render(
        request,
        "grants/decision_form.html",
        {"application": application, "form": form, "decision": decision},
    )


def _confirm_decision(request, application: GrantApplication, data: dict):
    amount = number_format(data["amount"], 2, force_grouping=True)
    consequences = [
        _(
            "%(amount)s € is granted to %(name)s. The decision is final: it cannot be "
            "changed in the portal, the applicant is notified at once and the payments "
            "are planned."
        )
        % {"amount": amount, "name": application.association.name}
        if data["amount"] > 0
        else _(
            "The grant is refused. The decision is final: it cannot be changed in the "
            "portal and the applicant is notified at once."
        ),
    ]
    if data["reasons"]:
        consequences.append(_("Reasons: %(reasons)s") % {"reasons": data["reasons"]})
    return confirm_page(
        request,
        heading=_("Make the decision?"),
        subject=f"{application.association.name}: {application.title}",
        consequences=consequences,
        confirm_label=_("Make the decision"),
        confirm_name="decide",
        confirm_class="button",
        back_name="back",
        cancel_url=application.get_absolute_url(),
        hidden=[("amount", data["amount"]), ("reasons", data["reasons"]), ("confirm", "1")],
    )


@login_required
def payment_export(request, pk):
    """The round's payments for the finance office, as CSV (default) or ?format=xlsx."""
    grant_round = _reviewed_round(request, pk)
    if not permissions.can_manage_round(request.user, grant_round):
        raise PermissionDenied
    record_access(request, what="grants.payments_export", target=grant_round)
    payments = (
        Payment.objects.filter(decision__application__grant_round=grant_round)
        .select_related("decision__application__association")
        .order_by("decision__application__association__name", "instalment_no")
    )
    rows = (
        [
            payment.decision.application.pk,
            payment.decision.application.association.name,
            payment.decision.application.association.business_id,
            payment.decision.decided_on,
            payment.instalment_no,
            payment.amount,
            payment.status,
            payment.paid_on,
        ]
        for payment in payments
    )
    # The column names stay as codes: the finance office's import maps them.
    return exports.export_response(
        request.GET.get("format", "csv"),
        filename=f"payments-round-{grant_round.pk}",
        header=PAYMENT_COLUMNS,
        rows=rows,
        sheet_title=_("Payments"),
    )


@login_required
def payment_mark_paid(request, pk):
    """Ask first, then record the instalment as paid; a paid instalment stays paid."""
    payment = get_object_or_404(
        Payment.objects.filter(
            decision__application__in=GrantApplication.objects.visible_to(request.user)
        ).select_related("decision__application__grant_round__programme"),
        pk=pk,
    )
    application = payment.decision.application
    if not permissions.can_mark_paid(request.user, application):
        raise PermissionDenied
    refusal = None
    if request.method == "POST":
        try:
            services.mark_payment_paid(
                payment=payment, paid_on=timezone.localdate(), by=request.user
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("The instalment was marked paid."))
            return redirect(application)
    elif payment.status != Payment.Status.PLANNED:
        refusal = _("Only a planned instalment can be paid.")
    return confirm_page(
        request,
        heading=_("Mark the instalment paid?"),
        subject=f"{application.association.name}: {application.title}",
        consequences=[
            _("Instalment %(number)s, %(amount)s €, is recorded as paid today.")
            % {
                "number": payment.instalment_no,
                "amount": number_format(payment.amount, 2, force_grouping=True),
            },
            _(
                "This cannot be undone in the portal. After it, the association can no "
                "longer decline the grant."
            ),
        ],
        confirm_label=_("Mark paid"),
        confirm_class="button",
        cancel_url=application.get_absolute_url(),
        refusal=refusal,
        status=400 if refusal and request.method == "POST" else 200,
    )


@login_required
def use_report_review(request, pk):
    """The officer accepts the use report or asks for completion."""
    application = _visible_application(request, pk)
    if not permissions.can_review_use_report(request.user, application):
        raise PermissionDenied
    report = get_object_or_404(UseReport, application=application)
    form = UseReportReviewForm(request.POST or None)
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        if form.cleaned_data["accept"] and "confirm" not in request.POST:
            return _confirm_acceptance(request, application, form.cleaned_data["comment"])
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


def _confirm_acceptance(request, application: GrantApplication, comment: str):
    return confirm_page(
        request,
        heading=_("Accept the use report?"),
        subject=f"{application.association.name}: {application.title}",
        consequences=[
            _(
                "The use report is accepted as final: the association can no longer change "
                "or complete it."
            ),
            _("To ask for changes instead, go back and choose to ask for completion."),
        ],
        confirm_label=_("Accept the report"),
        confirm_class="button",
        back_name="back",
        cancel_url=application.get_absolute_url(),
        hidden=[("accept", "yes"), ("comment", comment), ("confirm", "1")],
    )
