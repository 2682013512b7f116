"""Find OpenAI-compatible LLM servers running on this machine, and the models they serve.

Local servers answer `GET /v1/models` in the OpenAI format on well-known ports:
Ollama 11434, llama.cpp's server 8080, LM Studio 1234, vLLM 8000 (plus any in
INTERVOO_LLM_DETECT_PORTS). Each port is tried at once, on 127.0.0.1 only, with a
short timeout: a closed port answers in microseconds, and nothing is sent anywhere
else. `detect` never raises for a port that is closed or speaks something else.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

# Port -> the server that usually listens there.
KNOWN_PORTS: dict[int, str] = {
    11434: "Ollama",
    8080: "llama.cpp",
    1234: "LM Studio",
    8000: "vLLM",
}
HOST = "127.0.0.1"
TIMEOUT_S = 1.5
MAX_MODELS = 50


@dataclass(frozen=True)
class FoundServer:
    name: str  # what usually listens on the port ("Ollama"), or "OpenAI-compatible server"
    base_url: str  # what INTERVOO_LLM_BASE_URL takes: http://127.0.0.1:PORT/v1
    models: tuple[str, ...]


async def detect(extra_ports: tuple[int, ...] | list[int] = ()) -> list[FoundServer]:
    """Every server found, in port order of `KNOWN_PORTS` then `extra_ports`."""
    ports = list(dict.fromkeys([*KNOWN_PORTS, *extra_ports]))
    timeout = httpx.Timeout(TIMEOUT_S)
    # trust_env=False: a proxy from the environment must never see a localhost probe.
    async with httpx.AsyncClient(timeout=timeout, trust_env=False) as http:
        found = await asyncio.gather(*(_probe(http, port) for port in ports))
    return [server for server in found if server is not None]


async def _probe(http: httpx.AsyncClient, port: int) -> FoundServer | None:
    base_url = f"http://{HOST}:{port}/v1"
    try:
        response = await http.get(f"{base_url}/models")
    except httpx.HTTPError:
        return None
    models = _model_ids(response)
    if models is None:
        return None
    return FoundServer(KNOWN_PORTS.get(port, "OpenAI-compatible server"), base_url, models)


def _model_ids(response: httpx.Response) -> tuple[str, ...] | None:
    """The model ids of an OpenAI `/v1/models` reply; None when it is not one."""
    if response.status_code != 200:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return None
    ids = [
        item["id"] for item in data if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]
    return tuple(ids[:MAX_MODELS])
