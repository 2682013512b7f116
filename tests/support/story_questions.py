"""An LLM that answers the question-writing prompts as the labeled sets record.

`tests/stories/data/NAME_llm_questions.json` holds, per story, the questions an LLM
wrote with the first prompt (the first 8), then with the second (the next 12). The
two requests for one story run at once, so a reply queue would hand them out in
arrival order; `answer_as_written` instead reads the prompt and the story from each
request and replies with what was written for that pair.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from intervoo.stories.question_writer import QUESTION_PROMPTS
from tests.support.llm_server import Exchange, Reply, openai_reply

DATA = Path(__file__).parents[1] / "stories" / "data"
SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")


@cache
def _written() -> dict[str, tuple[str, list[str]]]:
    """story id -> (its result text, the questions written for it), over every set."""
    found: dict[str, tuple[str, list[str]]] = {}
    for name in SETS:
        stories = json.loads((DATA / f"{name}_stories.json").read_text(encoding="utf-8"))
        written = json.loads((DATA / f"{name}_llm_questions.json").read_text(encoding="utf-8"))
        for story in stories:
            found[story["id"]] = (story["result"], written[story["id"]])
    return found


def written_for(story_id: str, prompt: int) -> list[str]:
    """What was written for the story with QUESTION_PROMPTS[prompt]."""
    first = QUESTION_PROMPTS[0].count
    questions = _written()[story_id][1]
    return questions[:first] if prompt == 0 else questions[first:]


def answer_as_written(exchange: Exchange, *, preamble: str = "", first_delay: float = 0.0) -> Reply:
    """An OpenAI-format streamed reply to one question-writing request."""
    content = exchange.json()["messages"][-1]["content"]
    prompt = next(i for i, p in enumerate(QUESTION_PROMPTS) if content.startswith(p.text))
    story_id = next(id_ for id_, (result, _) in _written().items() if result in content)
    text = preamble + "\n".join(written_for(story_id, prompt))
    pieces = [text[i : i + 37] for i in range(0, len(text), 37)]
    return openai_reply(pieces, first_delay=first_delay)


def failing_for(result_text: str, failure: Reply) -> Callable[[Exchange], Reply]:
    """Answer as written, but with `failure` for requests about the story with that result."""

    def reply(exchange: Exchange) -> Reply:
        if result_text in exchange.json()["messages"][-1]["content"]:
            return failure
        return answer_as_written(exchange)

    return reply


class SwitchableAnswers:
    """A reply factory a test can change between requests (`answer`), answering as
    written until it does."""

    def __init__(self) -> None:
        self.answer: Callable[[Exchange], Reply] = answer_as_written

    def __call__(self, exchange: Exchange) -> Reply:
        return self.answer(exchange)
