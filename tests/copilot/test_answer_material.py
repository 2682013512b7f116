"""Every shape of question gets the material it needs, through `intervoo suggest` and /ws/live.

A JSON Resume in the older schema (`company`) and eight stories, for Stripe. Each
question is answered offline and through an LLM (a real HTTP server on 127.0.0.1
speaking the OpenAI wire format): the offline answer and the prompt the LLM was sent
are judged by `answers_check`, which reads only what left the copilot.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import LLMProvider, Settings
from intervoo.copilot.answer import HOLDING_LINE, Answer
from intervoo.copilot.context import CandidateContext, build_candidate_context
from intervoo.events import StatusEvent, SuggestionDone
from intervoo.resume.parse import parse_file
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import ParsedResume
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from tests.copilot.answers_check import DATA, Case, judge, load_cases, load_hendriks, stripe_target
from tests.live.server import auth_headers, live_client, running_server
from tests.support.llm_server import ThreadedLLMServer, openai_events, stream_reply

runner = CliRunner()
REPLY = stream_reply(openai_events(["Happy to answer."]))
# One question of each need, as the benchmark asks it.
CASES = list({case.need: case for case in reversed(load_cases()["with_stories"])}.values())
# Other wordings of a need: a concept asked as "explain what X is" (the thing is inside
# the clause; read as the clause, the opener said "what a hash map is — what it is").
CASES.append(Case(need="concept", text="Explain what a hash map is.", shape="concept", quiet=True))
# A work history asked the way the question classifier reads as behavioral (no kind cue
# but "you've had"): still a question about me, so the employers and a highlight with a
# number, not one story of how I did something.
CASES.append(
    Case(
        need="about_you",
        text="Can you take me through the jobs you've had?",
        employer=True,
        highlight=True,
    )
)
# "Why us" asked by the company's name: a name is no word the retrieval model knows, so
# the question is read as being about "the company" (read with the name, it was a concept
# question and got no value with my evidence for it).
CASES.append(Case(need="why_us", text="Why Stripe?", values=True))
IDS = [f"{c.need}-{i}" for i, c in enumerate(CASES)]


@pytest.fixture(scope="module")
def ctx() -> CandidateContext:
    resume, stories = load_hendriks(parse_file(DATA / "hendriks_resume.json").resume)
    return build_candidate_context(resume, stories, stripe_target())


def _seed(settings: Settings, ctx: CandidateContext) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        user_id = db.ensure_local_user()
        with db.session(user_id) as session:
            ResumeRepo(session, user_id).save(ParsedResume(resume=ctx.resume, source_format="json"))
            for story in ctx.stories:
                StoryRepo(session, user_id).add(story.model_copy())
    finally:
        db.dispose()


@pytest.fixture
def seeded(ctx: CandidateContext, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(tmp_path / "data"))
    _seed(Settings(), ctx)
    yield


def _answer(done: dict[str, object], ctx: CandidateContext) -> Answer:
    """The offline answer as the protocol carries it; its stories named by their sources."""
    sources = tuple(str(s) for s in done["sources"])  # type: ignore[attr-defined]
    by_title = {f"story: {s.title}": s.id for s in ctx.stories}
    told = tuple(by_title[s] for s in sources if s in by_title)
    text = str(done["text"])
    opener, *bullets = text.rstrip("\n").split("\n")
    return Answer(opener, tuple(b.removeprefix("- ") for b in bullets), sources, told)


def _suggest(case: Case, *extra: str) -> list[dict[str, object]]:
    args = ["suggest", case.text, "--company", "Stripe", "--role", "Software Engineer", "--json"]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_suggest_gives_each_question_its_material_on_both_paths(
    case: Case, ctx: CandidateContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline = _suggest(case, "--offline")[-1]
    with ThreadedLLMServer(REPLY) as llm:
        monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
        monkeypatch.setenv("INTERVOO_LLM_BASE_URL", llm.openai_base_url)
        monkeypatch.setenv("INTERVOO_LLM_MODEL", "test-model")
        streamed = _suggest(case)[-1]
        (sent,) = llm.exchanges
    prompt = "\n".join(m["content"] for m in sent.json()["messages"])
    verdict = judge(case, ctx, prompt, _answer(offline, ctx))
    # The holding line is on screen first; the model's text continues below it.
    assert streamed["text"] == f"{HOLDING_LINE}\nHappy to answer."
    assert not verdict.llm, verdict.llm
    assert not verdict.offline and not verdict.holes, (verdict, offline["text"])


async def test_the_live_websocket_sends_each_question_its_material(
    ctx: CandidateContext, settings: Settings
) -> None:
    _seed(settings, ctx)
    with ThreadedLLMServer(REPLY) as llm:
        settings.llm_provider = LLMProvider.OPENAI
        settings.llm_base_url = llm.openai_base_url
        settings.llm_model = "test-model"
        async with running_server(settings) as base, live_client(base, settings) as client:
            await client.send({"type": "start", "company": "Stripe", "role": "Software Engineer"})
            started = await client.wait_for(lambda e: isinstance(e, StatusEvent))
            for count, case in enumerate(CASES, start=1):
                await client.send({"type": "ask", "text": case.text})
                await client.wait_for(
                    lambda e, n=count: (
                        sum(isinstance(x, SuggestionDone) for x in client.events) >= n
                    )
                )
            async with httpx.AsyncClient(headers=auth_headers(settings)) as http:
                url = f"{base}/api/live/{started.session_id}/ledger"  # type: ignore[union-attr]
                ledger = (await http.get(url)).json()
    warm, *sent = ledger["sent_to_llm"]  # the session prefix, then each question
    assert warm["question_id"] == "prefix" and len(sent) == len(CASES)
    for case, entry in zip(CASES, sent, strict=True):
        prompt = "\n".join(m["content"] for m in entry["messages"])
        assert case.text in prompt
        problems = judge(case, ctx, prompt, Answer("", ())).llm
        assert not problems, (case.text, problems)


@pytest.mark.parametrize(
    "text", ["Tell me about a time you failed.", "What is your greatest weakness?"]
)
def test_a_problem_solved_is_not_told_for_a_setback(
    text: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """A story full of failure words whose situation befell others (backups that failed
    for weeks, then fixed by me) is labelled when saved as no setback: neither path gives it
    for a failure or weakness question, next to the library's one real setback (a second
    setback story is material the LLM is sent)."""
    from tests.copilot.test_shapes import BACKUPS

    resume, stories = load_hendriks(parse_file(DATA / "hendriks_resume.json").resume)
    kept = tuple(s for s in stories if s.id != "h-delegate")
    library = build_candidate_context(resume, (*kept, BACKUPS), stripe_target())
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(tmp_path / "data"))
    _seed(Settings(), library)
    case = Case(need="failure", text=text, stories=("h-late-launch",), forbid=(BACKUPS.id,))
    offline = _suggest(case, "--offline")[-1]
    with ThreadedLLMServer(REPLY) as llm:
        monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
        monkeypatch.setenv("INTERVOO_LLM_BASE_URL", llm.openai_base_url)
        monkeypatch.setenv("INTERVOO_LLM_MODEL", "test-model")
        _suggest(case)
        (sent,) = llm.exchanges
    prompt = "\n".join(m["content"] for m in sent.json()["messages"])
    verdict = judge(case, library, prompt, _answer(offline, library))
    assert not verdict.llm, verdict.llm
    assert not verdict.offline and not verdict.holes, (verdict, offline["text"])
