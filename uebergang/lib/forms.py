"""Form widgets several apps use, so that a form saved unchanged stores exactly what it showed.

Browsers submit the line breaks of a text area as CRLF (the HTML standard normalises them so on
submission), while imports, the demo and stored texts use LF. Django's `Textarea` passes CRLF on, so
saving a form unchanged rewrote every multi-line text, marked it changed in the audit trail, sent
offerings to review and replaced a meeting's agenda. `Textarea` here reads them back as LF.
"""

from __future__ import annotations

from django import forms


class Textarea(forms.Textarea):
    """A text area whose submitted line breaks are LF, as texts are stored."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value
