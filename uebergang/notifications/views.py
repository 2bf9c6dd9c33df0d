"""The account page where each person chooses how to be notified."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PreferenceForm
from .models import Preference


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():  # the default needs no row; saved unchanged, nothing is written
            form.save()
        messages.success(request, _("Ihre Einstellung ist gespeichert."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
