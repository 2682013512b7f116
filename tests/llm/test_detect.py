"""Finding a local OpenAI-compatible server, testing a model, keeping the choice and its key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import LLM_CHOICE_FILE, Settings, load_settings
from intervoo.llm.detect import FoundServer, detect
from intervoo.security.secrets import KeyringUnavailable, keyring_secret, store_keyring_secret
from intervoo.web.app import create_app
from tests.live.server import auth_headers, running_server
from tests.support.llm_server import (
    Exchange,
    LLMServer,
    Reply,
    ThreadedLLMServer,
    json_error,
    models_reply,
    openai_reply,
)
from tests.support.net import free_port

runner = CliRunner()
KEY = "sk-local-0123456789abcdef"


def local_server(exchange: Exchange) -> Reply:
    """What llama.cpp's server answers: its models, and a streamed chat completion."""
    if exchange.method == "GET" and exchange.path == "/v1/models":
        return models_reply("qwen2.5-0.5b-instruct", "llama-3.2-1b")
    return openai_reply(["Ready", "."])


class MemoryKeyring(KeyringBackend):
    """An OS keyring at the `keyring` package's own seam: what a desktop's backend stores."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)


async def test_detect_lists_the_models_of_a_server_and_skips_what_is_not_one() -> None:
    closed = free_port()
    async with LLMServer(local_server) as llm, LLMServer(json_error(404, "no")) as other:
        found = await detect([llm.port, other.port, closed])
    mine = [s for s in found if s.base_url == f"http://127.0.0.1:{llm.port}/v1"]
    assert mine == [
        FoundServer(
            "OpenAI-compatible server",
            f"http://127.0.0.1:{llm.port}/v1",
            ("qwen2.5-0.5b-instruct", "llama-3.2-1b"),
        )
    ]
    assert not [s for s in found if str(other.port) in s.base_url or str(closed) in s.base_url]


def test_llm_detect_lists_then_saves_a_tested_choice_that_later_runs_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(tmp_path / "data"))
    with ThreadedLLMServer(local_server) as llm:
        monkeypatch.setenv("INTERVOO_LLM_DETECT_PORTS", json.dumps([llm.server.port]))
        listed = runner.invoke(app, ["llm", "detect"])
        saved = runner.invoke(app, ["llm", "detect", "--save", "--model", "llama-3.2-1b"])
        again = runner.invoke(app, ["llm", "test", "--json"])  # no LLM in the environment
        chat = [e for e in llm.exchanges if e.path == "/v1/chat/completions"]
    assert listed.exit_code == 0, listed.output
    assert f"at {llm.openai_base_url}: qwen2.5-0.5b-instruct, llama-3.2-1b" in listed.stdout
    assert saved.exit_code == 0, saved.output
    assert "llama-3.2-1b at" in saved.stdout and "saved" in saved.stdout
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["model"] == "llama-3.2-1b"
    assert [json.loads(e.body)["model"] for e in chat] == ["llama-3.2-1b", "llama-3.2-1b"]
    choice = json.loads((tmp_path / "data" / LLM_CHOICE_FILE).read_text())
    assert choice == {
        "llm_provider": "openai",
        "llm_base_url": llm.openai_base_url,
        "llm_model": "llama-3.2-1b",
    }
    assert (tmp_path / "data" / LLM_CHOICE_FILE).stat().st_mode & 0o077 == 0


def test_llm_detect_says_which_ports_it_tried_when_nothing_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTERVOO_LLM_DETECT_PORTS", json.dumps([free_port()]))
    result = runner.invoke(app, ["llm", "detect"])
    if result.exit_code == 0:
        pytest.skip(f"a real local LLM server runs on this machine: {result.stdout}")
    assert result.exit_code == 1
    assert "11434 (Ollama)" in result.stderr and "8080 (llama.cpp)" in result.stderr


def test_the_environment_wins_over_the_saved_choice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / LLM_CHOICE_FILE).write_text(
        json.dumps({"llm_model": "saved", "llm_provider": "openai"})
    )
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(data))
    monkeypatch.setenv("INTERVOO_LLM_MODEL", "from-env")
    settings = load_settings()
    assert settings.llm_model == "from-env" and settings.llm_provider.value == "openai"


def test_the_key_goes_to_the_os_keyring(os_keyring: MemoryKeyring) -> None:
    store_keyring_secret("llm_api_key", KEY)
    assert os_keyring.passwords == {("intervoo", "llm_api_key"): KEY}
    assert keyring_secret("llm_api_key") == KEY


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_backend_storing_a_key_says_what_to_do() -> None:
    with pytest.raises(KeyringUnavailable, match="INTERVOO_LLM_API_KEY"):
        store_keyring_secret("llm_api_key", KEY)


async def test_settings_routes_find_test_and_use_a_local_llm_without_a_restart(
    settings: Settings, os_keyring: MemoryKeyring
) -> None:
    async with LLMServer(local_server) as llm:
        settings.llm_detect_ports = [llm.port]
        web = create_app(settings)
        async with running_server(settings, web) as base:
            async with httpx.AsyncClient(base_url=base, headers=auth_headers(settings)) as http:
                found = (await http.post("/api/settings/llm/detect")).json()
                server = next(s for s in found["servers"] if s["base_url"] == llm.openai_base_url)
                choice = {"base_url": server["base_url"], "model": server["models"][0]}
                tested = await http.post("/api/settings/llm/test", json=choice)
                used = await http.put("/api/settings/llm", json={**choice, "api_key": KEY})
    assert tested.status_code == 200 and tested.json()["model"] == "qwen2.5-0.5b-instruct"
    assert used.status_code == 200, used.text
    assert used.json()["llm_model"] == "qwen2.5-0.5b-instruct"
    assert used.json()["llm_api_key"] == "****" + KEY[-4:]
    assert settings.llm_base_url == llm.openai_base_url  # what the next live session reads
    assert os_keyring.passwords[("intervoo", "llm_api_key")] == KEY
    assert KEY not in (settings.data_dir / LLM_CHOICE_FILE).read_text()


@pytest.mark.usefixtures("no_keyring")
async def test_choosing_an_llm_with_a_key_and_no_keyring_is_refused_and_saves_nothing(
    settings: Settings,
) -> None:
    async with running_server(settings) as base:
        async with httpx.AsyncClient(base_url=base, headers=auth_headers(settings)) as http:
            choice = {"base_url": "http://127.0.0.1:9/v1", "model": "m", "api_key": KEY}
            refused = await http.put("/api/settings/llm", json=choice)
    assert refused.status_code == 422
    assert "no OS keyring" in refused.json()["detail"]
    assert not (settings.data_dir / LLM_CHOICE_FILE).exists()
