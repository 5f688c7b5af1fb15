from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from facilities.models import Booking, BookingSeries
from portal.mail import render_text


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_message_task(booking_id: int, status: str) -> None:
    """Tell the association's booker what happened, in the booker's own language."""
    booking = Booking.objects.select_related(
        "space", "space__site", "association", "booked_by"
    ).get(pk=booking_id)
    recipient = booking.booked_by
    with translation.override(recipient.preferred_language):
        subjects: dict[str, str] = {
            Booking.Status.PENDING: _("Your booking request was received"),
            Booking.Status.CONFIRMED: _("Your booking is confirmed"),
            Booking.Status.DENIED: _("Your booking request was denied"),
            Booking.Status.CANCELLED: _("Your booking was cancelled"),
        }
        subject = subjects[status]
        body = render_text(
            "facilities/email/booking_message.txt",
            {"booking": booking, "status": status, "site_url": getattr(settings, "SITE_URL", "")},
        )
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_series_message_task(series_id: int, status: str, booking_ids: list[int]) -> None:
    """Tell the series' booker in one e-mail what was decided on the listed dates."""
    series = BookingSeries.objects.select_related(
        "space", "space__site", "association", "booked_by"
    ).get(pk=series_id)
    bookings = list(Booking.objects.filter(pk__in=booking_ids).order_by("starts_at"))
    recipient = series.booked_by
    with translation.override(recipient.preferred_language):
        subjects: dict[str, str] = {
            Booking.Status.CONFIRMED: _("Your booking series is confirmed"),
            Booking.Status.DENIED: _("Your booking series was denied"),
        }
        subject = subjects[status]
        body = render_text(
            "facilities/email/series_message.txt",
            {
                "series": series,
                "bookings": bookings,
                "status": status,
                "reason": bookings[0].decision_reason if bookings else "",
                "site_url": getattr(settings, "SITE_URL", ""),
            },
        )
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
    )
