from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from uebergang.audit.models import AppendOnlyError, AuditEvent
from uebergang.audit.record import record


@pytest.fixture
def event(cast):
    return record(
        AuditEvent.Action.TENANT_UPDATED, actor=cast.coordinator, tenant=cast.tenant_a, obj=cast.tenant_a
    )


def test_record_snapshots_actor_and_object(event, cast):
    event.refresh_from_db()
    assert event.actor_email == cast.coordinator.email
    assert event.object_type == "tenants.tenant" and event.object_id == str(cast.tenant_a.pk)
    assert event.object_repr == "Kreis Alpha"


def test_record_writes_in_the_callers_transaction(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(AuditEvent.Action.TENANT_UPDATED, actor=cast.coordinator, tenant=cast.tenant_a)
        raise RuntimeError("the caller's write fails")
    assert not AuditEvent.objects.exists()


def test_the_orm_refuses_changes(event):
    event.action = AuditEvent.Action.LOGIN
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_email="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET actor_email = 'x'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_changes_even_in_raw_sql(event, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    event.refresh_from_db()
    assert event.actor_email != "x"


def test_postgres_also_refuses_truncate(event):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_a_user_keeps_their_events(event, cast):
    cast.coordinator_b.delete()  # a person leaving must not rewrite the trail
    user = cast.coordinator
    user.memberships.all().delete()
    user.delete()
    event.refresh_from_db()
    assert event.actor_email == "coordinator@a.example.org"


def test_sqlite_refuses_insert_or_replace_of_an_existing_event(event):
    """REPLACE deletes the old row without firing delete triggers; the insert trigger refuses it."""
    if connection.vendor != "sqlite":
        pytest.skip(
            "INSERT OR REPLACE exists on SQLite only (PostgreSQL's ON CONFLICT fires the update trigger)"
        )
    columns = [field.column for field in AuditEvent._meta.concrete_fields]
    names = ", ".join(columns)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT OR REPLACE INTO audit_auditevent ({names}) "  # noqa: S608
            f"SELECT {', '.join('?' if c == 'actor_email' else c for c in columns)} "
            "FROM audit_auditevent WHERE id = ?",
            ["umgeschrieben@example.org", event.pk],
        )
    event.refresh_from_db()
    assert event.actor_email != "umgeschrieben@example.org"
    assert AuditEvent.objects.count() == 1


def test_postgres_refuses_an_upsert_over_an_existing_event(event):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite variant is INSERT OR REPLACE")
    columns = [field.column for field in AuditEvent._meta.concrete_fields]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_auditevent ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM audit_auditevent WHERE id = %s "
            "ON CONFLICT (id) DO UPDATE SET actor_email = 'umgeschrieben@example.org'",
            [event.pk],
        )
    event.refresh_from_db()
    assert event.actor_email != "umgeschrieben@example.org"
