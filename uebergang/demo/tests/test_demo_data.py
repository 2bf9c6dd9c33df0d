from __future__ import annotations

from django.core.management import call_command

from uebergang.accounts.models import Membership, User
from uebergang.tenants.models import Region, Tenant


def snapshot():
    return (
        sorted(Tenant.objects.values_list("slug", "name", "population")),
        sorted(Region.objects.values_list("tenant__slug", "name")),
        sorted(Membership.objects.values_list("user__email", "tenant__slug", "role"), key=repr),
    )


def test_demo_data_is_deterministic_and_idempotent(db):
    call_command("demo_data")
    first = snapshot()
    call_command("demo_data")
    assert snapshot() == first
    assert first[1] == sorted(
        [
            ("musterkreis", "West"),
            ("musterkreis", "Mitte"),
            ("musterkreis", "Ost"),
            ("beispielstadt", "Nord"),
            ("beispielstadt", "Süd"),
        ]
    )


def test_one_demo_login_per_role_with_the_documented_password(db):
    call_command("demo_data")
    expected = {
        "coordinator@musterkreis.example.org": ("musterkreis", "coordinator"),
        "partner@musterkreis.example.org": ("musterkreis", "partner"),
        "case_worker@musterkreis.example.org": ("musterkreis", "case_worker"),
        "steering@musterkreis.example.org": ("musterkreis", "steering"),
        "koordination@beispielstadt.example.org": ("beispielstadt", "coordinator"),
        "verbund@example.org": (None, "association"),
    }
    for email, (slug, role) in expected.items():
        user = User.objects.get(email=email)
        assert user.check_password("uebergang-demo") and user.is_demo
        assert Membership.objects.filter(user=user, tenant__slug=slug, role=role).exists()
        assert not user.mfa_required()  # demo MFA is off unless DEMO_ENFORCE_MFA=1
    assert all(u.email.endswith("example.org") for u in User.objects.all())
