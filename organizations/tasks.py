from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from organizations.models import Membership


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
        subject = render_to_string("organizations/email/membership_decision_subject.txt", context)
        body = render_to_string("organizations/email/membership_decision.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
