"""/api/resume through the real app (lifespan, migrations, local user, tenant transactions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client
from tests.support.resumes import SAMPLE, build, image_only_pdf


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with authenticated_client(create_app(settings)) as test_client:
        yield test_client


def _upload(client: TestClient, filename: str, data: bytes, content_type: str = "") -> object:
    files = {"file": (filename, data, content_type or "application/octet-stream")}
    return client.post("/api/resume", files=files)


def test_upload_then_get_then_correct(client: TestClient) -> None:
    assert client.get("/api/resume").status_code == 404
    filename, data = build("pdf-one-column")
    response = client.post("/api/resume", files={"file": (filename, data, "application/pdf")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert [w["name"] for w in body["resume"]["work"]] == [w.name for w in SAMPLE.work]
    assert body["doubts"] == [] and body["source_format"] == "pdf"
    assert body["imported"]["roles"] == 3
    assert "source_text" not in body

    current = client.get("/api/resume").json()
    assert current["resume"] == body["resume"]

    corrected = current["resume"]
    corrected["work"][1]["position"] = "Software Engineer II"
    put = client.put("/api/resume", json=corrected)
    assert put.status_code == 200
    assert put.json()["resume"]["work"][1]["id"] == body["resume"]["work"][1]["id"]
    assert client.get("/api/resume").json()["resume"]["work"][1]["position"] == (
        "Software Engineer II"
    )


def test_bad_uploads_leave_the_saved_resume_alone(client: TestClient) -> None:
    filename, data = build("docx")
    saved = client.post("/api/resume", files={"file": (filename, data)}).json()
    cases = [
        ("scan.pdf", image_only_pdf(), 422, "scanned"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, 415, "Unsupported"),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), 413, "10 MB"),
        ("empty.txt", b"", 422, "empty"),
        ("r.json", b'{"work": [{"startDate": "soon"}]}', 422, "work[0].startDate"),
    ]
    for name, payload, status, words in cases:
        response = client.post("/api/resume", files={"file": (name, payload)})
        assert response.status_code == status, name
        assert words in response.json()["detail"], name
    assert client.get("/api/resume").json()["resume"] == saved["resume"]


def test_put_names_the_bad_field(client: TestClient) -> None:
    assert client.put("/api/resume", json={"work": []}).status_code == 404
    filename, data = build("markdown")
    client.post("/api/resume", files={"file": (filename, data)})
    response = client.put("/api/resume", json={"work": [{"name": "X", "highlights": "oops"}]})
    assert response.status_code == 422
    assert "work[0].highlights" in response.json()["detail"]


def test_upload_without_a_file_is_422(client: TestClient) -> None:
    assert client.post("/api/resume").status_code == 422


HOSTILE_JSON = {
    "surrogate": b'{"basics": {"name": "\\ud800"}}',
    "nul": b'{"basics": {"name": "a\\u0000b"}}',
    "nested-600": b'{"basics": {"name": "J"}, "work": [' + b"[" * 600 + b"]" * 600 + b"]}",
    "nested-100k": b'{"basics": {"name": "J"}, "work": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
    "5000-digits": b'{"basics": {"name": "J"}, "work": [{"name": ' + b"9" * 5000 + b"}]}",
}


def test_hostile_json_is_a_clear_4xx_on_upload_and_put(client: TestClient) -> None:
    filename, data = build("docx")
    assert _upload(client, filename, data).status_code == 201  # type: ignore[attr-defined]
    for name, body in HOSTILE_JSON.items():
        uploaded = _upload(client, "resume.json", body, "application/json")
        assert 400 <= uploaded.status_code < 500, (name, uploaded.text)  # type: ignore[attr-defined]
        headers = {"content-type": "application/json"}
        put = client.put("/api/resume", content=body, headers=headers)
        assert 400 <= put.status_code < 500, (name, put.text)
    assert client.get("/api/resume").json()["resume"]["basics"]["name"] == SAMPLE.basics.name


def test_llm_structuring_without_an_llm_keeps_the_offline_parse(client: TestClient) -> None:
    filename, data = build("docx")
    files = {"file": (filename, data, "application/octet-stream")}
    response = client.post("/api/resume", files=files, data={"structure": "llm"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert [w["name"] for w in body["resume"]["work"]] == [w.name for w in SAMPLE.work]
    assert any("no LLM is configured" in d["message"] for d in body["doubts"])
    bad = client.post("/api/resume", files=files, data={"structure": "magic"})
    assert bad.status_code == 422
