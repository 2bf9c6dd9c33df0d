"""API fuzzing: schemathesis generates requests from our own OpenAPI documents and checks every answer.

Both documents are fuzzed — the staff API (`/api/v1/openapi.json`, with a steering member's token and
anonymously) and the public HSDS API (`/api/hsds/openapi.json`). The checks are schemathesis' own: no
server error, every status code and content type documented, every body valid against its schema.
Not checked: "schema-valid request rejected" (ST202). Category, language and dimension values come from each
tenant's own vocabulary and code lists, which a static document cannot enumerate; the API refuses unknown
values with a documented 400/422 and its structured error, as it should.

Requests run in-process through Django's WSGI handler (loopback only, inside the test's transaction), with
a bounded number of examples per operation so the suite stays fast. Half of the generated cases keep the
generated tenant (mostly unknown → 404, documented), half are pointed at a real tenant with data, so the
generated query parameters reach the real queries.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from uebergang.accounts.models import Membership

pytestmark = pytest.mark.django_db

# Examples per operation and document; raise it locally for a longer run (the CI run stays bounded).
EXAMPLES = 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)

EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def fuzz_world(cast):
    """The shared cast (two tenants with network, offerings, monitoring) and a steering member's token."""
    from uebergang.api.models import PREFIX_LENGTH, ApiToken, hash_secret

    steering = cast.members_a[Membership.Role.STEERING]
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        user=steering, name="Fuzzing", prefix=secret[:PREFIX_LENGTH], token_hash=hash_secret(secret)
    )
    # Like Django's test client: the start and end of a request must not close the test's connection
    # (its transaction holds the cast); the WSGI handler would otherwise do so around every request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield cast, secret
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# The documents are read once at collection; answering them touches no database.
staff = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
hsds = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", get_wsgi_application())


def _aim(case, cast) -> None:
    """Points every other generated case at the tenant with data (decided by the case's own content)."""
    params = case.path_parameters or {}
    if "tenant" in params and hash(repr(case.query)) % 2 == 0:
        params["tenant"] = cast.tenant_a.slug


@staff.parametrize()
@FUZZ
def test_staff_api_with_a_token(case, fuzz_world):
    cast, secret = fuzz_world
    _aim(case, cast)
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, excluded_checks=EXCLUDED)


@staff.parametrize()
@FUZZ
def test_staff_api_anonymous(case, fuzz_world):
    cast, _secret = fuzz_world
    _aim(case, cast)
    case.call_and_validate(excluded_checks=EXCLUDED)


@hsds.parametrize()
@FUZZ
def test_hsds_api(case, fuzz_world):
    cast, _secret = fuzz_world
    _aim(case, cast)
    case.call_and_validate(excluded_checks=EXCLUDED)
