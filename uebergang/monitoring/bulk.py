"""Writing many rows fast: COPY on PostgreSQL, `executemany` in large chunks elsewhere (SQLite)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

SQLITE_CHUNK = 20_000


@contextmanager
def row_writer(model, fields: tuple[str, ...]) -> Iterator[Callable[[tuple], None]]:
    """A function that writes one tuple of values for `fields` (model field names, ids for relations).

    On PostgreSQL the connection is busy with the COPY until the block ends: run no query inside it.
    Django's wrapper turns psycopg's errors (a unique violation at the end of COPY) into its own.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # (psycopg's QueuedLibpqWriter, sending from a second thread, measured slower here: the GIL.)
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                yield copy.write_row
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names only
        chunk: list[tuple] = []
        append = chunk.append

        def write(row: tuple) -> None:
            append(row)
            if len(chunk) >= SQLITE_CHUNK:
                cursor.executemany(sql, chunk)
                chunk.clear()

        yield write
        if chunk:
            cursor.executemany(sql, chunk)


def write_rows(model, fields: tuple[str, ...], rows) -> int:
    """Write an iterable of tuples; returns how many."""
    written = 0
    with row_writer(model, fields) as write:
        for row in rows:
            write(row)
            written += 1
    return written
