import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from portal.demo import DEMO_PASSWORD, login_table

# The demo, step by step: (module, function). Later steps use what earlier ones made; an app
# that has no demo module yet is skipped.
DEMO_STEPS = [
    ("portal.demo", "seed"),
    ("organizations.demo", "seed"),
    ("organizations.demo_history", "seed"),
    ("portal.demo", "link_representatives"),
    ("grants.demo", "seed"),
    ("grants.demo_agents", "seed"),
    ("facilities.demo", "seed"),
    ("events.demo", "seed"),
    ("wellbeing.demo", "seed"),
    ("communication.demo", "seed"),
    ("volunteering.demo", "seed"),
]
DEMO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = (
        "Fill the database with an invented municipality, its associations and users. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be made, then roll back."
        )

    def handle(self, *args, dry_run=False, **options):
        if not settings.DEBUG:
            # The demo accounts share a published password: never in production.
            raise CommandError("The demo is for development only: set DJANGO_DEBUG=true.")
        # The demo goes through the services, which send e-mail: keep it out of the console.
        with override_settings(EMAIL_BACKEND=DEMO_EMAIL_BACKEND), transaction.atomic():
            for module_name, function in DEMO_STEPS:
                if importlib.util.find_spec(module_name) is None:
                    continue
                self.stdout.write(f"{module_name}.{function}: ", ending="")
                getattr(importlib.import_module(module_name), function)(stdout=self.stdout)
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was saved.")
                return
        self.stdout.write(self.style.SUCCESS(f"\nDemo log-ins (password: {DEMO_PASSWORD})"))
        for email, shown in login_table():
            self.stdout.write(f"  {email:32} {shown}")
