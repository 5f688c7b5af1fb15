"""Decision letters as PDF (WeasyPrint)."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from grants.models import DisqualificationDeclaration, GrantApplication
from portal.models import User


def decision_contact(application: GrantApplication) -> User | None:
    """Whom the letter names for questions: someone who took part in the decision.

    The programme's contact official, unless they declared themselves disqualified on this
    application; then the decision maker.
    """
    official = application.grant_round.programme.contact_official
    recused = DisqualificationDeclaration.objects.filter(
        application=application, reviewer=official, is_disqualified=True
    ).exists()
    if not recused:
        return official
    return application.decision.decided_by


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
            "contact": decision_contact(application),
            "registry_address": settings.PORTAL_REGISTRY_ADDRESS,
        },
    )
    return HTML(string=html).write_pdf()
