"""Rounds and applying: drafts, budgets, eligibility, submission, attachments."""

import secrets
from decimal import Decimal
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import (
    ZERO,
    AssessmentCriterion,
    Attachment,
    BudgetLine,
    ExtraAnswer,
    ExtraQuestion,
    GrantApplication,
    GrantRound,
    UseReport,
)
from grants.opendata import OPEN_DATA
from grants.permissions import can_edit_application, can_help_with
from grants.services.common import (
    ACTIVITY_FIELDS,
    ALLOWED_ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    STANDARD_FIELDS,
    late_message,
    set_status,
)
from organizations.models import Association
from portal import audit, roles
from portal.models import User

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
    OPEN_DATA.bump()
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
        raise ValidationError(late_message(grant_round), code="round_closed")
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
    if not roles.represents(by, application.association) and not can_help_with(by, application):
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
    for field in (*STANDARD_FIELDS, *ACTIVITY_FIELDS):
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
    # Being listed in the municipality's register is how an association shows it is active here.
    if not application.association.is_listed:
        problems.append(
            _("The association must be in the municipality's register before it can apply.")
        )
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
        raise ValidationError(late_message(application.grant_round), code="late")
    problems = eligibility_problems(application)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="not_eligible") for problem in problems]
        )
    application.submitted_at = timezone.now()
    set_status(application, GrantApplication.Status.SUBMITTED, by=by)
    send_application_receipt_task.delay_on_commit(application.pk, by.pk)
    return application


def is_withdrawable(application: GrantApplication) -> bool:
    """An application can be withdrawn until it is decided."""
    return application.status in (
        GrantApplication.Status.DRAFT,
        GrantApplication.Status.SUBMITTED,
        GrantApplication.Status.IN_REVIEW,
    )


@transaction.atomic
def withdraw_application(*, application: GrantApplication, by: User) -> GrantApplication:
    """Withdraw an application that has not been decided."""
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if not roles.represents(by, application.association):
        raise ValidationError(_("You do not represent this association."), code="not_rep")
    if not is_withdrawable(application):
        raise ValidationError(_("A decided application cannot be withdrawn."), code="decided")
    set_status(application, GrantApplication.Status.WITHDRAWN, by=by)
    return application


# Other spellings of the allowed types' extensions, kept as the uploader wrote them.
_EXTENSION_ALIASES = {"jpg": {"jpg", "jpeg"}}


def attachment_name(name: str, content_type: str) -> str:
    """The file's name with the extension of its detected content, so that a PDF named
    `.html` is saved and downloaded as a PDF."""
    extension = ALLOWED_ATTACHMENT_TYPES.get(content_type, "bin")
    path = PurePath(name or "")
    stem = path.stem if path.suffix.lower().lstrip(".") else path.name
    if path.suffix.lower().lstrip(".") in _EXTENSION_ALIASES.get(extension, {extension}):
        extension = path.suffix.lstrip(".")
    stem = stem.strip(". ")[: 255 - len(extension) - 1] or "attachment"
    return f"{stem}.{extension}"


@transaction.atomic
def add_attachment(
    *, application: GrantApplication, upload, description: str = "", by: User
) -> Attachment:
    """Keep a file whose content is an allowed type, under a random name in private storage."""
    if not can_edit_application(by, application):
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
    original = attachment_name(upload.name or "", kind.mime)
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
    if not can_edit_application(by, application):
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
