from celery.schedules import crontab

BEAT_SCHEDULE = {
    "facilities-remind-lease-renewals": {
        "task": "facilities.tasks.remind_lease_renewals_task",
        "schedule": crontab(hour=7, minute=5),
    },
}
