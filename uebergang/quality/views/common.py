from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uebergang.tenants.models import Tenant

FORM_TEMPLATE = "quality/form.html"


def form_page(
    request: HttpRequest, tenant: Tenant, form, *, title: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request, FORM_TEMPLATE, {"tenant": tenant, "form": form, "title": title, "back": back, "intro": intro}
    )
