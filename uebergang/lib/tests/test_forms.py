"""QuickSelect writes exactly the markup of Django's Select, so forms and their round-trip stay the same."""

from __future__ import annotations

import pytest
from django import forms

from uebergang.lib.forms import QuickSelect

CHOICES = [("", "---------"), ("a", "A & <B>"), ("Gruppe „1“", [("x", "X"), ("y", "Y")]), (3, "drei")]


def normalised(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


@pytest.mark.parametrize("value", ["a", "y", 3, None, ""])
def test_quick_select_renders_what_djangos_select_renders(value):
    attrs = {"id": "id_f", "required": True, "aria-describedby": "id_f_helptext", "disabled": False}
    django = forms.Select(choices=CHOICES).render("f", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("f", value, attrs)
    assert normalised(quick) == normalised(django)
    assert "&lt;B&gt;" in quick and "selected" in quick
