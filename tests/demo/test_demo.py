"""The demo: the sample candidate loads (once, and never over someone's own resume), its
audio is a small 16 kHz WAV, and `intervoo demo` plays it through the real pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from intervoo.companies.target_repo import TargetRepo
from intervoo.config import Settings
from intervoo.demo import sample
from intervoo.demo.loader import DemoConflictError, load_demo
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client
from tests.support.resumes import SAMPLE, to_json_resume


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings)
    database.upgrade()
    yield database
    database.dispose()


def test_loading_twice_keeps_one_copy_of_everything(db: Database) -> None:
    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        first = load_demo(session, user_id)
        count = len(StoryRepo(session, user_id).list())
    with db.session(user_id) as session:
        second = load_demo(session, user_id)
        assert len(StoryRepo(session, user_id).list()) == count
        target = TargetRepo(session, user_id).get_active()
    assert first == second
    assert first.stories == len(sample.stories())
    assert target is not None and target.role == sample.ROLE


def test_own_resume_is_only_replaced_when_asked(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        own = to_json_resume(SAMPLE)
        uploaded = client.post("/api/resume", files={"file": ("me.json", own, "application/json")})
        assert uploaded.status_code == 201, uploaded.text
        refused = client.post("/api/demo")
        assert refused.status_code == 409
        assert "your own resume" in refused.json()["detail"]
        assert client.get("/api/resume").json()["resume"]["basics"]["name"] == SAMPLE.basics.name

        replaced = client.post("/api/demo?replace=true")
        assert replaced.status_code == 201, replaced.text
        assert replaced.json()["questions"] == list(sample.QUESTIONS)
        resume = client.get("/api/resume").json()["resume"]
        assert resume["basics"]["name"] == sample.CANDIDATE_NAME


def test_loader_refuses_without_replace(db: Database) -> None:
    from intervoo.resume import parse_bytes
    from intervoo.resume.service import import_resume

    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        import_resume(session, user_id, parse_bytes(to_json_resume(SAMPLE), "me.json"))
    with pytest.raises(DemoConflictError), db.session(user_id) as session:
        load_demo(session, user_id)


def test_the_audio_is_a_small_16k_mono_wav(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        response = client.get("/api/demo/audio")
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    path = sample.audio_path()
    assert response.content == path.read_bytes()
    with wave.open(str(path)) as reader:
        shape = (reader.getframerate(), reader.getnchannels(), reader.getsampwidth())
        seconds = reader.getnframes() / reader.getframerate()
    assert shape == (16000, 1, 2)
    assert 5 * len(sample.QUESTIONS) < seconds < 10 * len(sample.QUESTIONS)
    assert path.stat().st_size < 1_000_000


@pytest.mark.slow
def test_intervoo_demo_plays_the_interview_through_the_pipeline(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "intervoo.cli", "demo", "--fast", "--json"],
        env={**os.environ, "INTERVOO_DATA_DIR": str(tmp_path / "never-used")},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    questions = [e for e in events if e["type"] == "question" and not e["speculative"]]
    assert [q["kind"] for q in questions] == ["behavioral", "behavioral", "motivation"]
    done = {e["question_id"]: e for e in events if e["type"] == "suggestion.done"}
    deadline_answer = done[questions[0]["id"]]
    assert "6 weeks instead of 12" in deadline_answer["text"]
    assert any("carrier-billing" in source for source in deadline_answer["sources"])
    # The disagreement is the retry-design story, not the deadline one (whose "check-ins
    # with finance" once read as a disagreement), and it is not cut by the next question:
    # a file played fast has no pause an answer could fill.
    disagreement = done[questions[1]["id"]]
    assert any("idempotent retry" in source for source in disagreement["sources"])
    assert "carrier-billing" not in disagreement["text"]
    assert not any(e.get("note") == "Interrupted: a new question came in." for e in done.values())
    # A replay runs ahead of real time: it is never "behind" it.
    assert not [e for e in events if e["type"] == "status" and e["state"] == "behind"]
    # Two values never get the same deed (a story and the resume line it was made from).
    why = done[questions[2]["id"]]["text"].splitlines()
    deeds = [line.split("that's how I work: ")[1] for line in why if "that's how I work" in line]
    assert len(deeds) == 3 and len(set(deeds)) == 3
    assert any("Amazon" in source for source in done[questions[2]["id"]]["sources"])
    assert not (tmp_path / "never-used").exists()  # the user's data dir is never touched


def test_the_text_view_shows_questions_answers_sources_and_latency(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from intervoo.cli.demo import _text_printer
    from intervoo.events import (
        Channel,
        QuestionEvent,
        QuestionKind,
        SuggestionDelta,
        SuggestionDone,
        TimingEvent,
        TranscriptEvent,
    )

    show = _text_printer(show_latency=True)
    show(TranscriptEvent(Channel.INTERVIEWER, "Why here?", final=True, start=0, end=900))
    show(QuestionEvent("q1", "Why here?", QuestionKind.MOTIVATION, 0.9, speculative=False))
    show(SuggestionDelta("q1", "Because of you.\n"))
    show(SuggestionDone("q1", "Because of you.\n", sources=("company: Amazon",)))
    show(TimingEvent("q1", speech_end=900, transcript_final=1000, detected=1000,
                     first_token=1250, done=1300))  # fmt: skip
    out, err = capsys.readouterr()
    assert out == (
        "\n? Why here?  [motivation]\nBecause of you.\n"
        "  first word 350 ms after the question ended\n"
    )
    assert "company: Amazon" in err
