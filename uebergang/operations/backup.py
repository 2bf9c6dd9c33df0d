"""Whole-database backup and restore for `manage.py backup` and `manage.py restore`.

PostgreSQL goes through pg_dump/pg_restore (custom format), SQLite through the online backup API of
Python's `sqlite3`, both with the connection settings of Django's default database. Every failure a
person can cause (missing file, existing file, a dump of the other database kind, a foreign file)
raises `BackupError` with a message meant to be printed as it is. A backup file appears only once it
is complete (written beside it and moved into place); a restore replaces the database in one step
(one SQLite backup step, one pg_restore transaction), so a failed restore leaves the old state.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient

SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRES_MAGIC = b"PGDMP"
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in German."""


def database_label(alias: str = "default") -> str:
    connection = connections[alias]
    return f"{KIND_NAMES.get(connection.vendor, connection.vendor)}-Datenbank „{connection.settings_dict['NAME']}“"


def backup(target: Path, *, force: bool = False, alias: str = "default") -> int:
    """Writes the whole database to `target`; returns the size of the file in bytes."""
    connection = connections[alias]
    _supported(connection.vendor)
    if target.is_dir():
        raise BackupError(f"{target} ist ein Verzeichnis; bitte einen Dateinamen angeben.")
    if not target.parent.is_dir():
        raise BackupError(f"Das Verzeichnis {target.parent} gibt es nicht.")
    if target.exists() and not force:
        raise BackupError(f"{target} gibt es schon; mit --force wird die Datei überschrieben.")
    if connection.vendor == "sqlite" and _is_live_sqlite_file(connection.settings_dict, target):
        raise BackupError(f"{target} ist die laufende Datenbank selbst; bitte eine andere Datei angeben.")
    if connection.in_atomic_block:
        raise BackupError("Eine Sicherung ist innerhalb einer offenen Transaktion nicht möglich.")
    handle, partial_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(partial_name)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            _run_postgres("pg_dump", connection.settings_dict, "--format=custom", f"--file={partial}")
        _move_into_place(partial, target, force=force)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def check(source: Path, *, alias: str = "default") -> None:
    """Refuses a file that is no backup of this kind of database, before anything is touched."""
    vendor = connections[alias].vendor
    _supported(vendor)
    if not source.exists():
        raise BackupError(f"Die Datei {source} gibt es nicht.")
    if not source.is_file():
        raise BackupError(f"{source} ist keine Datei.")
    try:
        with source.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{source} lässt sich nicht lesen: {error.strerror}.") from None
    found = "sqlite" if head == SQLITE_MAGIC else "postgresql" if head.startswith(POSTGRES_MAGIC) else None
    if found is None:
        raise BackupError(
            f"{source} ist keine Sicherung dieser Anwendung (weder eine SQLite-Datenbank noch ein "
            "pg_dump-Archiv im Custom-Format)."
        )
    if found != vendor:
        raise BackupError(
            f"{source} ist eine {KIND_NAMES[found]}-Sicherung, diese Installation nutzt aber "
            f"{KIND_NAMES[vendor]}. Sicherungen lassen sich nur in dieselbe Datenbankart zurückspielen."
        )
    if vendor == "sqlite":
        _check_sqlite(source)
    else:
        _check_postgres(source, connections[alias].settings_dict)


def restore(source: Path, *, alias: str = "default") -> None:
    """Replaces the whole database by the state in `source` (checked first)."""
    check(source, alias=alias)
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Eine Wiederherstellung ist innerhalb einer offenen Transaktion nicht möglich.")
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, source)
    else:
        connection.close()
        _run_postgres(
            "pg_restore",
            connection.settings_dict,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            str(source),
        )


def _supported(vendor: str) -> None:
    if vendor not in KIND_NAMES:
        raise BackupError(f"Sicherungen gibt es nur für SQLite und PostgreSQL, nicht für {vendor}.")


def _is_live_sqlite_file(settings_dict: dict[str, Any], target: Path) -> bool:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return False
    return Path(name).resolve() == target.resolve()


def _move_into_place(partial: Path, target: Path, *, force: bool) -> None:
    if force:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)  # fails instead of overwriting a file that appeared meanwhile
    except FileExistsError:
        raise BackupError(f"{target} gibt es schon; mit --force wird die Datei überschrieben.") from None
    except OSError:  # a file system without hard links
        os.replace(partial, target)


def _sqlite_backup(connection, partial: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(partial)
    try:
        connection.connection.backup(destination)
        # One self-contained file, without a write-ahead log beside it.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _open_sqlite_read_only(source: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)


def _check_sqlite(source: Path) -> None:
    try:
        with contextlib.closing(_open_sqlite_read_only(source)) as database:
            if database.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} ist beschädigt (SQLite-Prüfung fehlgeschlagen).")
            found = database.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} lässt sich nicht als SQLite-Datenbank lesen: {error}.") from None
    if not found:
        raise BackupError(f"{source} ist eine SQLite-Datenbank, aber keine Sicherung dieser Anwendung.")


def _sqlite_restore(connection, source: Path) -> None:
    connection.ensure_connection()
    try:
        with contextlib.closing(_open_sqlite_read_only(source)) as database:
            database.backup(connection.connection)  # one step: the database changes wholly or not at all
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"Die Datenbank ließ sich nicht ersetzen ({error}); laufen App oder Worker noch?"
        ) from None
    finally:
        connection.close()


def _check_postgres(source: Path, settings_dict: dict[str, Any]) -> None:
    listing = _run_postgres("pg_restore", settings_dict, "--list", str(source), connect=False)
    if " django_migrations " not in listing:
        raise BackupError(f"{source} ist ein pg_dump-Archiv, aber keine Sicherung dieser Anwendung.")


def _run_postgres(program: str, settings_dict: dict[str, Any], *arguments: str, connect: bool = True) -> str:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} wurde nicht gefunden; bitte die PostgreSQL-Client-Programme installieren."
        )
    command = [executable]
    env = dict(os.environ)
    if connect:
        # Host, port, user and name as options; the password only in the environment, never as an argument.
        _, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
        env.update(extra or {})
        for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
            if settings_dict.get(key):
                command.append(f"{option}={settings_dict[key]}")
        if settings_dict.get("NAME"):
            command.append(f"--dbname={settings_dict['NAME']}")
    command.extend(arguments)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-5:]) or f"Rückgabewert {result.returncode}"
        raise BackupError(f"{program} ist fehlgeschlagen:\n{detail}")
    return result.stdout
