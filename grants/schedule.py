from celery.schedules import crontab

BEAT_SCHEDULE = {
    "grants-remind-deadlines": {
        "task": "grants.tasks.remind_grant_deadlines_task",
        "schedule": crontab(hour=8, minute=0),
    },
}
