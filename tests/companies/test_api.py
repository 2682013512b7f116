"""/api/companies and /api/target against a real app and a real SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from intervoo.companies.catalog import bundled_companies
from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client

DATA = Path(__file__).parent / "data"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with authenticated_client(create_app(settings)) as test_client:
        yield test_client


def test_list_search_and_show(client: TestClient) -> None:
    listed = client.get("/api/companies").json()
    assert len(listed) == len(bundled_companies())
    assert {"slug", "name", "category", "aliases", "values", "bundled"} <= set(listed[0])
    assert [c["slug"] for c in client.get("/api/companies", params={"q": "aws"}).json()] == [
        "amazon"
    ]
    assert client.get("/api/companies", params={"q": "Nonexistent Widgets"}).json() == []
    assert client.get("/api/companies", params={"q": " "}).status_code == 422
    consulting = client.get("/api/companies", params={"category": "consulting"}).json()
    assert consulting and all(c["category"] == "consulting" for c in consulting)
    meta = client.get("/api/companies/meta").json()
    assert meta["name"] == "Meta" and meta["values"] and meta["interview_format"]
    assert client.get("/api/companies/facebook").json()["slug"] == "meta"
    missing = client.get("/api/companies/nonexistent-widgets")
    assert missing.status_code == 404 and "add it first" in missing.json()["detail"]


def test_user_companies_create_replace_delete(client: TestClient) -> None:
    body = {"name": "Acme Robotics", "aliases": ["acme"], "themes": ["ownership"],
            "values": [{"name": "Ship it", "meaning": "Deliver small and often."}]}  # fmt: skip
    created = client.post("/api/companies", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["slug"] == "acme-robotics" and created.json()["bundled"] is False
    replaced = client.post("/api/companies", json={**body, "category": "startup"})
    assert replaced.status_code == 200 and replaced.json()["category"] == "startup"
    assert client.get("/api/companies").json()[0]["slug"] == "acme-robotics"
    assert client.get("/api/companies/acme").json()["slug"] == "acme-robotics"
    assert client.delete("/api/companies/acme-robotics").status_code == 204
    assert client.delete("/api/companies/acme-robotics").status_code == 404
    assert client.delete("/api/companies/amazon").status_code == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "Amazon"}, "bundled company"),
        ({"name": "X", "themes": ["bravery"]}, "unknown theme"),
        ({"name": "X", "founded": 1999}, "founded"),
        ({"aliases": ["x"]}, "name"),
        (["not", "an", "object"], "company"),
    ],
)
def test_bad_company_is_422_with_a_reason(client: TestClient, body: object, message: str) -> None:
    response = client.post("/api/companies", json=body)
    assert response.status_code == 422
    assert message in json.dumps(response.json())


def test_target_put_and_get(client: TestClient) -> None:
    assert client.get("/api/target").json()["target"] is None
    case = json.loads((DATA / "job_descriptions.json").read_text())["cases"][2]
    body = {"company": "Gogle", "role": case["title"], "job_description": case["text"],
            "notes": "Team match after onsite"}  # fmt: skip
    put = client.put("/api/target", json=body)
    assert put.status_code == 200, put.text
    assert client.get("/api/target").json() == put.json()
    context = put.json()["context"]
    assert context["company"]["slug"] == "google"
    assert set(case["skills"]) <= set(context["skills"])
    assert set(case["themes"]) <= set(context["themes"])
    assert context["seniority"] == "staff"
    assert put.json()["target"]["requirements"]["skills"] == context["skills"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"company": "Nonexistent Widgets", "role": "SDE"}, 422),
        ({"company": "amazon", "role": ""}, 422),
        ({"company": "amazon", "role": "SDE", "job_description": "x" * 50_001}, 422),
        ({"company": "amazon"}, 422),
    ],
)
def test_bad_target_is_refused(client: TestClient, body: dict[str, str], status: int) -> None:
    response = client.put("/api/target", json=body)
    assert response.status_code == status
    assert client.get("/api/target").json()["target"] is None
