from celery import shared_task

from communication import services

# Seconds before trying again after the SMTP server failed to take a mail.
RETRY_AFTER = 300


@shared_task
def send_deliveries_task(message_id: int | None, announcement_id: int | None = None) -> None:
    """Send a batch of a message's (or an announcement's) mails; the next batch is a new task."""
    remaining, stopped = services.send_batch(message_id=message_id, announcement_id=announcement_id)
    if remaining:
        countdown = RETRY_AFTER if stopped else 0
        send_deliveries_task.apply_async((message_id, announcement_id), countdown=countdown)


@shared_task
def resume_sending_task() -> None:
    """Every few minutes (communication/schedule.py): resume sending left by a stopped worker."""
    for message_id, announcement_id in services.unfinished_sendings():
        send_deliveries_task.delay(message_id, announcement_id)


@shared_task
def announce_task(kind: str, object_id: int) -> None:
    """Mail one new item to its subscribers, if it was not announced before."""
    services.announce(kind=kind, object_id=object_id)


@shared_task
def announce_new_items_task() -> None:
    """Every quarter hour: announce grant rounds that opened, new events and news."""
    services.announce_new_items()


@shared_task
def forget_unconfirmed_task() -> None:
    """Nightly: forget subscriptions that were never confirmed."""
    services.forget_unconfirmed()
