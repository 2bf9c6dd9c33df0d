"""Stored e-mail addresses in the one form sign-in now looks up (NFKC + casefold, `normalize_email`).

Addresses were stored with `lower()`, which equals the new form for ASCII; an address whose new form
another account already holds is left as it is."""

from __future__ import annotations

import unicodedata

from django.db import migrations


def normalize(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", "email").iterator():
        normal = unicodedata.normalize("NFKC", user.email.strip()).casefold()
        if normal != user.email and not User.objects.filter(email=normal).exists():
            User.objects.filter(pk=user.pk).update(email=normal)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_membership_organisation")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
