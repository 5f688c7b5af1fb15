"""Announce a grant round that opens or an event that is published, after the commit.

The receivers only schedule the task; whether the item is new and whom it goes to is decided
in services.announce. A round that opens later is found by the quarter-hourly task.
"""

from communication.models import Announcement


def grant_round_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.is_published and instance.is_open():
        from communication.tasks import announce_task

        announce_task.delay_on_commit(Announcement.Kind.GRANT_ROUND, instance.pk)


def event_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.status == "published":
        from communication.tasks import announce_task

        announce_task.delay_on_commit(Announcement.Kind.EVENT, instance.pk)
