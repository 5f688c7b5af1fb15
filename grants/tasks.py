from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

from grants import services
from grants.models import GrantApplication
from portal.mail import render_subject, render_text
from portal.models import User


def _send(template: str, application: GrantApplication, to: list[str], language: str, **extra):
    with translation.override(language):
        context = {
            "application": application,
            "grant_round": application.grant_round,
            "association": application.association,
            "municipality": settings.MUNICIPALITY_NAME,
            **extra,
        }
        subject = render_subject(f"grants/email/{template}_subject.txt", context)
        body = render_text(f"grants/email/{template}.txt", context)
    message = EmailMessage(subject, body, None, sorted(set(filter(None, to))))
    return message


def _load(application_id: int) -> GrantApplication:
    return GrantApplication.objects.select_related(
        "grant_round__programme__contact_official", "association", "created_by"
    ).get(pk=application_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_receipt_task(application_id: int, user_id: int) -> None:
    """Confirm to the submitter and the association's contact that the application arrived."""
    application = _load(application_id)
    user = User.objects.get(pk=user_id)
    _send(
        "receipt",
        application,
        [user.email, application.association.contact_email],
        user.preferred_language,
        user=user,
    ).send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_decision_notice_task(application_id: int) -> None:
    """Send the decision letter (PDF) to the applicant and the association's contact."""
    from grants.pdf import render_decision_letter

    application = _load(application_id)
    user = application.created_by
    message = _send(
        "decision",
        application,
        [user.email, application.association.contact_email],
        user.preferred_language,
        user=user,
    )
    with translation.override(user.preferred_language):
        letter = render_decision_letter(application)
    message.attach(f"decision-{application.pk}.pdf", letter, "application/pdf")
    message.send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminder_task(application_id: int, kind: str) -> None:
    """A draft's deadline reminder ("draft_reminder") or a due use report's ("report_reminder")."""
    application = _load(application_id)
    to = [application.created_by.email]
    if kind == "report_reminder":
        to.append(application.association.contact_email)
    _send(kind, application, to, application.created_by.preferred_language).send()


@shared_task
def remind_grant_deadlines_task() -> int:
    """Daily (grants/schedule.py): send the reminders that are due."""
    return services.send_reminders()
