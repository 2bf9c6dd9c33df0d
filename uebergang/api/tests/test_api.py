from __future__ import annotations

import re


def test_tenants_lists_active_members_only(client, cast):
    from uebergang.test import create_tenant

    create_tenant("ruhend", is_active=False)
    response = client.get("/api/v1/tenants")
    assert response.status_code == 200
    assert [t["slug"] for t in response.json()] == ["kreis-a", "stadt-b"]
    assert set(response.json()[0]) == {"slug", "name", "kind", "population", "summary"}


def test_openapi_document_and_local_docs(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Übergang API"
    assert "/api/v1/tenants" in document["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    # Served from our own static files: the CSP allows no CDN.
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", docs)
    # A page of the site (header, language, skip link), rendered from the same document: every operation
    # with its path, every schema, and the link to the document for tools.
    assert '<html lang="de">' in docs and 'class="site-header"' in docs and 'href="#inhalt"' in docs
    for path, item in document["paths"].items():
        for spec in item.values():
            assert f"{spec['operationId']}" in docs and path in docs
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in docs
    assert 'href="/api/v1/openapi.json"' in docs


def test_unknown_api_paths_get_a_structured_error(client, db):
    response = client.get("/api/v1/gibt-es-nicht")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}
