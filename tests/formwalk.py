"""What a browser submits for a rendered form, built from the page's HTML with the standard library.

The form round-trip walk (`test_form_roundtrip.py`) posts exactly this back: a test that posts a dict
it wrote itself proves what the view does with that dict, not that the page a person sees can be
saved unchanged. The rules follow the HTML standard's "constructing the entry list":

- controls without a name, disabled controls (also inside a disabled fieldset) and buttons that were
  not clicked send nothing; file inputs are left empty (nothing chosen);
- checkboxes and radios send their value ("on" without one) only when checked;
- a single select sends its selected option, or the first enabled option when none is marked; a
  multiple select sends every selected enabled option; an option's value is its text without one;
- a textarea sends its text without the one newline that follows the start tag, with line breaks as
  CRLF; inputs send their value after the browser's value sanitisation (no line breaks in text, a
  date or number the input type cannot read becomes empty);
- a required control that would be sent empty stops the browser from submitting at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

BUTTON_TYPES = {"submit", "image", "button", "reset"}
LINE_BREAKS = re.compile(r"\r\n|\r|\n")
FLOAT = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
DATETIME_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$")
TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$")


@dataclass
class Control:
    tag: str  # input, select, textarea, button
    name: str
    kind: str  # the input type, "select", "select-multiple", "textarea", or the button type
    value: str = ""
    checked: bool = False
    disabled: bool = False
    required: bool = False
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # (value, selected, disabled)


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    controls: list[Control] = field(default_factory=list)

    def target(self, page_url: str) -> str:
        """The URL the form posts to (an empty action posts to the page itself)."""
        return urljoin(page_url, self.action) if self.action else page_url

    def posts_back_to(self, page_url: str) -> bool:
        return self.method == "post" and urlsplit(self.target(page_url)).path == urlsplit(page_url).path

    @property
    def submit_buttons(self) -> list[Control]:
        return [c for c in self.controls if c.tag in {"input", "button"} and c.kind in {"submit", "image"}]

    def submission(self, submitter: Control | None = None) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends when `submitter` (default: the form's default
        button, the first submit button) is clicked."""
        if submitter is None and self.submit_buttons:
            submitter = self.submit_buttons[0]
        entries: list[tuple[str, str]] = []
        for control in self.controls:
            if control.disabled or not control.name:
                continue
            if control.kind in BUTTON_TYPES:
                if control is submitter and not control.disabled:
                    entries.append((control.name, control.value))
                continue
            entries.extend((control.name, value) for value in _values(control))
        return entries

    def blocking_required(self) -> list[str]:
        """Names of required controls that are empty: the browser would refuse to submit."""
        sent = {name for name, value in self.submission() if value != ""}
        names = []
        for control in self.controls:
            empty = control.name not in sent and control.name not in names
            if control.required and not control.disabled and control.kind not in BUTTON_TYPES and empty:
                names.append(control.name)
        return names


def _values(control: Control) -> list[str]:
    if control.kind in {"checkbox", "radio"}:
        return [control.value or "on"] if control.checked else []
    if control.kind == "file":
        return []
    if control.kind == "select-multiple":
        return [value for value, selected, disabled in control.options if selected and not disabled]
    if control.kind == "select":
        enabled = [(value, selected) for value, selected, disabled in control.options if not disabled]
        chosen = [value for value, selected, disabled in control.options if selected]
        if chosen:  # the last selected option wins in a single select
            return [chosen[-1]] if not _option_disabled(control, chosen[-1]) else []
        return [enabled[0][0]] if enabled else []
    if control.kind == "textarea":
        return [LINE_BREAKS.sub("\r\n", control.value)]
    return [sanitise(control.kind, control.value)]


def _option_disabled(control: Control, value: str) -> bool:
    return any(v == value and disabled for v, selected, disabled in control.options if selected)


def sanitise(kind: str, value: str) -> str:
    """The HTML value sanitisation algorithm for the input types forms here use."""
    if kind in {"text", "search", "tel", "password", "hidden"}:
        return value if kind == "hidden" else re.sub(r"[\r\n]", "", value)
    if kind in {"email", "url"}:
        return re.sub(r"[\r\n]", "", value).strip()
    if kind in {"number", "range"}:
        return value if FLOAT.match(value) else ""
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return ""
        return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""
    if kind == "datetime-local":
        return value if DATETIME_LOCAL.match(value) else ""
    if kind == "time":
        return value if TIME.match(value) else ""
    return value


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}
        self.current: Form | None = None
        self.disabled_fieldsets = 0
        self.fieldset_stack: list[bool] = []
        self.select: Control | None = None
        self.option: list | None = None  # [value or None, selected, disabled, text]
        self.optgroup_disabled = False
        self.text_control: Control | None = None  # an open textarea or button
        self.pending: list[tuple[str, Control]] = []  # controls outside a form, with form="id"

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            form = Form(
                action=attributes.get("action", ""),
                method=attributes.get("method", "get").lower(),
                attrs=attributes,
            )
            self.forms.append(form)
            if "id" in attributes:
                self.by_id[attributes["id"]] = form
            self.current = form
        elif tag == "fieldset":
            disabled = "disabled" in attributes
            self.fieldset_stack.append(disabled)
            self.disabled_fieldsets += disabled
        elif tag == "input":
            kind = attributes.get("type", "text").lower()
            self._add(
                Control(
                    "input",
                    attributes.get("name", ""),
                    kind,
                    value=attributes.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                    checked="checked" in attributes,
                    disabled=self._disabled(attributes),
                    required="required" in attributes,
                ),
                attributes,
            )
        elif tag == "button":
            control = Control(
                "button",
                attributes.get("name", ""),
                attributes.get("type", "submit").lower(),
                value=attributes.get("value", ""),
                disabled=self._disabled(attributes),
            )
            self._add(control, attributes)
        elif tag == "select":
            self.select = Control(
                "select",
                attributes.get("name", ""),
                "select-multiple" if "multiple" in attributes else "select",
                disabled=self._disabled(attributes),
                required="required" in attributes,
            )
            self._add(self.select, attributes)
        elif tag == "optgroup":
            self.optgroup_disabled = "disabled" in attributes
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.option = [
                attributes.get("value"),
                "selected" in attributes,
                "disabled" in attributes or self.optgroup_disabled,
                "",
            ]
        elif tag == "textarea":
            self.text_control = Control(
                "textarea",
                attributes.get("name", ""),
                "textarea",
                disabled=self._disabled(attributes),
                required="required" in attributes,
            )
            self._add(self.text_control, attributes)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "fieldset" and self.fieldset_stack:
            self.disabled_fieldsets -= self.fieldset_stack.pop()
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "optgroup":
            self.optgroup_disabled = False
        elif tag == "option":
            self._close_option()
        elif tag == "textarea" and self.text_control is not None:
            text = self.text_control.value
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.text_control.value = text
            self.text_control = None

    def handle_data(self, data):
        if self.text_control is not None:
            self.text_control.value += data
        elif self.option is not None:
            self.option[3] += data

    def close(self):
        super().close()
        for form_id, control in self.pending:
            if form_id in self.by_id:
                self.by_id[form_id].controls.append(control)

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value, selected, disabled, text = self.option
            if value is None:
                value = " ".join(text.split())
            self.select.options.append((value, selected, disabled))
        self.option = None

    def _disabled(self, attributes: dict[str, str]) -> bool:
        return "disabled" in attributes or self.disabled_fieldsets > 0

    def _add(self, control: Control, attributes: dict[str, str]) -> None:
        if "form" in attributes:
            self.pending.append((attributes["form"], control))
        elif self.current is not None:
            self.current.controls.append(control)


def forms_of(html: str) -> list[Form]:
    """Every form of a page, with its controls as the browser sees them."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def prefilled(form: Form) -> bool:
    """Whether the form shows stored values (so it edits something that exists): a filled text field
    or text area, a checked box or radio, or a select with an explicitly chosen non-empty option."""
    for control in form.controls:
        if control.disabled or not control.name or control.kind in BUTTON_TYPES | {"hidden", "file"}:
            continue
        if control.kind in {"checkbox", "radio"}:
            if control.checked:
                return True
        elif control.kind in {"select", "select-multiple"}:
            if any(selected and value for value, selected, _disabled in control.options):
                return True
        elif control.value.strip():
            return True
    return False
