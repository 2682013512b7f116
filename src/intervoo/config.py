"""Settings: one pydantic-settings class, read from the environment (prefix INTERVOO_) and .env."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class LLMProvider(StrEnum):
    NONE = "none"
    OPENAI = "openai"
    ANTHROPIC = "anthropic"


class Mode(StrEnum):
    LOCAL = "local"
    SERVER = "server"


def default_data_dir() -> Path:
    return Path(user_data_dir("intervoo", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create the data dir readable by its owner only (0700); an existing dir is left as is
    (INTERVOO_DATA_DIR may name a folder the user chose)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


class Settings(BaseSettings):
    """Every knob Intervoo has. Defaults run a private, single-user, offline install."""

    model_config = SettingsConfigDict(
        env_prefix="INTERVOO_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    mode: Mode = Mode.LOCAL
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    database_admin_url: str | None = None
    # Connections each app process keeps to PostgreSQL (and may open beyond that at peaks):
    # instances x workers x (pool + overflow) must stay under the server's max_connections.
    db_pool_size: int = Field(default=5, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    # Server mode with several instances: every limit, counter and live ledger is shared
    # through this Redis (redis://host:6379/0); unset, each process keeps its own in memory.
    redis_url: str | None = None
    redis_prefix: str = Field(default="intervoo", min_length=1)
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=1, le=65535)
    log_level: str = "INFO"
    # At shutdown (SIGTERM), seconds open requests and live sockets get before they are closed.
    shutdown_timeout_s: int = Field(default=30, ge=0)

    llm_provider: LLMProvider = LLMProvider.NONE
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_proxy: str | None = None  # the only proxy used; HTTP(S)_PROXY are ignored
    llm_timeout_connect_s: float = Field(default=5.0, gt=0)
    llm_timeout_first_token_s: float = Field(default=10.0, gt=0)
    llm_timeout_idle_s: float = Field(default=10.0, gt=0)
    # Ports `intervoo llm detect` tries besides the usual ones of local LLM servers.
    llm_detect_ports: list[int] = Field(default_factory=list)

    stt_engine: str = "faster-whisper"
    stt_model: str | None = None
    # `serve` loads the speech model in the background once it answers, so the first words
    # of a live session are not spent waiting for it; tests turn this off to save CPU.
    warm_speech_model: bool = True
    # Live sessions whose audio the server transcribes at once; 0: as many as its CPUs keep
    # up with (intervoo.live.admission). Sessions that send text only are not counted.
    live_audio_sessions: int = Field(default=0, ge=0)
    # Where `intervoo browser-stt install` puts the browser's speech runtime; unset: the data dir.
    browser_runtime_dir: Path | None = None

    @field_validator("data_dir", mode="before")
    @classmethod
    def _expand_data_dir(cls, value: Any) -> Any:
        if isinstance(value, str):
            return Path(value).expanduser()
        return value

    @property
    def effective_database_url(self) -> str:
        """The app's database: the configured URL or a SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'intervoo.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


SECRET_FIELDS = frozenset({"llm_api_key"})
URL_FIELDS = frozenset({"database_url", "database_admin_url", "redis_url"})  # may hold a password


def mask_secret(value: str | None) -> str:
    """Show that a secret is set without revealing it."""
    if not value:
        return "(not set)"
    return "****" + value[-4:] if len(value) > 12 else "****"


def mask_url_password(url: str | None) -> str | None:
    """Hide the password part of a database URL."""
    if not url or "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" not in creds:
        return url
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:****@{host}"


def public_view(settings: Settings) -> dict[str, str]:
    """Settings as strings with every secret masked: what `config show` prints."""
    view: dict[str, str] = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if name in SECRET_FIELDS:
            view[name] = mask_secret(value.get_secret_value() if value else None)
        elif name in URL_FIELDS:
            view[name] = mask_url_password(value) or "(not set)"
        else:
            view[name] = "(not set)" if value is None else str(value)
    view["effective_database_url"] = str(mask_url_password(settings.effective_database_url))
    return view


class SettingsError(Exception):
    """Settings that failed validation, one readable line per bad field."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def load_settings(**overrides: Any) -> Settings:
    """Build Settings, turning pydantic's ValidationError into one line per field. The LLM
    chosen in Settings (`llm detect`, the web screen) fills what the environment left unset."""
    try:
        return with_saved_llm_choice(Settings(**overrides))
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None


# The LLM the user picked, kept in the data dir. Never the key: that goes to the keyring.
LLM_CHOICE_FILE = "llm.json"
LLM_CHOICE_FIELDS = ("llm_provider", "llm_base_url", "llm_model")


def with_saved_llm_choice(settings: Settings) -> Settings:
    """`settings` with the saved LLM choice for each field the environment did not set."""
    path = settings.data_dir / LLM_CHOICE_FILE
    if not path.is_file():
        return settings
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError([f"cannot read the saved LLM choice {path}: {exc}"]) from None
    if not isinstance(saved, dict):
        raise SettingsError([f"the saved LLM choice {path} is not a JSON object"])
    unset = {
        k: saved[k] for k in LLM_CHOICE_FIELDS if k in saved and k not in settings.model_fields_set
    }
    if not unset:
        return settings
    return Settings.model_validate({**settings.model_dump(exclude_unset=True), **unset})


def save_llm_choice(
    settings: Settings, provider: LLMProvider, base_url: str, model: str
) -> Settings:
    """Keep the choice for later runs (owner-only file) and return settings using it now."""
    chosen = {"llm_provider": provider.value, "llm_base_url": base_url, "llm_model": model}
    path = ensure_private_dir(settings.data_dir) / LLM_CHOICE_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(chosen, indent=2) + "\n", encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)
    return settings.model_copy(update={**chosen, "llm_provider": provider})


def _describe(exc: ValidationError) -> list[str]:
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "settings"
        env = f"INTERVOO_{field.upper()}"
        lines.append(f"invalid setting {env}: {error['msg']} (got {error.get('input')!r})")
    return lines
