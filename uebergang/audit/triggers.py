"""SQL for the triggers that make audit events append-only in the database itself.

Used by migration 0002 and by the test suite, which drops and re-creates them around its
database flushes between transactional tests.
"""

from __future__ import annotations

TABLE = "audit_auditevent"

CREATE = {
    "sqlite": [
        f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
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
    "sqlite": ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"],
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
