from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events import feeds
from events.models import ExternalFeed


class Command(BaseCommand):
    help = (
        "Import the neighbouring municipalities' calendar feeds now, as the hourly task does; "
        "--file reads one feed's calendar from a file instead of its address."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, help="Only the feed with this id.")
        parser.add_argument(
            "--file", type=Path, help="An .ics file to import for the feed given with --feed."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read the calendars and tell; change nothing."
        )

    def handle(self, *args, feed=None, file=None, dry_run=False, **options):
        if file is not None and feed is None:
            raise CommandError("--file needs --feed: the feed the calendar belongs to.")
        chosen = ExternalFeed.objects.all()
        if feed is not None:
            chosen = chosen.filter(pk=feed)
            if not chosen.exists():
                raise CommandError(f"No feed with id {feed}.")
        content = file.read_bytes() if file is not None else None
        for row in chosen:
            self.stdout.write(f"{row}: ", ending="")
            if dry_run:
                self._try(row, content)
                continue
            result = feeds.refresh_feed(feed=row, content=content)
            if result is None:
                self.stdout.write(f"failed: {row.last_error}")
            else:
                self.stdout.write(
                    f"{result.created} new, {result.updated} changed, {result.removed} removed."
                )

    def _try(self, feed: ExternalFeed, content: bytes | None) -> None:
        try:
            items = feeds.parse(content if content is not None else feeds.fetch(feed.url))
        except feeds.FeedError as error:
            self.stdout.write(f"would fail: {error.message}")
        else:
            self.stdout.write(f"{len(items)} events in the calendar (dry run, nothing changed).")
