"""What happens to grant rounds, applications, reviews, decisions and use reports.

Views, tasks and commands call these functions; each writes its audit event in the same
transaction and schedules e-mails on commit.
"""

from grants.services.applications import (
    add_attachment,
    attachment_name,
    check_budget,
    create_application,
    eligibility_problems,
    is_withdrawable,
    remove_attachment,
    save_round,
    submit_application,
    update_application,
    withdraw_application,
)
from grants.services.common import (
    ACTIVITY_FIELDS,
    ALLOWED_ATTACHMENT_TYPES,
    APPEAL_INSTRUCTIONS,
    DEADLINE_REMINDER_DAYS,
    MAX_ATTACHMENT_BYTES,
    STANDARD_FIELDS,
    USE_REPORT_REMINDER_DAYS,
)
from grants.services.review import (
    assign_reviewer,
    check_decision,
    decide_application,
    declare_disqualification,
    decline_grant,
    decline_refusal,
    mark_payment_paid,
    propose_decision,
    record_scores,
    start_review,
)
from grants.services.use_reports import (
    drafts_to_remind,
    reports_to_remind,
    review_use_report,
    send_reminders,
    submit_use_report,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "ALLOWED_ATTACHMENT_TYPES",
    "APPEAL_INSTRUCTIONS",
    "DEADLINE_REMINDER_DAYS",
    "MAX_ATTACHMENT_BYTES",
    "STANDARD_FIELDS",
    "USE_REPORT_REMINDER_DAYS",
    "add_attachment",
    "assign_reviewer",
    "attachment_name",
    "check_budget",
    "check_decision",
    "create_application",
    "decide_application",
    "declare_disqualification",
    "decline_grant",
    "decline_refusal",
    "drafts_to_remind",
    "eligibility_problems",
    "is_withdrawable",
    "mark_payment_paid",
    "propose_decision",
    "record_scores",
    "remove_attachment",
    "reports_to_remind",
    "review_use_report",
    "save_round",
    "send_reminders",
    "start_review",
    "submit_application",
    "submit_use_report",
    "update_application",
    "withdraw_application",
]
