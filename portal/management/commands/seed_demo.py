import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# The apps whose demo.py adds to the demo municipality, in order: later ones use earlier ones.
DEMO_APPS = ["portal", "organizations", "grants", "facilities"]


class Command(BaseCommand):
    help = (
        "Fill the database with an invented municipality, its associations and users. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be made, then roll back."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                self.stdout.write(f"{app}: ", ending="")
                module.seed(stdout=self.stdout)
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was saved.")
