from celery.schedules import crontab

BEAT_SCHEDULE = {
    "portal-apply-retention": {
        "task": "portal.tasks.apply_retention_task",
        "schedule": crontab(hour=3, minute=30),
    },
}
