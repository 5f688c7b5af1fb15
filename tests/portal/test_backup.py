"""`make backup` and `make restore`: the database and the uploads, and back again."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import AssociationFactory


@pytest.fixture
def uploads(settings, tmp_path):
    """Upload folders of the test's own, with a file in each."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    (tmp_path / "media" / "logos").mkdir(parents=True)
    (tmp_path / "media" / "logos" / "seura.png").write_bytes(b"logo")
    (tmp_path / "private" / "attachments").mkdir(parents=True)
    (tmp_path / "private" / "attachments" / "budget.pdf").write_bytes(b"budget")
    return tmp_path


@pytest.fixture
def fresh_database():
    """An empty database next to the test database, dropped afterwards; yields its URL."""
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_fresh"
    params = {
        "user": settings_dict["USER"],
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    port = f":{params['port']}" if params["port"] else ""
    url = f"postgres://{quote(params['user'])}:{quote(params['password'] or '')}@{port}/{name}"
    yield (
        url + (f"?host={quote(params['host'])}" if params["host"] else ""),
        params | {"dbname": name},
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage(
    *args: str, database_url: str, uploads: Path, answer: str = ""
) -> subprocess.CompletedProcess:
    """Run manage.py as an operator would, on the given database and upload folders."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(uploads / "media"),
        "PRIVATE_MEDIA_ROOT": str(uploads / "private"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        input=answer,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_backup_restored_into_a_fresh_database_has_the_data_and_the_uploads(
    transactional_db, uploads, fresh_database, tmp_path
):
    url, fresh = fresh_database
    AssociationFactory(name="Varmuuskopioitu ry")
    dump = uploads / "backups" / "portal.dump"
    call_command("backup", dump, database="default")

    restore = manage("restore", str(dump), "--no-input", database_url=url, uploads=tmp_path / "new")

    assert restore.returncode == 0, restore.stderr
    with psycopg.connect(**fresh) as restored:
        names = restored.execute("SELECT name FROM organizations_association").fetchall()
    assert names == [("Varmuuskopioitu ry",)]
    assert (tmp_path / "new" / "media" / "logos" / "seura.png").read_bytes() == b"logo"
    assert (tmp_path / "new" / "private" / "attachments" / "budget.pdf").read_bytes() == b"budget"


def test_backup_dry_run_writes_nothing(db, uploads, capsys):
    dump = uploads / "backups" / "portal.dump"

    call_command("backup", dump, database="default", dry_run=True)

    assert not (uploads / "backups").exists()
    assert f"Would dump database {connection.settings_dict['NAME']!r}" in capsys.readouterr().out


def test_backup_does_not_overwrite_an_earlier_one(db, uploads):
    dump = uploads / "portal.dump"
    dump.write_bytes(b"earlier")

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", dump, database="default")

    assert dump.read_bytes() == b"earlier"


def test_restore_asks_first_and_changes_nothing_unless_told_yes(
    transactional_db, uploads, fresh_database, tmp_path
):
    url, fresh = fresh_database
    dump = uploads / "backups" / "portal.dump"
    call_command("backup", dump, database="default")

    restore = manage(
        "restore", str(dump), database_url=url, uploads=tmp_path / "new", answer="no\n"
    )

    assert restore.returncode != 0
    assert "replace every table" in restore.stdout
    assert "Nothing was restored" in restore.stderr
    with psycopg.connect(**fresh) as untouched:
        tables = untouched.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
    assert not (tmp_path / "new").exists()
