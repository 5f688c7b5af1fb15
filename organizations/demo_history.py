"""The demo register's past: the associations entered the register over the last three years.

Without this every demo association would have entered today, and the council's report of an
earlier year would show an empty register.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from organizations.models import Association


def entered_on(index: int, today: date) -> date:
    """A fixed day in the last three years for the index-th association, never in the future."""
    day = date(today.year - 2 + index % 3, 1 + (index * 5) % 12, 1 + (index * 7) % 27)
    return min(day, today)


@transaction.atomic
def seed(*, stdout) -> None:
    """Date each demo association's entry into the register; running again changes nothing."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    moved = 0
    for index, pk in enumerate(Association.objects.order_by("pk").values_list("pk", flat=True)):
        entered = datetime.combine(entered_on(index, today), time(12), tzinfo=tz)
        moved += Association.history.filter(id=pk, history_date__gt=entered).update(
            history_date=entered
        )
    stdout.write(f"{moved} register history entries dated to the associations' entry.")
