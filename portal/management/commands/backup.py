import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal.database import libpq_environment, pg_tool


def uploads_archive(dump: Path) -> Path:
    """The uploads of a backup lie next to its database dump: x.dump and x.uploads.tar."""
    return dump.with_suffix(".uploads.tar")


def upload_folders() -> dict[str, Path]:
    """The folders of uploaded files, by their name inside the archive."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.STORAGES["private"]["OPTIONS"]["location"]),  # type: ignore[index]
    }


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) to PATH and the uploads (MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT) to a tar next to it; `restore PATH` puts both back."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The dump to write, e.g. backups/portal.dump")
        parser.add_argument(
            "--database", default="owner", help="The connection to dump (default: owner)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be written, write nothing."
        )

    def handle(self, *args, path, database="owner", dry_run=False, **options):
        archive = uploads_archive(path)
        for target in (path, archive):
            if target.exists():
                raise CommandError(f"{target} exists already; choose another name.")
        connection = connections[database]
        # Connecting first means a test that has not asked for this database is refused here,
        # before pg_dump could reach the real one.
        connection.ensure_connection()
        name = connection.settings_dict["NAME"]
        folders = {label: folder for label, folder in upload_folders().items() if folder.is_dir()}
        if dry_run:
            self.stdout.write(f"Would dump database {name!r} to {path}")
            for label, folder in folders.items():
                self.stdout.write(f"Would archive {folder} as {label}/ in {archive}")
            return

        pg_dump = pg_tool("pg_dump", connection.pg_version)  # type: ignore[attr-defined]
        path.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(  # noqa: S603
            [pg_dump, "--format=custom", f"--file={path}", "--dbname", name],
            env=libpq_environment(connection.settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            path.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed:\n{result.stderr}")
        with tarfile.open(archive, "w") as tar:
            for label, folder in folders.items():
                tar.add(folder, arcname=label)
        self.stdout.write(f"Database {name!r} dumped to {path}; uploads archived in {archive}.")
