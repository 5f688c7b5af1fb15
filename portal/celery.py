"""The Celery app. Without REDIS_URL, tasks run eagerly in the calling process."""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def add_app_schedules(sender, **kwargs):
    """Each app keeps its periodic tasks in <app>/schedule.py as BEAT_SCHEDULE."""
    from django.conf import settings

    for app_name in settings.INSTALLED_APPS:
        try:
            module = importlib.import_module(f"{app_name}.schedule")
        except ModuleNotFoundError:
            continue
        sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
