import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal.database import libpq_environment, pg_tool
from portal.management.commands.backup import upload_folders, uploads_archive


class Command(BaseCommand):
    help = (
        "Put a backup made by `backup PATH` back: every table of the database is replaced by "
        "the dump's, and the uploads are written back into MEDIA_ROOT and PRIVATE_MEDIA_ROOT. "
        "Stop the web server and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The dump that `backup` wrote.")
        parser.add_argument(
            "--database", default="owner", help="The connection to restore into (default: owner)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be replaced, change nothing."
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask first."
        )

    def handle(self, *args, path, database="owner", dry_run=False, interactive=True, **options):
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        archive = uploads_archive(path)
        connection = connections[database]
        # Connecting first means a test that has not asked for this database is refused here,
        # before pg_restore could reach the real one.
        connection.ensure_connection()
        name = connection.settings_dict["NAME"]
        plan = [f"replace every table of database {name!r} with those in {path}"]
        if archive.is_file():
            plan += [
                f"write the {label}/ files of {archive} into {folder}"
                for label, folder in upload_folders().items()
            ]
        else:
            plan.append(f"leave the uploads as they are: there is no {archive}")
        if dry_run:
            for step in plan:
                self.stdout.write(f"Would {step}")
            return
        if interactive:
            self.stdout.write("This will\n" + "".join(f"  - {step}\n" for step in plan))
            self.stdout.write("Rows added since the backup are lost. ", ending="")
            if input("Type 'yes' to restore: ") != "yes":
                raise CommandError("Nothing was restored.")

        pg_restore = pg_tool("pg_restore", connection.pg_version)  # type: ignore[attr-defined]
        connection.close()
        result = subprocess.run(  # noqa: S603
            [
                pg_restore,
                "--clean",
                "--if-exists",
                # Owners and grants come from this database's roles, not the backed-up one's.
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                name,
                str(path),
            ],
            env=libpq_environment(connection.settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed; the database is as it was:\n{result.stderr}")
        call_command("grant_portal_role", database=database, stdout=self.stdout)
        if archive.is_file():
            self._restore_uploads(archive)
        self.stdout.write(f"Restored database {name!r} from {path}.")

    def _restore_uploads(self, archive: Path) -> None:
        folders = upload_folders()
        with tempfile.TemporaryDirectory() as unpacked, tarfile.open(archive) as tar:
            # The "data" filter refuses links and paths that would leave the folder.
            tar.extractall(unpacked, filter="data")
            for label, folder in folders.items():
                source = Path(unpacked) / label
                if source.is_dir():
                    shutil.copytree(source, folder, dirs_exist_ok=True)
                    self.stdout.write(f"Uploads written back into {folder}.")
