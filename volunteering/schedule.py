from celery.schedules import crontab

BEAT_SCHEDULE = {
    "volunteering-remind-qualifications": {
        "task": "volunteering.tasks.remind_qualifications_task",
        "schedule": crontab(hour=7, minute=10),
    },
    "volunteering-delete-old-answers": {
        "task": "volunteering.tasks.delete_old_answers_task",
        "schedule": crontab(hour=3, minute=50),
    },
}
