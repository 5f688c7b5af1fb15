"""What happens to grant rounds, applications, reviews, decisions and use reports."""

import secrets
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import (
    ZERO,
    AssessmentCriterion,
    Attachment,
    BudgetLine,
    Decision,
    DisqualificationDeclaration,
    ExtraAnswer,
    ExtraQuestion,
    GrantApplication,
    GrantRound,
    Payment,
    ReviewerAssignment,
    Score,
    UseReport,
    UseReportEvent,
)
from organizations.models import Association
from portal import audit, roles
from portal.models import User

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}
STANDARD_FIELDS = (
    "title",
    "purpose_and_activities",
    "target_groups",
    "planned_events",
    "expected_participants",
    "planned_volunteer_hours",
    "other_income",
    "other_grants",
    "amount_requested",
)
APPEAL_INSTRUCTIONS = gettext_lazy(
    "Claim for rectification (oikaisuvaatimus): if you are not satisfied with this decision, "
    "you may ask in writing for it to be rectified. The claim must be made within 14 days of "
    "receiving the decision. The decision is deemed received on the seventh day after it was "
    "sent, unless shown otherwise. Send the claim to the municipal registry office; say which "
    "decision it concerns, what change you ask for and why, and sign it."
)
DEADLINE_REMINDER_DAYS = 3
USE_REPORT_REMINDER_DAYS = 14


def _set_status(application: GrantApplication, status: str, *, by: User | None) -> None:
    old = application.status
    application.status = status
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor=by, action="grants.status_changed", target=application, old=old, new=status)


def _late_message(grant_round: GrantRound) -> str:
    if grant_round.closes_at and grant_round.closes_at <= timezone.now():
        when = date_format(timezone.localtime(grant_round.closes_at), "DATETIME_FORMAT")
        return _(
            "The round closed on %(when)s. Late applications cannot be accepted; "
            "contact the round's contact official."
        ) % {"when": when}
    return _("The round is not open for applications.")


# Rounds -----------------------------------------------------------------------------------------


@transaction.atomic
def save_round(
    *,
    grant_round: GrantRound,
    criteria: list[dict] | None,
    questions: list[dict] | None,
    by: User,
) -> GrantRound:
    """Save a round's settings and, while nobody has submitted, its criteria and questions.

    `criteria` or `questions` as None leaves them as they are.
    """
    from grants.permissions import criteria_locked

    if not roles.is_sector_officer(by, grant_round.programme.sector):
        raise ValidationError(_("Only the sector's officer edits its rounds."), code="not_officer")
    is_new = grant_round.pk is None
    changes_criteria = criteria is not None or questions is not None
    if not is_new and changes_criteria and criteria_locked(grant_round):
        raise ValidationError(
            _("The criteria and questions cannot change after applications have arrived."),
            code="criteria_locked",
        )
    grant_round.full_clean()
    grant_round.save()
    if criteria is not None:
        grant_round.criteria.all().delete()
        AssessmentCriterion.objects.bulk_create(
            AssessmentCriterion(grant_round=grant_round, order=order, **row)
            for order, row in enumerate(criteria)
        )
    if questions is not None:
        grant_round.extra_questions.all().delete()
        ExtraQuestion.objects.bulk_create(
            ExtraQuestion(grant_round=grant_round, order=order, **row)
            for order, row in enumerate(questions)
        )
    audit.record(
        actor=by,
        action="grants.round_created" if is_new else "grants.round_changed",
        target=grant_round,
        is_published=grant_round.is_published,
    )
    return grant_round


# Applying ---------------------------------------------------------------------------------------


@transaction.atomic
def create_application(
    *, grant_round: GrantRound, association: Association, by: User, copy_previous: bool = False
) -> GrantApplication:
    """Start a draft for the association, optionally filled from its previous application."""
    if not roles.represents(by, association):
        raise ValidationError(_("You do not represent this association."), code="not_rep")
    if not grant_round.is_open():
        raise ValidationError(_late_message(grant_round), code="round_closed")
    if GrantApplication.objects.filter(grant_round=grant_round, association=association).exists():
        raise ValidationError(
            _("The association already has an application in this round."), code="duplicate"
        )
    previous = None
    if copy_previous:
        previous = (
            GrantApplication.objects.filter(association=association)
            .exclude(status=GrantApplication.Status.WITHDRAWN)
            .order_by("-created_at")
            .first()
        )
    application = GrantApplication(
        grant_round=grant_round, association=association, created_by=by, copied_from=previous
    )
    if previous is not None:
        for field in STANDARD_FIELDS:
            setattr(application, field, getattr(previous, field))
    else:
        application.title = grant_round.title
    application.save()
    if previous is not None:
        BudgetLine.objects.bulk_create(
            BudgetLine(
                application=application,
                category=line.category,
                description=line.description,
                amount=line.amount,
            )
            for line in previous.budget_lines.all()
        )
    audit.record(
        actor=by,
        action="grants.application_created",
        target=application,
        copied_from=previous.pk if previous else None,
    )
    return application


def check_budget(
    *, grant_round: GrantRound, amount_requested: Decimal, other_income, other_grants, costs
) -> None:
    """The amount fits the round and the budget adds up; raise a ValidationError otherwise."""
    errors = []
    if amount_requested > grant_round.max_amount:
        errors.append(
            ValidationError(
                _("The amount applied for is more than this round's largest grant, %(max)s €.")
                % {"max": grant_round.max_amount},
                code="above_max",
            )
        )
    if costs and amount_requested + other_grants + other_income > costs:
        errors.append(
            ValidationError(
                _(
                    "The budget does not add up: the amount applied for, other income and other "
                    "grants together (%(income)s €) are more than the total costs (%(costs)s €)."
                )
                % {"income": amount_requested + other_grants + other_income, "costs": costs},
                code="budget_mismatch",
            )
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_application(
    *,
    application: GrantApplication,
    fields: dict,
    budget_lines: list[dict],
    answers: dict[int, str],
    by: User,
) -> GrantApplication:
    """Save the standard fields, the budget lines and extra answers of an editable application."""
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if not roles.represents(by, application.association):
        raise ValidationError(_("You do not represent this association."), code="not_rep")
    if not application.is_editable:
        raise ValidationError(
            _("The application can no longer be changed: review has started or the round closed."),
            code="not_editable",
        )
    costs = sum((Decimal(line["amount"]) for line in budget_lines), ZERO)
    check_budget(
        grant_round=application.grant_round,
        amount_requested=fields.get("amount_requested", application.amount_requested),
        other_income=fields.get("other_income", application.other_income),
        other_grants=fields.get("other_grants", application.other_grants),
        costs=costs,
    )
    for field in STANDARD_FIELDS:
        if field in fields:
            setattr(application, field, fields[field])
    application.save()
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, **line) for line in budget_lines
    )
    for question_id, answer in answers.items():
        ExtraAnswer.objects.update_or_create(
            application=application, question_id=question_id, defaults={"answer": answer}
        )
    audit.record(actor=by, action="grants.application_saved", target=application)
    return application


def _previous_report_missing(application: GrantApplication) -> bool:
    """The association's last earlier grant has no returned use report."""
    previous = (
        GrantApplication.objects.filter(
            association=application.association,
            status=GrantApplication.Status.DECIDED,
            decision__amount__gt=0,
        )
        .exclude(pk=application.pk)
        .order_by("-decision__decided_on")
        .first()
    )
    return previous is not None and not UseReport.objects.filter(application=previous).exists()


def eligibility_problems(application: GrantApplication) -> list[str]:
    """What stops the application from being submitted, in words the applicant understands."""
    grant_round = application.grant_round
    problems = []
    if grant_round.requires_verified_association and not application.association.is_verified:
        problems.append(_("The association must be verified in the register before it can apply."))
    if grant_round.requires_previous_use_report and _previous_report_missing(application):
        problems.append(_("Return the use report of the association's previous grant first."))
    for field in ("purpose_and_activities", "target_groups"):
        if not getattr(application, field).strip():
            label = getattr(GrantApplication._meta.get_field(field), "verbose_name", field)
            problems.append(_("Fill in: %(field)s.") % {"field": label})
    if not application.budget_lines.exists():
        problems.append(_("Add at least one cost to the budget."))
    required = grant_round.required_attachment_list()
    if application.attachments.count() < len(required):
        problems.append(
            _("Attach the files this round asks for: %(files)s.") % {"files": ", ".join(required)}
        )
    if application.amount_requested <= 0:
        problems.append(_("Give the amount applied for."))
    elif application.amount_requested < grant_round.min_amount:
        problems.append(
            _("The smallest grant in this round is %(min)s €.") % {"min": grant_round.min_amount}
        )
    answered = set(
        application.extra_answers.exclude(answer="").values_list("question_id", flat=True)
    )
    for question in grant_round.extra_questions.filter(is_required=True):
        if question.pk not in answered:
            problems.append(_("Answer the question: %(question)s") % {"question": question.text})
    return problems


@transaction.atomic
def submit_application(*, application: GrantApplication, by: User) -> GrantApplication:
    """Submit a draft on time, if the association is eligible, and send a receipt."""
    from grants.tasks import send_application_receipt_task

    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if not roles.represents(by, application.association):
        raise ValidationError(_("You do not represent this association."), code="not_rep")
    if application.status != GrantApplication.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."), code="not_draft")
    if not application.grant_round.is_open():
        raise ValidationError(_late_message(application.grant_round), code="late")
    problems = eligibility_problems(application)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="not_eligible") for problem in problems]
        )
    application.submitted_at = timezone.now()
    _set_status(application, GrantApplication.Status.SUBMITTED, by=by)
    send_application_receipt_task.delay_on_commit(application.pk, by.pk)
    return application


@transaction.atomic
def withdraw_application(*, application: GrantApplication, by: User) -> GrantApplication:
    """Withdraw an application that has not been decided."""
    if not roles.represents(by, application.association):
        raise ValidationError(_("You do not represent this association."), code="not_rep")
    if application.status not in (
        GrantApplication.Status.DRAFT,
        GrantApplication.Status.SUBMITTED,
        GrantApplication.Status.IN_REVIEW,
    ):
        raise ValidationError(_("A decided application cannot be withdrawn."), code="decided")
    _set_status(application, GrantApplication.Status.WITHDRAWN, by=by)
    return application


@transaction.atomic
def add_attachment(
    *, application: GrantApplication, upload, description: str = "", by: User
) -> Attachment:
    """Keep a file whose content is an allowed type, under a random name in private storage."""
    if not roles.represents(by, application.association) or not application.is_editable:
        raise ValidationError(_("Attachments can no longer be added."), code="not_editable")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large: the limit is %(mb)s MB.")
            % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            _("The file's content is not an allowed type (PDF, PNG, JPEG, DOCX, XLSX or ODT)."),
            code="bad_type",
        )
    extension = ALLOWED_ATTACHMENT_TYPES[kind.mime]
    stored_name = storages["private"].save(
        f"grants/{secrets.token_urlsafe(24)}.{extension}", upload
    )
    original = PurePath(upload.name or "").name[:255] or f"attachment.{extension}"
    attachment = Attachment.objects.create(
        application=application,
        stored_name=stored_name,
        original_name=original,
        content_type=kind.mime,
        size=upload.size,
        description=description,
        uploaded_by=by,
    )
    audit.record(actor=by, action="grants.attachment_added", target=application, name=original)
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by: User) -> None:
    """Remove an attachment while the application can still be changed."""
    application = attachment.application
    if not roles.represents(by, application.association) or not application.is_editable:
        raise ValidationError(_("Attachments can no longer be removed."), code="not_editable")
    stored_name = attachment.stored_name
    attachment.delete()
    audit.record(
        actor=by,
        action="grants.attachment_removed",
        target=application,
        name=attachment.original_name,
    )
    transaction.on_commit(lambda: storages["private"].delete(stored_name))


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
        _set_status(application, GrantApplication.Status.IN_REVIEW, by=by)
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


def _check_reasons(application: GrantApplication, amount: Decimal, reasons: str) -> None:
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
    _check_reasons(application, amount, reasons)
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
    _check_reasons(application, amount, reasons)
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
    _set_status(application, GrantApplication.Status.DECIDED, by=by)
    audit.record(
        actor=by,
        action="grants.decided",
        target=application,
        amount=str(amount),
        reasons=reasons.strip(),
    )
    send_decision_notice_task.delay_on_commit(application.pk)
    return decision


@transaction.atomic
def decline_grant(*, application: GrantApplication, by: User) -> GrantApplication:
    """The association turns the granted money down; unpaid instalments are cancelled."""
    from grants.permissions import can_decline

    if not can_decline(by, application):
        raise ValidationError(_("This grant cannot be declined."), code="cannot_decline")
    if application.decision.payments.filter(status=Payment.Status.PAID).exists():
        raise ValidationError(
            _("Part of the grant has been paid; contact the contact official."), code="paid"
        )
    application.decision.payments.update(status=Payment.Status.CANCELLED)
    _set_status(application, GrantApplication.Status.DECLINED, by=by)
    return application


@transaction.atomic
def mark_payment_paid(*, payment: Payment, paid_on: date, by: User) -> Payment:
    """Record that the finance office paid an instalment."""
    if not roles.is_sector_officer(by, payment.decision.application.grant_round.programme.sector):
        raise ValidationError(_("Only the sector's officer records payments."), code="not_officer")
    if payment.status != Payment.Status.PLANNED:
        raise ValidationError(_("Only a planned instalment can be paid."), code="not_planned")
    payment.status = Payment.Status.PAID
    payment.paid_on = paid_on
    payment.save(update_fields=["status", "paid_on"])
    audit.record(
        actor=by,
        action="grants.payment_paid",
        target=payment.decision.application,
        instalment=payment.instalment_no,
        amount=str(payment.amount),
    )
    return payment


# Use reports ------------------------------------------------------------------------------------


@transaction.atomic
def submit_use_report(
    *, application: GrantApplication, fields: dict, events: list[dict], by: User
) -> UseReport:
    """Submit (or complete) the standard use report of a grant."""
    from grants.permissions import can_report_use

    if not can_report_use(by, application):
        raise ValidationError(_("You cannot report on this grant."), code="cannot_report")
    report = UseReport.objects.filter(application=application).first()
    if report is not None and report.status == UseReport.Status.ACCEPTED:
        raise ValidationError(_("The report has been accepted."), code="accepted")
    if not events:
        raise ValidationError(_("List at least one event or activity."), code="no_events")
    if fields["grant_used"] > fields["total_costs"]:
        raise ValidationError(
            _("The grant used cannot exceed the total costs."), code="used_above_costs"
        )
    if fields["grant_used"] > application.decision.amount:
        raise ValidationError(
            _("The grant used cannot exceed the grant, %(amount)s €.")
            % {"amount": application.decision.amount},
            code="used_above_grant",
        )
    report = report or UseReport(application=application)
    for name, value in fields.items():
        setattr(report, name, value)
    report.status = UseReport.Status.SUBMITTED
    report.submitted_by = by
    report.save()
    report.events.all().delete()
    UseReportEvent.objects.bulk_create(UseReportEvent(report=report, **event) for event in events)
    audit.record(actor=by, action="grants.use_report_submitted", target=application)
    return report


@transaction.atomic
def review_use_report(*, report: UseReport, accept: bool, comment: str, by: User) -> UseReport:
    """Accept the report, or ask the association to complete it (a comment says what)."""
    from grants.permissions import can_review_use_report

    if not can_review_use_report(by, report.application):
        raise ValidationError(_("You cannot review this report."), code="not_officer")
    if not accept and not comment.strip():
        raise ValidationError(_("Say what needs completing."), code="comment_required")
    report.status = UseReport.Status.ACCEPTED if accept else UseReport.Status.NEEDS_COMPLETION
    report.officer_comment = comment.strip()
    report.save(update_fields=["status", "officer_comment"])
    audit.record(
        actor=by,
        action="grants.use_report_reviewed",
        target=report.application,
        status=report.status,
        comment=report.officer_comment,
    )
    return report


# Reminders --------------------------------------------------------------------------------------


def drafts_to_remind(*, now=None):
    """Drafts in rounds that close within the reminder window, not yet reminded."""
    now = now or timezone.now()
    return GrantApplication.objects.filter(
        status=GrantApplication.Status.DRAFT,
        deadline_reminded_at__isnull=True,
        grant_round__is_year_round=False,
        grant_round__closes_at__gt=now,
        grant_round__closes_at__lte=now + timedelta(days=DEADLINE_REMINDER_DAYS),
    ).select_related("grant_round", "association")


def reports_to_remind(*, today=None):
    """Grants whose use report is due within the window, not returned and not yet reminded."""
    today = today or timezone.localdate()
    return GrantApplication.objects.filter(
        status=GrantApplication.Status.DECIDED,
        report_reminded_at__isnull=True,
        decision__amount__gt=0,
        use_report__isnull=True,
        grant_round__use_report_due_on__lte=today + timedelta(days=USE_REPORT_REMINDER_DAYS),
    ).select_related("grant_round", "association")


@transaction.atomic
def send_reminders(*, now=None) -> int:
    """Remind each draft once before its round closes and each grantee once before the report
    is due; the e-mails go out after the commit."""
    from grants.tasks import send_reminder_task

    now = now or timezone.now()
    sent = 0
    for kind, queryset, field in (
        ("draft_reminder", drafts_to_remind(now=now), "deadline_reminded_at"),
        ("report_reminder", reports_to_remind(today=timezone.localdate(now)), "report_reminded_at"),
    ):
        ids = list(queryset.values_list("pk", flat=True))
        GrantApplication.objects.filter(pk__in=ids, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        for application_id in ids:
            send_reminder_task.delay_on_commit(application_id, kind)
        sent += len(ids)
    return sent
