from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from portal.mail import render_subject, render_text


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email_task(
    *, subject: str, body: str, to: list[str], html: str = "", from_email: str | None = None
) -> None:
    """Send one rendered e-mail; a mail server that is down is retried with backoff."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def apply_retention_task() -> None:
    """Daily (portal/schedule.py): delete or anonymise what has outlived its retention period."""
    from portal.privacy import apply_retention

    apply_retention()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_inactivity_warning_task(user_id: int) -> None:
    """Tell the owner of an unused account, in their language, when it will be anonymised."""
    from portal.models import InactivityWarning
    from portal.privacy import inactive_account_deadline

    warning = InactivityWarning.objects.select_related("user").get(user_id=user_id)
    user = warning.user
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "deadline": inactive_account_deadline(warning),
            "municipality": settings.MUNICIPALITY_NAME,
            "login_url": settings.SITE_URL + reverse("account_login"),
        }
        subject = render_subject("portal/privacy/email/inactivity_warning_subject.txt", context)
        body = render_text("portal/privacy/email/inactivity_warning.txt", context)
    send_email_task.delay(subject=subject, body=body, to=[user.email])


@shared_task
def build_council_report_task(*, kind: str, key: str, language: str) -> None:
    """Build one council report in one language, unless its newest version matches the data."""
    from portal.council import build

    build(kind=kind, key=key, language=language)
