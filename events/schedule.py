from celery.schedules import crontab

BEAT_SCHEDULE = {
    "events-remind-evenings": {
        "task": "events.tasks.remind_evenings_task",
        "schedule": crontab(minute=15),
    },
    "events-import-feeds": {
        "task": "events.tasks.import_feeds_task",
        "schedule": crontab(minute=40),
    },
}
