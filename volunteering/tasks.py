from celery import shared_task

from volunteering import services


@shared_task
def remind_qualifications_task() -> None:
    """Daily (volunteering/schedule.py): remind of qualifications lapsing within a month."""
    services.send_qualification_reminders()


@shared_task
def delete_old_answers_task() -> None:
    """Daily (volunteering/schedule.py): delete answers a year after their task's last day."""
    services.delete_old_answers()
