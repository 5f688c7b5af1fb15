from celery import shared_task

from events import evenings, feeds
from events.models import ExternalFeed


@shared_task
def send_evening_invitations_task(evening_id: int) -> None:
    """Send an evening's invitations a batch at a time; the next batch is a task of its own."""
    remaining = evenings.send_invitation_batch(evening_id=evening_id)
    if remaining:
        send_evening_invitations_task.delay_on_commit(evening_id)


@shared_task
def remind_evenings_task() -> None:
    """Hourly (events/schedule.py): remind the invited associations two days before."""
    evenings.send_due_reminders()


@shared_task
def import_feeds_task() -> None:
    """Hourly (events/schedule.py): import every neighbouring calendar, each a task of its own."""
    for feed_id in ExternalFeed.objects.values_list("pk", flat=True):
        import_feed_task.delay(feed_id)


@shared_task
def import_feed_task(feed_id: int) -> None:
    """Import one feed; a failure is kept on the feed for the officer and tried next hour."""
    feed = ExternalFeed.objects.filter(pk=feed_id).first()
    if feed is not None:
        feeds.refresh_feed(feed=feed)
