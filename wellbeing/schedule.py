from celery.schedules import crontab

BEAT_SCHEDULE = {
    # In the morning, so that the reminder arrives on a working day's start; a rerun sends none.
    "wellbeing-remind-round-deadlines": {
        "task": "wellbeing.tasks.remind_round_deadlines_task",
        "schedule": crontab(hour=8, minute=5),
    },
    "wellbeing-send-survey-mail": {
        "task": "wellbeing.tasks.send_survey_mail_task",
        "schedule": crontab(hour=8, minute=20),
    },
}
