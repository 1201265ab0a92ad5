"""The OpenAPI document: every operation documented with problem responses, request bodies
with examples that the API itself accepts, and the bearer scheme."""

from __future__ import annotations

from typing import Any

from assistant.api.schemas import EditRequest, ScenarioCreate, SolveRequest
from tests.assistant.api.conftest import Crew


def _schema(crew: Crew) -> dict[str, Any]:
    r = crew.client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc: dict[str, Any] = r.json()
    return doc


def test_every_operation_is_documented(crew: Crew) -> None:
    """Each operation has a summary or description and documents its error responses."""
    doc = _schema(crew)
    assert doc["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    ops = [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()]
    assert len(ops) >= 30
    for path, method, op in ops:
        assert op.get("description") or op.get("summary"), (path, method)
        if path != "/api/v1/health":
            assert "401" in op["responses"], (path, method)
            problem = op["responses"]["401"]["content"]
            assert "application/problem+json" in problem, (path, method)


def test_request_examples_are_valid(crew: Crew) -> None:
    """The examples the document shows for request bodies validate against their models."""
    schemas = _schema(crew)["components"]["schemas"]
    for model in (EditRequest, ScenarioCreate, SolveRequest):
        examples = schemas[model.__name__]["examples"]
        assert examples
        for example in examples:
            model.model_validate(example)
    assert schemas["EditRequest"]["examples"][0]["edits"][0]["op"] == "scale_demand"


def test_edit_examples_apply_to_the_demo_shape(crew: Crew) -> None:
    """The first edit example applies to live (the north region exists): 201."""
    sc = crew.create("ann", "example")
    example = _schema(crew)["components"]["schemas"]["EditRequest"]["examples"][0]
    r = crew.post(
        "ann", f"/api/v1/scenarios/{sc['id']}/edits", headers={"If-Match": '"1"'}, json=example
    )
    assert r.status_code == 201, r.text


def test_docs_work_offline(crew: Crew) -> None:
    """The Swagger UI page loads its script and styles from this server, not from a CDN."""
    page = crew.client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/vendor/swagger-ui-bundle.js" in page.text and "cdn.jsdelivr" not in page.text
    assert "/api/v1/openapi.json" in page.text
    js = crew.client.get("/vendor/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert crew.client.get("/vendor/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert crew.client.get("/vendor/secrets.txt").status_code == 404
    assert crew.client.get("/vendor/plotly.min.js").status_code == 200
