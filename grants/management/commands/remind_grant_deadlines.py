from django.core.management.base import BaseCommand

from grants import services


class Command(BaseCommand):
    help = "Remind drafts of rounds that close soon and grantees whose use report is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for application in services.drafts_to_remind():
                self.stdout.write(f"draft: {application} ({application.grant_round})")
            for application in services.reports_to_remind():
                self.stdout.write(f"use report: {application} ({application.grant_round})")
            self.stdout.write("Dry run: nothing was sent.")
            return
        count = services.send_reminders()
        self.stdout.write(f"Sent {count} reminders.")
