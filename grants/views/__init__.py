from grants.views.applicant import (
    application_create,
    application_decline,
    application_detail,
    application_edit,
    application_submit,
    application_withdraw,
    attachment_delete,
    attachment_download,
    attachment_upload,
    decision_letter,
    use_report_edit,
)
from grants.views.figures import figures
from grants.views.opendata import opendata_csv, opendata_json
from grants.views.public import round_detail, round_list
from grants.views.review import (
    decision_edit,
    disqualification_declare,
    payment_export,
    payment_mark_paid,
    round_review,
    score_edit,
    use_report_review,
)
from grants.views.rounds import round_edit

__all__ = [
    "application_create",
    "application_decline",
    "application_detail",
    "application_edit",
    "application_submit",
    "application_withdraw",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "decision_edit",
    "decision_letter",
    "disqualification_declare",
    "figures",
    "opendata_csv",
    "opendata_json",
    "payment_export",
    "payment_mark_paid",
    "round_detail",
    "round_edit",
    "round_list",
    "round_review",
    "score_edit",
    "use_report_edit",
    "use_report_review",
]
