"""SQL for the triggers that make audit events append-only in the database itself.

Used by migrations 0002 and 0005 and by the test suite, which drops and re-creates them around its
database flushes between transactional tests. On SQLite `INSERT OR REPLACE` deletes the row it
replaces without firing delete triggers, so an insert trigger refuses any id that already exists.
"""

from __future__ import annotations

TABLE = "audit_auditevent"

NO_REPLACE_SQLITE = f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_replace BEFORE INSERT ON {TABLE}
    WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""  # noqa: S608
DROP_NO_REPLACE_SQLITE = "DROP TRIGGER IF EXISTS audit_event_no_replace"

CREATE = {
    "sqlite": [
        f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        NO_REPLACE_SQLITE,
    ],
    "postgresql": [
        """CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$""",
        f"""CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
        f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
    ],
}

DROP = {
    "sqlite": [
        "DROP TRIGGER audit_event_no_update",
        "DROP TRIGGER audit_event_no_delete",
        DROP_NO_REPLACE_SQLITE,
    ],
    "postgresql": [
        f"DROP TRIGGER audit_event_no_truncate ON {TABLE}",
        f"DROP TRIGGER audit_event_no_change ON {TABLE}",
        "DROP FUNCTION audit_event_refuse_change()",
    ],
}


def statements(vendor: str, *, drop: bool = False) -> list[str]:
    try:
        return (DROP if drop else CREATE)[vendor]
    except KeyError:
        raise NotImplementedError(f"No append-only triggers for the {vendor} database") from None
