"""Every query parameter of both APIs, walked from their OpenAPI documents, with hostile values.

Out-of-range integers overflowed SQLite (500 on /monitoring/table?year=…, /organizations?page=…) and a
NUL character reached PostgreSQL (500 on /organizations?search=%00). Now each integer parameter has
documented bounds, and every parameter answers a too-large number or a NUL with the documented
structured error: 400 in the HSDS API, 422 in /api/v1/ — on both databases.
"""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999"
APIS = {"/api/hsds/openapi.json": 400, "/api/v1/openapi.json": 422}


def _leaf_types(schema: dict) -> list[dict]:
    """The scalar schemas a parameter accepts (through `anyOf` and array items)."""
    if "anyOf" in schema:
        return [leaf for option in schema["anyOf"] for leaf in _leaf_types(option)]
    if schema.get("type") == "array":
        return _leaf_types(schema["items"])
    return [schema]


def _query_parameters(client) -> list[tuple[str, int, str, dict, dict]]:
    found = []
    for document_url, status in APIS.items():
        document = client.get(document_url).json()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                path_names = {p["name"] for p in operation.get("parameters", ()) if p["in"] == "path"}
                if method != "get" or path_names - {"tenant"}:
                    continue
                for parameter in operation.get("parameters", ()):
                    if parameter["in"] == "query":
                        found.append(
                            (path.replace("{tenant}", "kreis-a"), status, method, operation, parameter)
                        )
    return found


def _assert_structured(response, status: int, name: str) -> None:
    assert response.status_code == status, (name, response.content)
    detail = response.json()["detail"]
    assert detail and all(isinstance(part, str) for issue in detail for part in issue["loc"])
    assert all(set(issue) == {"loc", "msg", "type"} for issue in detail)
    issue = next(issue for issue in detail if name in issue["loc"])
    assert issue["loc"][:2] == ["query", name]
    assert f"„{name}“" in issue["msg"] or name in ("dimensions",), issue["msg"]


def test_every_integer_parameter_is_bounded_and_refuses_a_huge_number(client, cast):
    client.force_login(cast.coordinator)
    integers = [
        entry
        for entry in _query_parameters(client)
        if any(leaf.get("type") == "integer" for leaf in _leaf_types(entry[4]["schema"]))
    ]
    named = {(url.rstrip("/").rsplit("/", 1)[-1], parameter["name"]) for url, *_, parameter in integers}
    assert {
        ("organizations", "page"),
        ("table", "year"),
        ("table", "school"),
        ("offerings", "regions"),
    } <= named
    for url, status, _method, operation, parameter in integers:
        name = parameter["name"]
        for leaf in _leaf_types(parameter["schema"]):
            if leaf.get("type") == "integer":
                assert "maximum" in leaf and "minimum" in leaf, (url, name)
        assert str(status) in operation["responses"], (url, "documents", status)
        for value in (HUGE, "-" + HUGE):
            _assert_structured(client.get(url, {name: value}), status, name)


def test_every_text_parameter_refuses_a_nul_character(client, cast):
    client.force_login(cast.coordinator)
    texts = [
        entry
        for entry in _query_parameters(client)
        if any(leaf.get("type") == "string" for leaf in _leaf_types(entry[4]["schema"]))
    ]
    assert {"search", "q", "plz", "phases", "modified_after", "dimensions"} <= {e[4]["name"] for e in texts}
    for url, status, _method, operation, parameter in texts:
        assert str(status) in operation["responses"], (url, "documents", status)
        _assert_structured(client.get(url, {parameter["name"]: "Aus\x00bildung"}), status, parameter["name"])


@pytest.mark.parametrize(
    "url, params, status, message",
    [
        ("/api/hsds/kreis-a/organizations", {"page": HUGE}, 400, "„page“ darf höchstens 100000 sein."),
        (
            "/api/hsds/kreis-a/organizations",
            {"search": "\x00"},
            400,
            "„search“ darf kein Nullzeichen enthalten.",
        ),
        ("/api/v1/kreis-a/monitoring/table", {"year": HUGE}, 422, "„year“ darf höchstens 2999 sein."),
        ("/api/v1/kreis-a/offerings/", {"alter": "alt"}, 422, "„alter“ muss eine ganze Zahl sein."),
    ],
)
def test_the_reported_requests_get_a_german_message(client, cast, url, params, status, message):
    client.force_login(cast.coordinator)
    response = client.get(url, params)
    assert response.status_code == status
    assert [issue["msg"] for issue in response.json()["detail"]] == [message]


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.parametrize("document_url", list(APIS))
def test_the_openapi_documents_reference_only_their_own_schemas(client, db, document_url):
    document = client.get(document_url).json()
    refs = _refs(document)
    assert refs and all(ref.startswith("#/components/schemas/") for ref in refs), refs
    schemas = document["components"]["schemas"]
    assert {ref.rsplit("/", 1)[-1] for ref in refs} <= set(schemas)
    assert "ValidationErrorOut" in schemas


def test_hsds_answers_match_their_documented_components(client, cast):
    """The list and the single object refer to the local HSDS components, and real answers fit them."""
    from jsonschema import Draft202012Validator

    document = client.get("/api/hsds/openapi.json").json()
    schemas = document["components"]["schemas"]

    def schema_of(path: str) -> dict:
        response = document["paths"][path]["get"]["responses"]["200"]
        return {**response["content"]["application/json"]["schema"], "components": {"schemas": schemas}}

    page = schema_of("/api/hsds/{tenant}/services")
    assert page["$ref"] == "#/components/schemas/HsdsServicePage"
    answer = client.get("/api/hsds/kreis-a/services", {"full": "true"}).json()
    assert answer["contents"]
    Draft202012Validator(page).validate(answer)
    single = schema_of("/api/hsds/{tenant}/services/{service_id}")
    Draft202012Validator(single).validate(answer["contents"][0])
    organizations = client.get("/api/hsds/kreis-a/organizations").json()
    Draft202012Validator(schema_of("/api/hsds/{tenant}/organizations")).validate(organizations)
