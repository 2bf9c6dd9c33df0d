"""Backup and restore on the database the suite runs on (SQLite by default, PostgreSQL with --postgres).

The round trip loads the demo data, backs it up with the command, damages it, restores it with the
command and compares every table row by row, then proves the audit trail is append-only again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from uebergang.audit.models import AuditEvent
from uebergang.audit.triggers import TABLE as AUDIT_TABLE
from uebergang.offerings.models import Offering


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        state = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()
            ]
            state[table] = sorted(rows, key=repr)
    return state


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_table(reseeded, tmp_path: Path, capsys) -> None:
    call_command("demo_data")
    before = snapshot()
    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert model_tables <= set(before), "every model's table is compared"
    assert before[AUDIT_TABLE] and before[Offering._meta.db_table]

    target = tmp_path / "uebergang.backup"
    call_command("backup", str(target))
    assert "Sicherung der" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.partial"))

    referred = apps.get_model("cases", "Referral").objects.values("offering_id")
    Offering.objects.exclude(pk__in=referred).delete()
    AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_email="nachher@example.org")
    apps.get_model("accounts", "User").objects.update(full_name="Geändert")
    assert snapshot() != before

    call_command("restore", str(target), interactive=False)
    assert "wiederhergestellt" in capsys.readouterr().out

    after = snapshot()
    assert set(after) == set(before)
    for table, rows in before.items():
        assert after[table] == rows, f"table {table} differs after restore"

    # The append-only triggers came back with the restore.
    for statement in (f"UPDATE {AUDIT_TABLE} SET actor_email = 'x'", f"DELETE FROM {AUDIT_TABLE}"):  # noqa: S608
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert snapshot()[AUDIT_TABLE] == before[AUDIT_TABLE]


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "old.backup"
    target.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="gibt es schon; mit --force"):
        call_command("backup", str(target))
    assert target.read_bytes() == b"keep me"

    call_command("backup", str(target), force=True)
    assert target.read_bytes() != b"keep me"


@pytest.mark.django_db
def test_backup_into_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("backup", str(tmp_path / "nowhere" / "x.backup"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "gibt es nicht"),
        (b"", "keine Sicherung dieser Anwendung"),
        (b"name;email\nA;a@example.org\n", "keine Sicherung dieser Anwendung"),
    ],
)
def test_restore_refuses_missing_and_foreign_files(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    source = tmp_path / "input.backup"
    if content is not None:
        source.write_bytes(content)
    users = apps.get_model("accounts", "User").objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(source), interactive=False)
    assert apps.get_model("accounts", "User").objects.count() == users


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_database_kind(tmp_path: Path) -> None:
    source = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        source.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        expected = "PostgreSQL-Sicherung, diese Installation nutzt aber SQLite"
    else:
        with sqlite3.connect(source) as database:
            database.execute("CREATE TABLE django_migrations (id integer)")
        expected = "SQLite-Sicherung, diese Installation nutzt aber PostgreSQL"
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(source), interactive=False)


@pytest.mark.django_db
def test_restore_refuses_an_sqlite_file_of_another_application(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("an SQLite file is refused as the wrong kind on PostgreSQL")
    source = tmp_path / "other.sqlite3"
    with sqlite3.connect(source) as database:
        database.execute("CREATE TABLE notes (id integer)")
    with pytest.raises(CommandError, match="keine Sicherung dieser Anwendung"):
        call_command("restore", str(source), interactive=False)


@pytest.mark.django_db(transaction=True)
def test_restore_asks_and_changes_nothing_without_yes(tmp_path: Path, monkeypatch, capsys) -> None:
    target = tmp_path / "empty.backup"
    call_command("backup", str(target))
    user = apps.get_model("accounts", "User").objects.create(email="nachher@example.org")
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "nein")
    call_command("restore", str(target))
    assert "vollständig durch den Stand aus" in prompts[0]
    assert "Abgebrochen" in capsys.readouterr().out
    assert apps.get_model("accounts", "User").objects.filter(pk=user.pk).exists()

    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    call_command("restore", str(target))
    assert not apps.get_model("accounts", "User").objects.filter(pk=user.pk).exists()
