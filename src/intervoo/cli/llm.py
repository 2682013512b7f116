"""`intervoo llm`: check the configured model, and talk to it from the terminal.

Only typer is imported at module level: every `intervoo` run loads this group.
"""

from __future__ import annotations

import json
from collections.abc import Coroutine
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from intervoo.cli.common import get_settings

if TYPE_CHECKING:
    from intervoo.config import Settings
    from intervoo.llm import LLMError, Message
    from intervoo.llm.detect import FoundServer

llm_app = typer.Typer(
    rich_markup_mode=None, help="Check and talk to the configured LLM.", no_args_is_help=True
)

T = TypeVar("T")


@llm_app.command("test")
def test_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Send a tiny prompt; print the model, time to first token and tokens/s."""
    from intervoo.llm.probe import measure

    settings = _settings()
    result = _run(measure(settings), as_json=as_json)
    if as_json:
        typer.echo(json.dumps(asdict(result)))
        return
    source = "reported by the server" if result.tokens_reported else "counted from chunks"
    rate = "n/a" if result.tokens_per_s is None else f"{result.tokens_per_s:.1f}"
    ttft = "n/a (empty reply)" if result.ttft_ms is None else f"{result.ttft_ms:.0f} ms"
    typer.echo(f"provider      {result.provider} at {result.endpoint}")
    typer.echo(f"model         {result.model}")
    typer.echo(f"first token   {ttft}")
    typer.echo(f"tokens/s      {rate} ({result.tokens} tokens, {source})")
    typer.echo(f"total         {result.total_ms:.0f} ms")


@llm_app.command("detect")
def detect_command(
    save: bool = typer.Option(
        False,
        "--save",
        help="Test the model (--model, else the first found) and use it from now on.",
    ),
    model: str | None = typer.Option(None, help="The model to test and save."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Find an OpenAI-compatible LLM server on this machine (Ollama, llama.cpp, LM Studio,
    vLLM) and list its models; with --save, test one and keep the choice."""
    import asyncio  # loads with the command, not with --help

    from intervoo.llm.detect import KNOWN_PORTS, detect

    settings = _settings()
    found = asyncio.run(detect(settings.llm_detect_ports))
    if as_json and not save:
        typer.echo(json.dumps({"servers": [asdict(server) for server in found]}))
    elif not save:
        for server in found:
            models = ", ".join(server.models) or "(no model loaded)"
            typer.echo(f"{server.name} at {server.base_url}: {models}")
    if not found:
        tried = [f"{port} ({name})" for port, name in KNOWN_PORTS.items()]
        ports = ", ".join([*tried, *map(str, settings.llm_detect_ports)])
        typer.echo(
            f"error: no local LLM server answered on 127.0.0.1 ports {ports}; start one, or set "
            "INTERVOO_LLM_BASE_URL (or INTERVOO_LLM_DETECT_PORTS for another port)",
            err=True,
        )
        raise typer.Exit(1)
    if save:
        _save_found(settings, found, model, as_json=as_json)


def _save_found(
    settings: Settings, found: list[FoundServer], model: str | None, *, as_json: bool
) -> None:
    """Test the chosen model with one tiny request, then keep it (endpoint and model only)."""
    from intervoo.config import LLMProvider, save_llm_choice
    from intervoo.llm.probe import measure

    pick = next(((s, m) for s in found for m in s.models if model in (None, m)), None)
    if pick is None:
        wanted = f"model {model!r}" if model else "any model"
        typer.echo(f"error: no server found serves {wanted}", err=True)
        raise typer.Exit(1)
    server, chosen = pick
    candidate = settings.model_copy(
        update={
            "llm_provider": LLMProvider.OPENAI,
            "llm_base_url": server.base_url,
            "llm_model": chosen,
        }
    )
    result = _run(measure(candidate), as_json=as_json)
    save_llm_choice(settings, LLMProvider.OPENAI, server.base_url, chosen)
    if as_json:
        typer.echo(
            json.dumps(
                {"saved": {"base_url": server.base_url, "model": chosen}, "test": asdict(result)}
            )
        )
        return
    ttft = (
        "no text came back"
        if result.ttft_ms is None
        else f"first token after {result.ttft_ms:.0f} ms"
    )
    typer.echo(
        f"{chosen} at {server.base_url} works ({ttft}); saved: Intervoo uses it from now on."
    )


@llm_app.command("ask")
def ask_command(
    prompt: str = typer.Argument(..., help="What to ask the model."),
    as_json: bool = typer.Option(
        False, "--json", help='One {"type":"delta"} line per chunk, then {"type":"done"}.'
    ),
    system: str | None = typer.Option(None, help="An optional system message."),
    max_tokens: int = typer.Option(400, min=1, help="Longest reply, in tokens."),
    temperature: float = typer.Option(0.3, min=0.0, max=2.0, help="Sampling temperature."),
) -> None:
    """Stream the model's raw reply to PROMPT as it arrives."""
    if not prompt.strip():
        typer.echo("error: the prompt is empty", err=True)
        raise typer.Exit(2)
    settings = _settings()
    messages: list[Message] = [{"role": "user", "content": prompt}]
    if system:
        messages.insert(0, {"role": "system", "content": system})
    _run(_ask(settings, messages, max_tokens, temperature, as_json), as_json=as_json)


def _settings() -> Settings:

    return get_settings()


def _run(work: Coroutine[Any, Any, T], *, as_json: bool) -> T:
    """Run one command's async work; turn LLM errors and Ctrl-C into clear exits."""
    import asyncio  # loads with the command, not with --help

    from intervoo.llm import LLMError

    try:
        return asyncio.run(work)
    except LLMError as error:
        _report(error, as_json)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


def _report(error: LLMError, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"type": "error", "code": error.code, "message": error.message}))
    else:
        typer.echo(f"error: {error.message}", err=True)


async def _ask(
    settings: Settings,
    messages: list[Message],
    max_tokens: int,
    temperature: float,
    as_json: bool,
) -> None:
    from intervoo.llm.http import llm_http
    from intervoo.llm.probe import require_client

    parts: list[str] = []
    async with llm_http(settings) as http:
        client = require_client(settings, http)
        stream = client.stream(messages, max_tokens=max_tokens, temperature=temperature)
        try:
            async with stream:
                async for delta in stream:
                    parts.append(delta)
                    if as_json:
                        typer.echo(json.dumps({"type": "delta", "text": delta}, ensure_ascii=False))
                    else:
                        typer.echo(delta, nl=False)
        finally:
            if parts and not as_json:
                typer.echo()  # end the partial line, even when an error follows
    if as_json:
        done = {"type": "done", "text": "".join(parts), "ttft_ms": stream.ttft_ms}
        typer.echo(json.dumps(done, ensure_ascii=False))
