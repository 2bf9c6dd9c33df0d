"""The NinjaAPI both APIs are built on: one structured answer to bad input, with the public names.

django-ninja reports a bad item of a list parameter under the name of the operation's parameter
schema (`["query", "filters", "year", 0]`) and with pydantic's English text; `ValidationErrorOut`
promises string `loc` parts and callers see `year`. `Api` maps such locations back to the parameter a
caller sent and answers with a German message per parameter, at the status its API documents.
"""

from __future__ import annotations

from typing import get_args

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext
from pydantic_core.core_schema import ErrorType

_PYDANTIC_TYPES = frozenset(get_args(ErrorType))


class Api(NinjaAPI):
    """A NinjaAPI whose validation errors are `ValidationErrorOut` with status `validation_status`, and
    whose documentation page is the site's own (`uebergang.api.docs`)."""

    def __init__(self, *args, validation_status: int = 422, **kwargs) -> None:
        from .docs import ReadableDocs

        self.validation_status = validation_status
        kwargs.setdefault("docs", ReadableDocs())
        super().__init__(*args, **kwargs)

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(ValidationError, self._invalid)

    def _invalid(self, request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return self.create_response(
            request, {"detail": validation_issues(exc)}, status=self.validation_status
        )

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> ValidationError:
        error = super().validation_error_from_error_contexts(error_contexts)
        renames = {}
        for context in error_contexts:
            model = context.model
            for schema_loc, public in getattr(model, "__ninja_flatten_map_reverse__", {}).items():
                renames[(model.__ninja_param_source__, *schema_loc)] = (model.__ninja_param_source__, *public)
        for issue in error.errors:
            loc = tuple(issue.get("loc", ()))
            for end in range(len(loc), 1, -1):
                if loc[:end] in renames:
                    issue["loc"] = (*renames[loc[:end]], *loc[end:])
                    break
        return error


def _message(kind: str, name: str, context: dict) -> str:
    values = {"name": name, **context}
    messages = {
        "int_parsing": _("„%(name)s“ muss eine ganze Zahl sein."),
        "int_from_float": _("„%(name)s“ muss eine ganze Zahl sein."),
        "greater_than_equal": _("„%(name)s“ muss mindestens %(ge)s sein."),
        "less_than_equal": _("„%(name)s“ darf höchstens %(le)s sein."),
        "string_too_long": _("„%(name)s“ darf höchstens %(max_length)s Zeichen lang sein."),
        "uuid_parsing": _("„%(name)s“ ist keine gültige Kennung (UUID)."),
        "bool_parsing": _("„%(name)s“ muss „true“ oder „false“ sein."),
        "literal_error": _("„%(name)s“ muss einer dieser Werte sein: %(expected)s."),
        "nul_character": _("„%(name)s“ darf kein Nullzeichen enthalten."),
    }
    if kind in messages:
        return messages[kind] % values
    return _("Ungültiger Wert für „%(name)s“.") % values


def validation_issues(exc: ValidationError) -> list[dict]:
    """The errors of a request as `ValidationIssueOut` items: every `loc` part a string, German text.

    Pydantic's own errors get a German message naming the parameter; errors an operation raised itself
    (with a `type` of its own) keep their message."""
    issues = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        kind = str(error.get("type", "invalid"))
        name = next((part for part in reversed(loc) if not part.isdigit()), "?")
        own = kind not in _PYDANTIC_TYPES and kind != "nul_character" and error.get("msg")
        msg = error["msg"] if own else _message(kind, name, error.get("ctx") or {})
        issues.append({"loc": loc, "msg": str(msg), "type": kind})
    return issues
