"""Decision letters as PDF (WeasyPrint)."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from grants.models import GrantApplication


def render_decision_letter(application: GrantApplication) -> bytes:
    """The decision letter of a decided application, with the appeal instructions."""
    html = render_to_string(
        "grants/pdf/decision_letter.html",
        {
            "application": application,
            "decision": application.decision,
            "grant_round": application.grant_round,
            "association": application.association,
            "payments": application.decision.payments.all(),
            "municipality": settings.MUNICIPALITY_NAME,
        },
    )
    return HTML(string=html).write_pdf()
