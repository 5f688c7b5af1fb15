from celery.schedules import crontab

BEAT_SCHEDULE = {
    "communication-resume-sending": {
        "task": "communication.tasks.resume_sending_task",
        "schedule": crontab(minute="*/5"),
    },
    "communication-announce-new-items": {
        "task": "communication.tasks.announce_new_items_task",
        "schedule": crontab(minute="*/15"),
    },
    "communication-forget-unconfirmed": {
        "task": "communication.tasks.forget_unconfirmed_task",
        "schedule": crontab(hour=4, minute=10),
    },
}
