from celery import shared_task

from wellbeing import services


@shared_task
def remind_round_deadlines_task() -> None:
    """Daily (wellbeing/schedule.py): remind a week and a day before an open round's deadline."""
    services.send_due_reminders()


@shared_task
def send_survey_mail_task() -> None:
    """Daily (wellbeing/schedule.py): the survey's invitation when it opens and a reminder a
    week before it closes; each association gets each once."""
    from wellbeing.followup_services import send_survey_mail

    send_survey_mail()
