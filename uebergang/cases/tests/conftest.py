"""Fixtures of the case tests: a second partner (another organisation), a case worker's client."""

from __future__ import annotations

import pytest

from uebergang.test import Role, create_membership, create_organisation, create_user


@pytest.fixture
def other_partner(cast):
    """A partner of tenant A acting for another organisation than the referral's provider."""
    user = create_user("partner-2@a.example.org", full_name="Partner Zwei")
    membership = create_membership(user, cast.tenant_a, Role.PARTNER)
    membership.organisation = create_organisation(cast.tenant_a, "Anderer Träger")
    membership.save(update_fields=["organisation"])
    return user


@pytest.fixture
def worker(client, cast):
    client.force_login(cast.case_worker)
    return client
