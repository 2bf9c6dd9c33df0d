from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

WORKSPACE = "<tenant:tenant>/intern/"

urlpatterns = [
    path("konto/anmelden/", views.login_view, name="login"),
    path("konto/anmelden/zweiter-faktor/", views.login_mfa_view, name="login_mfa"),
    path("konto/abmelden/", views.logout_view, name="logout"),
    path("konto/start/", views.start_view, name="start"),
    path("konto/wechseln/", views.switch_view, name="switch"),
    path("konto/sicherheit/", views.security_view, name="security"),
    path("konto/sicherheit/einrichten/", views.mfa_setup_view, name="mfa_setup"),
    path("konto/passwort/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/passwort-vergessen/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "konto/passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "konto/passwort-neu/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(WORKSPACE + "team/", views.team_view, name="team"),
    path(WORKSPACE + "team/neu/", views.member_add_view, name="member_add"),
    path(WORKSPACE + "team/<int:membership_id>/", views.member_edit_view, name="member_edit"),
]
