"""The optional LLM structuring pass, against a real 127.0.0.1 server speaking OpenAI's format:
every field it returns must be in the file; nothing it invents is imported."""

from __future__ import annotations

import json

import httpx

from intervoo.config import Settings
from intervoo.llm import create_client
from intervoo.resume import parse_bytes
from intervoo.resume.llm_structure import structure_with_llm
from tests.support.llm_server import LLMServer, answer

TEXT = """Sam Lee
sam@example.com

EXPERIENCE
Platform Group, Globex Corporation
2021 - Present
- Runs the platform team of eight

Staff Engineer — Initech — Mar 2017 - Jan 2021
- Built the billing system
"""


async def _structured(reply: dict[str, object], settings: Settings) -> tuple[object, object]:
    parsed = parse_bytes(TEXT.encode(), "resume.txt")
    async with LLMServer(answer([json.dumps(reply)])) as server:
        config = settings.model_copy(
            update={
                "llm_provider": "openai",
                "llm_model": "test-model",
                "llm_base_url": server.openai_base_url,
            }  # fmt: skip
        )
        async with httpx.AsyncClient() as http:
            llm = create_client(config, http)
            assert llm is not None
            result = await structure_with_llm(parsed, llm)
        sent = server.exchanges[0].body.decode()
    return result, sent


async def test_verified_roles_are_taken_and_invented_ones_refused(settings: Settings) -> None:
    reply = {"work": [
        {"name": "Globex Corporation", "position": "Platform Group", "startDate": "2021"},
        {"name": "Initech", "position": "Staff Engineer", "startDate": "2017-03",
         "endDate": "2021-01"},
        {"name": "Hooli", "position": "CTO", "startDate": "2015"},  # not in the file
        {"name": "Initech", "position": "Staff Engineer", "startDate": "2016-03"},  # wrong date
    ]}  # fmt: skip
    result, sent = await _structured(reply, settings)
    work = result.resume.work  # type: ignore[attr-defined]
    assert [(w.name, w.position, w.startDate) for w in work] == [
        ("Globex Corporation", "Platform Group", "2021"),
        ("Initech", "Staff Engineer", "2017-03"),
    ]
    assert work[1].highlights == ["Built the billing system"]  # kept from the offline parse
    messages = [d.message for d in result.doubts]  # type: ignore[attr-defined]
    assert sum("not in the file" in m for m in messages) == 2
    assert "Staff Engineer" in sent  # the parsed text is what was sent


async def test_a_reply_that_is_not_json_keeps_the_offline_roles(settings: Settings) -> None:
    parsed = parse_bytes(TEXT.encode(), "resume.txt")
    result, _ = await _structured({"roles": "no"}, settings)
    assert result.resume.work == parsed.resume.work  # type: ignore[attr-defined]
    assert any("could not be used" in d.message for d in result.doubts)  # type: ignore[attr-defined]
