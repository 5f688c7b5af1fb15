"""The municipality's side: recusal, scoring, ranking, decisions, payments, use reports."""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import numberformat, timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from grants import permissions, services
from grants.forms import (
    DecisionForm,
    DisqualificationForm,
    ReviewerForm,
    ScoreForm,
    UseReportReviewForm,
)
from grants.models import (
    ZERO,
    GrantApplication,
    GrantRound,
    Payment,
    RankingEntry,
    ReviewerAssignment,
    UseReport,
)
from grants.views.applicant import _visible_application, confirm_page
from portal import exports
from portal.access_log import record_access
from portal.database import CompiledStatements, prepared_cursor
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


# The round and its reviewers, for the ranking and the payments; each compiled once per worker.
STATEMENTS = CompiledStatements(size=4, prepared=True)


def _round(pk: int):
    return GrantRound.objects.select_related("programme__contact_official").filter(pk=pk)


def _reviewed_round(request, pk: int) -> GrantRound:
    found = STATEMENTS.objects("round", _round, pk)
    if not found:
        # As get_object_or_404() says it.
        raise Http404(f"No {GrantRound._meta.object_name} matches the given query.")
    grant_round = found[0]
    if not permissions.can_see_round_applications(request.user, grant_round):
        raise PermissionDenied
    return grant_round


def _reviewers(grant_round: GrantRound) -> list[ReviewerAssignment]:
    """grant_round.reviewer_assignments with their reviewers, as the ranking lists them."""
    return STATEMENTS.objects(
        "reviewers",
        lambda kept: ReviewerAssignment.objects.filter(grant_round=kept).select_related("reviewer"),
        grant_round.pk,
    )


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
            # Listed only to those who manage the round.
            "reviewers": _reviewers(grant_round) if can_manage else [],
            "requested_total": ranking["requested_total"],
            "granted_total": ranking["granted_total"],
        },
    )


# Rows of the ranking per page; the order, the scores and the running total span every page.
RANKING_PAGE_SIZE = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


# A page of the ranking in one query. Every sent application of the round (neither a draft nor
# withdrawn) has an entry kept by the database (grants.RankingEntry): its weighted score per
# reviewer, its amount applied for and its decision's amount. The page's entries are read in
# ranking order through their index (the best first, unscored ones last, ties by the earliest
# application), with the running total of the amounts over those before them; the round's
# totals add up its entries, and only the page's rows are joined with what a row shows, each by
# key. The average shown is the weighted score divided by the round's total weight. The page
# size is written into the statement, so that the plan PostgreSQL keeps for it
# (prepared_cursor) knows a page is small; one made for a parameter read the whole table of
# applications to join the page's rows.
RANKING_SQL = f"""
WITH page AS (
    SELECT * FROM (
        SELECT e.application_id, e.mean,
               SUM(e.amount_requested) OVER (
                   ORDER BY e.mean DESC NULLS LAST, e.application_id ROWS UNBOUNDED PRECEDING
               ) AS cumulative
        FROM (
            SELECT e.application_id, e.mean, e.amount_requested
            FROM grants_rankingentry e
            WHERE e.grant_round_id = %(round)s
            ORDER BY e.mean DESC NULLS LAST, e.application_id
            LIMIT {RANKING_PAGE_SIZE} + %(offset)s
        ) e
    ) w
    ORDER BY w.mean DESC NULLS LAST, w.application_id
    OFFSET %(offset)s LIMIT {RANKING_PAGE_SIZE}
), totals AS (
    SELECT COUNT(*) AS total_count, SUM(e.amount_requested) AS requested_total,
           SUM(e.decision_amount) AS granted_total
    FROM grants_rankingentry e
    WHERE e.grant_round_id = %(round)s
)
SELECT a.id, a.name, a.title, a.status, a.amount_requested,
       (SELECT SUM(b.amount) FROM grants_budgetline b WHERE b.application_id = a.id),
       EXISTS(
           SELECT 1 FROM grants_disqualificationdeclaration q
           WHERE q.application_id = a.id AND q.reviewer_id = %(user)s AND q.is_disqualified
       ),
       p.mean / (
           SELECT SUM(c.weight) FROM grants_assessmentcriterion c
           WHERE c.grant_round_id = %(round)s
       ),
       p.cumulative, a.decision_amount, a.decided_on,
       t.total_count, t.requested_total, t.granted_total
FROM page p
CROSS JOIN totals t
CROSS JOIN LATERAL (
    SELECT a.id, assoc.name, a.title, a.status, a.amount_requested,
           d.amount AS decision_amount, d.decided_on
    FROM grants_grantapplication a
    JOIN organizations_association assoc ON assoc.id = a.association_id
    LEFT JOIN grants_decision d ON d.application_id = a.id
    WHERE a.id = p.application_id
    -- Kept apart from the page, so that each row is read by key whatever the sizes.
    OFFSET 0
) a
ORDER BY p.mean DESC NULLS LAST, p.application_id
"""  # noqa: S608  (the page size is a constant; values are parameters)


@dataclass
class RankedApplication:
    """One row of the ranking, with only what the row shows; the numbers as the row shows
    them too, formatted in the view rather than by filters in the loop."""

    pk: int
    url: str
    association_name: str
    title: str
    status_label: str
    amount_requested: Decimal
    amount_requested_text: str
    total_costs: Decimal
    total_costs_text: str
    user_is_disqualified: bool
    average_score: float | None
    average_score_text: str | None
    cumulative: Decimal
    cumulative_text: str
    within_budget: bool
    decision_amount: Decimal | None
    decision_amount_text: str | None
    decision_is_final: bool


def _number_format():
    """localize() for the numbers of a page: the language's separators are looked up once,
    not for every number."""
    language = get_language()
    return partial(
        numberformat.format,
        decimal_sep=get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        decimal_pos=None,
        grouping=get_format("NUMBER_GROUPING", language, use_l10n=True),
        thousand_sep=get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        force_grouping=False,
        use_l10n=True,
    )


def _ranking(grant_round: GrantRound, user, page_number) -> dict:
    """The round's applications ranked by average weighted score, one page of them in full.

    The order, the running total and the totals span every application, but the database
    keeps what they need in narrow entries in ranking order: one query returns the page's
    rows with them, reading in full only the page's applications.
    """

    def fetch(number: int) -> list[tuple]:
        # Planned once per pooled connection: planning took a fifth of the query, and its best
        # plan is the same for every round (each application's rows read by key, RANKING_SQL).
        with prepared_cursor() as cursor:
            cursor.execute(
                RANKING_SQL,
                {
                    "round": grant_round.pk,
                    "user": user.pk,
                    "offset": (number - 1) * RANKING_PAGE_SIZE,
                },
            )
            return cursor.fetchall()

    try:
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1
    fetched = fetch(number) if number >= 1 else []
    if not fetched and number != 1:
        # Past the end (or before the start): the last page, as Paginator.get_page() does.
        count = RankingEntry.objects.filter(grant_round=grant_round).count()
        number = max(1, -(-count // RANKING_PAGE_SIZE))
        fetched = fetch(number)
    count, requested_total, granted_total = fetched[0][-3:] if fetched else (0, 0, None)
    page = Paginator(range(count), RANKING_PAGE_SIZE).get_page(number)
    labels = {value: str(label) for value, label in GrantApplication.Status.choices}
    # One reverse for the page: the rows' addresses differ only by the primary key.
    url = reverse("grants:application_detail", kwargs={"pk": 0}).removesuffix("0/")
    localize = _number_format()
    rows = []
    for (
        pk,
        name,
        title,
        status,
        requested,
        total_costs,
        disqualified,
        average,
        cumulative,
        decision_amount,
        decided_on,
        *_totals,
    ) in fetched:
        total_costs = total_costs or ZERO
        rows.append(
            RankedApplication(
                pk=pk,
                url=f"{url}{pk}/",
                association_name=name,
                title=title,
                status_label=labels.get(status, status),
                amount_requested=requested,
                amount_requested_text=localize(requested),
                total_costs=total_costs,
                total_costs_text=localize(total_costs),
                user_is_disqualified=disqualified,
                average_score=average,
                average_score_text=None if average is None else floatformat(average, 2),
                cumulative=cumulative,
                cumulative_text=localize(cumulative),
                within_budget=cumulative <= grant_round.budget,
                decision_amount=decision_amount,
                decision_amount_text=(
                    None if decision_amount is None else localize(decision_amount)
                ),
                decision_is_final=decided_on is not None,
            )
        )
    return {
        "rows": rows,
        "page": page,
        "requested_total": requested_total,
        "granted_total": granted_total or 0,
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
