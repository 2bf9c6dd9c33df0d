"""German by default, English on request, and an English catalogue that is complete and compiled."""

from __future__ import annotations

import ast
import gettext
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

EN_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = EN_DIR / "django.po"
MO = EN_DIR / "django.mo"

# The landing page's headline, in German and in English.
HEADLINE_DE = "Kein junger Mensch soll auf dem Weg von der Schule in den Beruf verloren gehen."
HEADLINE_EN = "No young person should get lost on the way from school to work."


def test_landing_page_is_german_by_default(client, db):
    page = client.get("/").content.decode()
    assert '<html lang="de"' in page
    assert HEADLINE_DE in page


def test_language_switch_to_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    page = client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert HEADLINE_EN in page
    assert HEADLINE_DE not in page


def _po_entries(path: Path) -> list[dict[str, str]]:
    """A tiny PO parser: one dict per entry with its flags and concatenated msgid/msgstr fields."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#~"):
            entry["obsolete"] = "yes"  # kept by makemessages for removed strings; never shown
        elif line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")", line)
            assert match, f"unparseable line in {path.name}: {raw!r}"
            key = match.group(1)
            entry[key] = _unquote(match.group(2))
    return entries


def _unquote(quoted: str) -> str:
    # PO strings use C escapes (\n, \", \\), which a Python string literal reads the same way.
    return ast.literal_eval(quoted)


def test_english_catalogue_is_complete():
    entries = _po_entries(PO)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]
    assert messages, "the catalogue has no messages"

    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    untranslated = [
        e["msgid"]
        for e in messages
        if not e.get("obsolete") and not all(value for key, value in e.items() if key.startswith("msgstr"))
    ]
    plurals_incomplete = [
        e["msgid"] for e in messages if "msgid_plural" in e and not {"msgstr[0]", "msgstr[1]"} <= e.keys()
    ]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"
    assert not plurals_incomplete, f"plural entries without both forms: {plurals_incomplete}"


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo is what msgfmt makes of the committed .po (compared by content, not mtime)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if IN_CI:
            pytest.fail("msgfmt (GNU gettext) is required in CI to check the compiled catalogue")
        pytest.skip("msgfmt (GNU gettext) is not installed")
    assert MO.exists(), "run: python manage.py compilemessages --ignore=.venv"

    fresh = subprocess.run(  # noqa: S603 -- fixed arguments, no shell
        [msgfmt, "--check-format", "-o", "-", str(PO)], check=True, capture_output=True
    ).stdout
    committed = MO.read_bytes()
    if fresh == committed:
        return
    # Another gettext version may lay out the file differently; the messages must still be the same.
    assert gettext.GNUTranslations(io.BytesIO(fresh))._catalog == (
        gettext.GNUTranslations(io.BytesIO(committed))._catalog
    ), "django.mo is stale: run python manage.py compilemessages --ignore=.venv"
