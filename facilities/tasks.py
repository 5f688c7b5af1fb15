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


@shared_task
def remind_lease_renewals_task() -> None:
    """Daily (facilities/schedule.py): remind once about the long-term uses that end soon."""
    from facilities import leases

    leases.send_renewal_reminders()


# --- Seasonal rounds -------------------------------------------------------------------------


def _send_season_mail(application_id: int, template: str, subject_text) -> None:
    from facilities.models import SeasonApplication

    application = SeasonApplication.objects.select_related(
        "season_round", "association", "created_by"
    ).get(pk=application_id)
    recipient = application.created_by
    needs = application.needs.prefetch_related("wishes__space", "turns__space", "turns__series")
    with translation.override(recipient.preferred_language):
        subject = str(subject_text(application))
        body = render_text(
            template,
            {
                "application": application,
                "needs": needs,
                "site_url": getattr(settings, "SITE_URL", ""),
            },
        )
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_season_receipt_task(application_id: int) -> None:
    """The receipt of a seasonal application, in the applicant's language."""
    _send_season_mail(
        application_id,
        "facilities/seasons/email/receipt.txt",
        lambda application: (
            _("Your application to %(round)s was received")
            % {"round": application.season_round.name}
        ),
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_season_results_task(application_id: int) -> None:
    """The association's turns (or the refusal and its reason), in the applicant's language."""
    _send_season_mail(
        application_id,
        "facilities/seasons/email/results.txt",
        lambda application: (
            _("The results of %(round)s") % {"round": application.season_round.name}
        ),
    )
