"""Markdown for minutes: rendered with `markdown`, then sanitised with `nh3` down to a few basic tags.

Minutes are written by staff but shown to others; raw HTML in them, scripts and `javascript:` links
never reach a browser. Headings in the text sit below the heading of the page section that shows it
(WCAG 1.3.1): the text's top headings — whether the author wrote "# Beschlüsse" or "## Beschlüsse" —
become h3 under the page's h2 "Protokoll", the next ones h4, and so on, without skipping a level.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str, heading_level: int = 3) -> SafeString:
    """Markdown source as sanitised HTML, safe to put into a template; its top headings are h`heading_level`."""
    if not text:
        return mark_safe("")
    html = _shift_headings(
        markdown_lib.markdown(text, extensions=["sane_lists", "tables"], output_format="html"), heading_level
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html: str, top: int) -> str:
    """Headings of Markdown's own output moved so that the highest one is h`top` (at most h6)."""
    levels = [int(level) for closing, level in _HEADING_TAG.findall(html) if not closing]
    if not levels:
        return html
    shift = top - min(levels)
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html)
