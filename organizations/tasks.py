from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation

from organizations.models import Membership
from portal.mail import render_subject, render_text
from portal.models import RoleGrant, User


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_membership_decision_task(membership_id: int) -> None:
    """Tell the user, in their own language, whether they may now act for the association."""
    membership = Membership.objects.select_related("user", "association").get(pk=membership_id)
    user = membership.user
    with translation.override(user.preferred_language):
        context = {
            "membership": membership,
            "user": user,
            "association": membership.association,
            "approved": membership.status == Membership.Status.APPROVED,
            "municipality": settings.MUNICIPALITY_NAME,
        }
        subject = render_subject("organizations/email/membership_decision_subject.txt", context)
        body = render_text("organizations/email/membership_decision.txt", context)
    send_mail(subject, body, None, [user.email])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_officers_of_request_task(membership_id: int) -> None:
    """Tell the liaison officers, each in their own language, that a request is waiting."""
    membership = Membership.objects.select_related("user", "association").get(pk=membership_id)
    officers = User.objects.filter(
        is_active=True, role_grants__role=RoleGrant.Role.LIAISON_OFFICER
    ).distinct()
    for officer in officers:
        with translation.override(officer.preferred_language):
            context = {
                "membership": membership,
                "officer": officer,
                "association": membership.association,
                # SITE_URL (e.g. https://yhdistykset.example.fi) makes the link absolute.
                "queue_url": getattr(settings, "SITE_URL", "")
                + reverse("organizations:membership_queue"),
            }
            subject = render_subject("organizations/email/request_waiting_subject.txt", context)
            body = render_text("organizations/email/request_waiting.txt", context)
        send_mail(subject, body, None, [officer.email])
