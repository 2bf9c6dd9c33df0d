"""Form widgets several apps use: date pickers, text areas that keep what they showed, selects that render fast.

Browsers submit the line breaks of a text area as CRLF (the HTML standard normalises them so on
submission), while imports, the demo and stored texts use LF. Django's `Textarea` passes CRLF on, so
saving a form unchanged rewrote every multi-line text, marked it changed in the audit trail, sent
offerings to review and replaced a meeting's agenda. `Textarea` here reads them back as LF.

Django renders every option of a select through its own template (`select_option.html` with
`attrs.html`): a filter form with a few dozen schools, regions and workers spent most of a page's time
there (the case queue: about two thirds of 40 ms). `QuickSelect` writes the same HTML in Python.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class DateInput(forms.DateInput):
    """A browser's date picker: `type="date"` wants the value as YYYY-MM-DD, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class Textarea(forms.Textarea):
    """A text area whose submitted line breaks are LF, as texts are stored."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's attrs.html writes them: in order, True as a bare name, False left out."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """A select written in Python (same markup as Django's, without a template per option)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group, options, _index in widget["optgroups"]:
            inner = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], _attrs(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group, inner) if group else inner)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            SafeString("".join(groups)),
        )
