from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections, transaction

from portal.database import APPEND_ONLY_TABLES, grant_app_role


class Command(BaseCommand):
    help = (
        "Create the role the portal connects as (DATABASE_URL's user) if needed and let it read "
        "and write rows, and nothing more: it cannot truncate, drop or alter a table, and it "
        "may only read and add to the audit log. Run as the owner after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default="owner", help="The owner's connection (default: owner)."
        )
        parser.add_argument(
            "--role", help="The role to grant to (default: the user of DATABASE_URL)."
        )

    def handle(self, *args, database="owner", role=None, **options):
        connection = connections[database]
        app = settings.DATABASES["default"]
        password = app.get("PASSWORD") or None
        if role is None:
            role = app["USER"]
        elif role != app.get("USER"):
            password = None
        if role == connection.settings_dict["USER"]:
            self.stdout.write(
                f"The portal connects as the tables' owner {role!r}: nothing to grant. "
                "Give it a role of its own with DATABASE_OWNER_URL (see README.md)."
            )
            return
        with transaction.atomic(using=database), connection.cursor() as cursor:
            created = grant_app_role(cursor, role=role, password=password)
        read_only = ", ".join(APPEND_ONLY_TABLES)
        self.stdout.write(
            f"{'Created' if created else 'Updated'} role {role!r}: it reads and writes the rows "
            f"of every table in {connection.settings_dict['NAME']!r} (only reads and adds to "
            f"{read_only}) and owns nothing."
        )
