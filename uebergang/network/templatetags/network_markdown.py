from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from uebergang.network.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, heading_level: int = 3) -> SafeString:
    """`{{ meeting.minutes|markdown }}`: Markdown rendered and sanitised, its headings from h3 on (below the
    page section's h2); `{{ text|markdown:4 }}` for a text under an h3."""
    return render_markdown(text or "", int(heading_level))
