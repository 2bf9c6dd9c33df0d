"""A source's mapping as a JSON file: downloaded from the mapping page, given to `import_leavers --mapping`.

{"source": …, "kind": "leavers", "columns": {"file title": "field" or ""}, "values": {"group": {"file
value": "code"}}} — exactly what the page saves, so a mapping made once in the browser serves the command
line (and the other way round). A file that does not fit is refused with a German message.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _

from uebergang.tenants.models import Tenant

from ..models import ImportMapping
from .report import UnreadableFile
from .vocabulary import FIELD_LABELS, FIELDS_OF_KIND, GROUP_LABELS


def as_json(mapping: ImportMapping) -> dict:
    return {
        "source": mapping.source,
        "kind": mapping.kind,
        "columns": dict(mapping.columns),
        "values": {group: dict(pairs) for group, pairs in mapping.values.items()},
    }


def read(path: str | Path, *, tenant: Tenant, source: str, kind: str) -> ImportMapping:
    """An unsaved mapping of `source` from a JSON file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UnreadableFile(
            _("Die Zuordnungsdatei %(path)s ist keine lesbare JSON-Datei: %(error)s")
            % {"path": path, "error": error}
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise UnreadableFile(_("Die Zuordnungsdatei braucht ein Objekt mit „columns“ (Spaltentitel → Feld)."))
    if data.get("kind", kind) != kind:
        raise UnreadableFile(
            _("Die Zuordnungsdatei gehört zur Art „%(theirs)s“, nicht zu „%(ours)s“.")
            % {"theirs": data.get("kind"), "ours": kind}
        )
    allowed = set(FIELDS_OF_KIND[kind])
    columns = {}
    for title, target in data.get("columns", {}).items():
        if target and target not in allowed:
            raise UnreadableFile(
                _(
                    "Die Zuordnungsdatei ordnet der Spalte „%(title)s“ das unbekannte Feld „%(field)s“ zu. Möglich: %(known)s."
                )
                % {
                    "title": title,
                    "field": target,
                    "known": ", ".join(f"{name} ({FIELD_LABELS[name]})" for name in FIELDS_OF_KIND[kind]),
                }
            )
        columns[str(title)] = target or ""
    values = data.get("values", {})
    if not isinstance(values, dict) or any(
        group not in GROUP_LABELS or not isinstance(pairs, dict) for group, pairs in values.items()
    ):
        raise UnreadableFile(
            _("„values“ der Zuordnungsdatei: je Gruppe (%(groups)s) ein Objekt Wert → Code.")
            % {"groups": ", ".join(GROUP_LABELS)}
        )
    return ImportMapping(
        tenant=tenant,
        source=source,
        kind=kind,
        columns=columns,
        values={
            group: {str(value): str(code) for value, code in pairs.items()} for group, pairs in values.items()
        },
    )
