"""Validators for the published HSDS 3.0 JSON schemas (copies in ../shared/hsds-3.0/ beside the repo).

The schemas refer to each other by file name (`"$ref": "organization.json"`), so all of them go into
one `referencing.Registry`. Formats are checked too: uuid and email by jsonschema, date-time and uri by
the two small checkers below. A missing schema folder fails the tests; it never skips them.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(settings.BASE_DIR).parent / "shared" / "hsds-3.0"

format_checker = FormatChecker()
for name in ("uuid", "email"):
    format_checker.checkers[name] = Draft202012Validator.FORMAT_CHECKER.checkers[name]


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@format_checker.checks("uri")
def _is_uri(value) -> bool:
    return not isinstance(value, str) or bool(urlparse(value).scheme and urlparse(value).netloc)


@cache
def _registry() -> Registry:
    assert SCHEMA_DIR.is_dir(), f"HSDS schemas missing: {SCHEMA_DIR}"
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in SCHEMA_DIR.glob("*.json")
        if path.name != "openapi.json"
    ]
    assert len(resources) >= 20, f"expected the HSDS 3.0 schema files in {SCHEMA_DIR}"
    return Registry().with_resources(resources)


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A validator for one HSDS object (e.g. "service.json")."""
    registry = _registry()
    return Draft202012Validator(
        registry.contents(schema_name), registry=registry, format_checker=format_checker
    )


@cache
def page_validator() -> Draft202012Validator:
    """The page envelope of the HSDS API description (`components.schemas.Page`), all fields required."""
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text())
    page = dict(openapi["components"]["schemas"]["Page"])
    page["required"] = list(page["properties"])
    return Draft202012Validator(page)


def assert_valid(schema_name: str, instance: dict) -> None:
    errors = sorted(validator(schema_name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def assert_valid_page(schema_name: str, page: dict) -> None:
    errors = list(page_validator().iter_errors(page))
    assert not errors, "\n".join(e.message for e in errors)
    assert isinstance(page["contents"], list)
    for item in page["contents"]:
        assert_valid(schema_name, item)
