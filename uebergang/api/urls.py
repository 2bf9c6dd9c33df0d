"""The token page of the account: /konto/api-tokens/ (the API itself is mounted in uebergang/urls.py)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("konto/api-tokens/", views.api_tokens, name="tokens"),
    path("konto/api-tokens/<int:token_id>/widerrufen/", views.api_token_revoke, name="token_revoke"),
]
