"""Numbers that one page shows in several of its parts, read together in one statement.

The info hub's sections each show a figure of their app (spaces, coming events, open tasks),
and the officer's dashboard one count per queue. Each is a small query, and a round trip to the
database cost more than most of them. So each app declares its counts on the page's `Tally`
when its template tags are imported, and the first part of a page that asks for one reads
every count of that page the user may see, in one statement; the others find theirs kept on
the request.
"""

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from portal.database import CompiledStatements

if TYPE_CHECKING:
    from django.db.models import QuerySet


def _everyone(user) -> bool:
    return True


def _no_values(user) -> tuple:
    return ()


@dataclasses.dataclass(frozen=True)
class Count:
    """One count of a tally: the rows `queryset(*values(user))` finds, for the users
    `shown_to` lets see it."""

    tally: "Tally"
    name: str
    queryset: Callable[..., "QuerySet"]
    values: Callable[[Any], tuple]
    shown_to: Callable[[Any], bool]

    def read(self, request) -> int | None:
        """The count for the request's user; None for a user who is not shown it."""
        return self.tally.read(request, self.name)


class Tally:
    """The counts of one page, each declared once by the app that shows it."""

    def __init__(self, name: str, size: int = 32):
        self._attribute = f"_tally_{name}"
        self._counts: dict[str, Count] = {}
        # Per count and number of values; planned once per connection (their plans do not
        # depend on the values: lookups by status, date or sector).
        self._statements = CompiledStatements(size, prepared=True)

    def count(
        self,
        name: str,
        queryset: Callable[..., "QuerySet"],
        *,
        values: Callable[[Any], tuple] = _no_values,
        shown_to: Callable[[Any], bool] = _everyone,
    ) -> Count:
        """Declare a count of the page (again under the same name replaces it)."""
        count = Count(self, name, queryset, values, shown_to)
        self._counts[name] = count
        return count

    def read(self, request, name: str) -> int | None:
        """The named count, read with every other count of the page not read yet for this
        request (a part declared after the first read, on a worker's first page, is read then)."""
        kept: dict[str, int | None] = request.__dict__.setdefault(self._attribute, {})
        if name not in kept:
            unread = [count for declared, count in self._counts.items() if declared not in kept]
            shown = [count for count in unread if count.shown_to(request.user)]
            kept.update(dict.fromkeys((count.name for count in unread), None))
            numbers = self._statements.counts(
                [(count.name, count.queryset, *count.values(request.user)) for count in shown]
            )
            kept.update(zip((count.name for count in shown), numbers, strict=True))
        return kept[name]


# The info hub's figures, and the work waiting in each of an officer's queues.
HOME = Tally("home")
WAITING = Tally("waiting")
