from pathlib import Path

import pytest

from intervoo.config import (
    LLMProvider,
    SettingsError,
    load_settings,
    mask_secret,
    mask_url_password,
    public_view,
)


def test_defaults_are_local_offline_sqlite(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8765
    assert settings.llm_provider is LLMProvider.NONE
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'data' / 'intervoo.db'}"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVOO_PORT", "9000")
    monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "anthropic")
    settings = load_settings()
    assert settings.port == 9000
    assert settings.llm_provider is LLMProvider.ANTHROPIC


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("INTERVOO_LLM_MODEL=llama3\n")
    assert load_settings().llm_model == "llama3"


def test_bad_value_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVOO_PORT", "abc")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert len(info.value.lines) == 1
    assert "INTERVOO_PORT" in info.value.lines[0]


def test_secrets_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVOO_LLM_API_KEY", "sk-verysecretkey-1234")
    monkeypatch.setenv("INTERVOO_DATABASE_URL", "postgresql+psycopg://app:hunter2@db/intervoo")
    monkeypatch.setenv("INTERVOO_DATABASE_ADMIN_URL", "postgresql+psycopg://admin:t0psecret@db/x")
    view = public_view(load_settings())
    rendered = " ".join(view.values())
    assert "verysecret" not in rendered
    assert "hunter2" not in rendered
    assert "t0psecret" not in rendered
    assert view["database_admin_url"] == "postgresql+psycopg://admin:****@db/x"
    assert view["llm_api_key"] == "****1234"


def test_masking_helpers() -> None:
    assert mask_secret(None) == "(not set)"
    assert mask_secret("short") == "****"
    assert mask_url_password("sqlite:///x.db") == "sqlite:///x.db"
    assert mask_url_password("postgresql://u:p@h/db") == "postgresql://u:****@h/db"
