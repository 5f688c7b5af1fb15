"""Review and decisions: recusal, scores, the decision, payments, declining."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grants.models import (
    Decision,
    DisqualificationDeclaration,
    GrantApplication,
    GrantRound,
    Payment,
    ReviewerAssignment,
    Score,
)
from grants.opendata import OPEN_DATA
from grants.services.common import (
    APPEAL_INSTRUCTIONS,
    set_status,
)
from portal import audit, roles
from portal.models import User

# Review -----------------------------------------------------------------------------------------


@transaction.atomic
def assign_reviewer(*, grant_round: GrantRound, reviewer: User, by: User) -> ReviewerAssignment:
    """Name a reviewer for the round."""
    if not roles.is_sector_officer(by, grant_round.programme.sector):
        raise ValidationError(_("Only the sector's officer names reviewers."), code="not_officer")
    assignment, created = ReviewerAssignment.objects.get_or_create(
        grant_round=grant_round, reviewer=reviewer, defaults={"assigned_by": by}
    )
    if created:
        audit.record(
            actor=by, action="grants.reviewer_assigned", target=grant_round, reviewer=reviewer.pk
        )
    return assignment


@transaction.atomic
def start_review(*, grant_round: GrantRound, by: User) -> int:
    """Close the submitted applications for changes and open them for review."""
    if not roles.is_sector_officer(by, grant_round.programme.sector):
        raise ValidationError(_("Only the sector's officer starts the review."), code="not_officer")
    applications = list(
        grant_round.applications.select_for_update().filter(
            status=GrantApplication.Status.SUBMITTED
        )
    )
    for application in applications:
        set_status(application, GrantApplication.Status.IN_REVIEW, by=by)
    return len(applications)


@transaction.atomic
def declare_disqualification(
    *, application: GrantApplication, is_disqualified: bool, reason: str, by: User
) -> DisqualificationDeclaration:
    """Record, once, whether the reviewer is disqualified from the application (esteellisyys)."""
    from grants.permissions import is_round_reviewer

    if not is_round_reviewer(by, application.grant_round):
        raise ValidationError(_("You do not review this round."), code="not_reviewer")
    if is_disqualified and not reason.strip():
        raise ValidationError(_("Say why you are disqualified."), code="reason_required")
    try:
        with transaction.atomic():
            declaration = DisqualificationDeclaration.objects.create(
                reviewer=by,
                application=application,
                is_disqualified=is_disqualified,
                reason=reason.strip(),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already declared for this application."), code="declared"
        ) from error
    audit.record(
        actor=by,
        action="grants.disqualification_declared",
        target=application,
        is_disqualified=is_disqualified,
        reason=reason.strip(),
    )
    return declaration


@transaction.atomic
def record_scores(
    *, application: GrantApplication, scores: dict[int, tuple[int, str]], by: User
) -> list[Score]:
    """Save the reviewer's score and rationale for each criterion: {criterion id: (score, why)}."""
    from grants.permissions import can_score

    if not can_score(by, application):
        raise ValidationError(_("You cannot score this application."), code="cannot_score")
    criteria = {c.pk: c for c in application.grant_round.criteria.all()}
    saved = []
    for criterion_id, (value, rationale) in scores.items():
        if criterion_id not in criteria:
            raise ValidationError(_("Unknown criterion."), code="unknown_criterion")
        if not 0 <= value <= 5:
            raise ValidationError(_("A score is from 0 to 5."), code="score_range")
        if not rationale.strip():
            raise ValidationError(_("Every score needs a rationale."), code="rationale_required")
        score, _created = Score.objects.update_or_create(
            reviewer=by,
            application=application,
            criterion_id=criterion_id,
            defaults={"score": value, "rationale": rationale.strip()},
        )
        audit.record(
            actor=by,
            action="grants.scored",
            target=application,
            criterion=criteria[criterion_id].name,
            score=value,
            rationale=rationale.strip(),
        )
        saved.append(score)
    return saved


# Decisions --------------------------------------------------------------------------------------


def check_decision(*, application: GrantApplication, amount: Decimal, reasons: str) -> None:
    """The amount and reasons can be decided; raise a ValidationError otherwise."""
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if amount > application.amount_requested and amount > 0:
        raise ValidationError(
            _("The amount granted cannot exceed the amount applied for."), code="above_requested"
        )
    if amount < application.amount_requested and not reasons.strip():
        raise ValidationError(
            _("Give the reasons when the grant is refused or reduced."), code="reasons_required"
        )


@transaction.atomic
def propose_decision(
    *, application: GrantApplication, amount: Decimal, reasons: str, by: User
) -> Decision:
    """Write or change the decision proposal for an application in review."""
    from grants.permissions import can_decide

    if not can_decide(by, application):
        raise ValidationError(_("You cannot decide on this application."), code="cannot_decide")
    if application.status != GrantApplication.Status.IN_REVIEW:
        raise ValidationError(_("Only an application in review is decided."), code="not_in_review")
    check_decision(application=application, amount=amount, reasons=reasons)
    decision, _created = Decision.objects.update_or_create(
        application=application,
        defaults={"amount": amount, "reasons": reasons.strip(), "proposed_by": by},
    )
    audit.record(
        actor=by,
        action="grants.decision_proposed",
        target=application,
        amount=str(amount),
        reasons=reasons.strip(),
    )
    return decision


@transaction.atomic
def decide_application(
    *,
    application: GrantApplication,
    amount: Decimal,
    reasons: str,
    by: User,
    decided_on: date | None = None,
) -> Decision:
    """Make the decision, plan the payments and tell the applicant."""
    from grants.permissions import can_decide
    from grants.tasks import send_decision_notice_task

    if not can_decide(by, application):
        raise ValidationError(_("You cannot decide on this application."), code="cannot_decide")
    if application.status != GrantApplication.Status.IN_REVIEW:
        raise ValidationError(_("Only an application in review is decided."), code="not_in_review")
    check_decision(application=application, amount=amount, reasons=reasons)
    # The letter is written in the applicant's language.
    with translation.override(application.created_by.preferred_language):
        appeal = str(APPEAL_INSTRUCTIONS)
    decided = {
        "amount": amount,
        "reasons": reasons.strip(),
        "decided_by": by,
        "decided_on": decided_on or timezone.localdate(),
        "appeal_instructions": appeal,
    }
    decision, _created = Decision.objects.update_or_create(
        application=application, defaults=decided, create_defaults={**decided, "proposed_by": by}
    )
    if amount > 0:
        if application.grant_round.uses_instalments:
            first = (amount / 2).quantize(Decimal("0.01"))
            parts = [first, amount - first]
        else:
            parts = [amount]
        Payment.objects.bulk_create(
            Payment(decision=decision, instalment_no=number, amount=part)
            for number, part in enumerate(parts, start=1)
        )
    set_status(application, GrantApplication.Status.DECIDED, by=by)
    OPEN_DATA.bump()
    audit.record(
        actor=by,
        action="grants.decided",
        target=application,
        amount=str(amount),
        reasons=reasons.strip(),
    )
    send_decision_notice_task.delay_on_commit(application.pk)
    return decision


def decline_refusal(application: GrantApplication) -> ValidationError | None:
    """Why the grant cannot be declined now, or None when it can."""
    from grants.permissions import is_declinable

    if is_declinable(application):
        return None
    if application.status == GrantApplication.Status.DECIDED and application.decision.amount > 0:
        return ValidationError(
            _(
                "The grant cannot be declined: part of it has already been paid. "
                "Contact the round's contact official to return the money."
            ),
            code="paid",
        )
    return ValidationError(
        _("Only a granted grant that has not been declined can be declined."),
        code="cannot_decline",
    )


@transaction.atomic
def decline_grant(*, application: GrantApplication, by: User) -> GrantApplication:
    """The association gives the granted money up for good; the instalments are cancelled."""
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if not roles.represents(by, application.association):
        raise ValidationError(_("You do not represent this association."), code="not_rep")
    if hasattr(application, "decision"):
        # Held until the commit, so that no instalment is marked paid meanwhile.
        list(application.decision.payments.select_for_update())
    refusal = decline_refusal(application)
    if refusal is not None:
        raise refusal
    application.decision.payments.filter(status=Payment.Status.PLANNED).update(
        status=Payment.Status.CANCELLED
    )
    set_status(application, GrantApplication.Status.DECLINED, by=by)
    OPEN_DATA.bump()
    return application


@transaction.atomic
def mark_payment_paid(*, payment: Payment, paid_on: date, by: User) -> Payment:
    """Record that the finance office paid an instalment; a paid one stays paid."""
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("decision__application__grant_round__programme")
        .get(pk=payment.pk)
    )
    if not roles.is_sector_officer(by, payment.decision.application.grant_round.programme.sector):
        raise ValidationError(_("Only the sector's officer records payments."), code="not_officer")
    if payment.status != Payment.Status.PLANNED:
        raise ValidationError(_("Only a planned instalment can be paid."), code="not_planned")
    payment.status = Payment.Status.PAID
    payment.paid_on = paid_on
    payment.save(update_fields=["status", "paid_on"])
    OPEN_DATA.bump()
    audit.record(
        actor=by,
        action="grants.payment_paid",
        target=payment.decision.application,
        instalment=payment.instalment_no,
        amount=str(payment.amount),
    )
    return payment
