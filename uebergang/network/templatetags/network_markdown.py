from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from uebergang.network.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """`{{ meeting.minutes|markdown }}`: Markdown rendered and sanitised."""
    return render_markdown(text or "")
