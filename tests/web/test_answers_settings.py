"""/api/answers (only what the user saves from live) and /api/settings (no secrets shown)."""

from __future__ import annotations

from pathlib import Path

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client


def test_saved_answers_round_trip_with_the_active_target(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        assert client.put("/api/target", json={"company": "Amazon", "role": "SDE II"}).is_success
        body = {"question": "Why here?", "answer": "Because…\n- one", "kind": "motivation",
                "sources": ["company: Amazon — Customer Obsession"]}  # fmt: skip
        saved = client.post("/api/answers", json=body)
        assert saved.status_code == 201, saved.text
        assert (saved.json()["company_slug"], saved.json()["role"]) == ("amazon", "SDE II")
        listed = client.get("/api/answers").json()
        assert [a["id"] for a in listed] == [saved.json()["id"]]
        assert client.delete(f"/api/answers/{saved.json()['id']}").status_code == 204
        assert client.get("/api/answers").json() == []
        assert client.delete(f"/api/answers/{saved.json()['id']}").status_code == 404


def test_a_saved_answer_needs_a_question_and_an_answer(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        refused = client.post("/api/answers", json={"question": "", "answer": "x"})
        assert refused.status_code == 422
        no_answer = client.post("/api/answers", json={"question": "q", "kind": "nope"})
        assert no_answer.status_code == 422


def test_settings_show_the_llm_and_stt_but_never_the_key(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", llm_provider="openai", llm_model="m-1",
        llm_api_key="sk-secret-value-1234", stt_engine="pocketsphinx",
    )  # fmt: skip
    with authenticated_client(create_app(settings)) as client:
        shown = client.get("/api/settings").json()
    assert shown["llm_provider"] == "openai" and shown["llm_model"] == "m-1"
    assert shown["stt_engine"] == "pocketsphinx"
    assert "secret" not in str(shown) and shown["llm_api_key"].endswith("1234")
    assert "database_url" not in shown and "data_dir" not in shown


def test_llm_test_without_an_llm_says_how_to_configure_one(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        response = client.post("/api/settings/llm/test")
    assert response.status_code == 422
    assert "INTERVOO_LLM_PROVIDER" in response.json()["detail"]
