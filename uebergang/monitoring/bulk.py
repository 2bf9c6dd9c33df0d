"""Writing many rows fast: binary COPY on PostgreSQL, multi-row INSERTs in large chunks elsewhere (SQLite)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain

from django.db import connection

from uebergang.lib import pagecache

SQLITE_CHUNK = 20_000
SQLITE_VARIABLES = 999  # SQLite's lowest limit of parameters per statement


@contextmanager
def row_writer(model, fields: tuple[str, ...]) -> Iterator[Callable[[tuple], None]]:
    """A function that writes one tuple of values for `fields` (model field names, ids for relations).

    Values are Python objects of each column's type (a `date` for a date column, not its text): on
    PostgreSQL they go through a binary COPY, which psycopg packs in C at about half the client time of a
    text COPY (the server's time is the same). The connection is busy with the COPY until the block
    ends: run no query inside it. Django's wrapper turns psycopg's errors into its own.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = [model._meta.get_field(name).column for name in fields]
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [model._meta.db_table],
            )
            types = dict(cursor.fetchall())
            # (psycopg's QueuedLibpqWriter, sending from a second thread, measured slower here: the GIL.)
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
            ):
                copy.set_types([types[name] for name in names])
                yield copy.write_row
            pagecache.written(connection)  # COPY passes no execute wrapper
            return
        # Many rows per INSERT (a statement per row costs ~30 % more on SQLite, bench/README.md).
        per_statement = max(1, SQLITE_VARIABLES // len(fields))
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        insert = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names only
        many, single = insert + ", ".join([one] * per_statement), insert + one
        chunk: list[tuple] = []
        append = chunk.append

        def flush() -> None:
            full = len(chunk) - len(chunk) % per_statement
            if full:
                cursor.executemany(
                    many,
                    [
                        tuple(chain.from_iterable(chunk[i : i + per_statement]))
                        for i in range(0, full, per_statement)
                    ],
                )
            if full < len(chunk):
                cursor.executemany(single, chunk[full:])
            chunk.clear()

        def write(row: tuple) -> None:
            append(row)
            if len(chunk) >= SQLITE_CHUNK:
                flush()

        yield write
        flush()


def write_rows(model, fields: tuple[str, ...], rows) -> int:
    """Write an iterable of tuples; returns how many."""
    written = 0
    with row_writer(model, fields) as write:
        for row in rows:
            write(row)
            written += 1
    return written
