"""Story shapes: how often the label a story is saved with is the one a reader gives it.

    .venv/bin/python bench/story_shapes.py [--json]

The answer bench's story sets (tests/copilot/data/*_stories.json) are labelled by hand
in tests/copilot/data/story_shapes.json. Two readers side by side, on the same stories:

- lexicon: `stories.shapes.text_shape` of the story as saved (`stories.library.prepare`
  adds the competencies its text shows to its tags), what the store saves (the interview
  lexicon's competencies, title twice, the author's own tags);
- meaning: the bundled retrieval model, the story embedded as a passage and each shape
  as a few interview questions it answers (below, written apart from every set); the
  shape whose two nearest questions come closest wins. Measured, not used (issue 27):
  its cosines for one story sit within ~0.01 of each other across shapes.

"right": the reader's label is the hand label or its `also`; "shaped": right about what
material selection reads (a setback, a disagreement, or neither), which decides whether
a story may answer "your biggest mistake". hendriks is the dev set; awesomecv (park)
and deedy were tuned on for other parts of issue 27; brooksby and eric are held out
(their labels were written before either reader was measured on them).
Prints a table and, last, one JSON line (`--json`: only that).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from intervoo.embed import default_embedder  # noqa: E402
from intervoo.stories.library import prepare  # noqa: E402
from intervoo.stories.model import Story  # noqa: E402
from intervoo.stories.shapes import Shape, text_shape  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "copilot" / "data"
NEAREST = 2
# Interview questions each shape answers, written apart from every story set.
SHAPE_QUESTIONS: dict[Shape, tuple[str, ...]] = {
    Shape.FAILURE: (
        "Tell me about a time you failed.", "What is your biggest weakness?",
        "Describe a mistake you made and what you learned from it.",
        "Tell me about a goal you missed.", "What's the biggest setback you've faced?",
        "Tell me about a time you let someone down.",
    ),
    Shape.CONFLICT: (
        "Tell me about a conflict with a coworker.",
        "Describe a time you disagreed with your manager.",
        "How did you handle a difficult colleague?", "Tell me about pushing back on a decision.",
        "Tell me about an argument at work and how it was resolved.",
    ),
    Shape.LEADERSHIP: (
        "Tell me about a time you led a team.", "Give an example of mentoring someone.",
        "How have you coached or trained others?",
        "Tell me about a time you took charge of a group.",
    ),
    Shape.CUSTOMER: (
        "Tell me about a time you helped a customer.",
        "Describe working with users to understand what they needed.",
        "How did you handle an unhappy client?",
        "Tell me about going the extra mile for a customer.",
    ),
    Shape.TECHNICAL: (
        "Tell me about a technical problem you solved.", "Describe a system you built.",
        "How did you make something faster or cheaper to run?",
        "Tell me about a process you automated or improved.",
    ),
    Shape.SUCCESS: (
        "What achievement are you most proud of?", "Tell me about your biggest win.",
        "When did you beat your targets?", "Tell me about an award or recognition you earned.",
    ),
}  # fmt: skip
_SHAPED = frozenset({Shape.FAILURE, Shape.CONFLICT})


def _stories(name: str) -> list[Story]:
    items = json.loads((DATA / name).read_text())["stories"]
    return [Story(**{k: v for k, v in item.items() if k != "employer"}) for item in items]


def _meaning_reader() -> Any:
    embedder = default_embedder()
    if embedder is None:
        return None
    shapes = list(SHAPE_QUESTIONS)
    questions = [embedder.embed_queries(list(SHAPE_QUESTIONS[s])) for s in shapes]

    def read(stories: list[Story]) -> list[Shape]:
        vectors = embedder.embed_passages([s.text for s in stories])
        scores = np.stack(
            [np.sort(vectors @ q.T, axis=1)[:, ::-1][:, :NEAREST].mean(axis=1) for q in questions],
            axis=1,
        )
        return [shapes[int(i)] for i in scores.argmax(axis=1)]

    return read


def _coarse(shape: str) -> str:
    return shape if shape in _SHAPED else "neither"


def main() -> None:
    only_json = "--json" in sys.argv
    labels = json.loads((DATA / "story_shapes.json").read_text())["sets"]
    meaning = _meaning_reader()
    report: dict[str, Any] = {}
    wrong: list[str] = []
    for name, truth in labels.items():
        stories = _stories(name)
        readers = {"lexicon": [text_shape(prepare(s)) for s in stories]}
        if meaning is not None:
            readers["meaning"] = meaning(stories)
        row: dict[str, Any] = {"stories": len(stories)}
        for reader, shapes in readers.items():
            right = shaped = 0
            for story, shape in zip(stories, shapes, strict=True):
                label = truth[story.id]
                fair = {label["shape"], *label.get("also", ())}
                right += shape.value in fair
                shaped += _coarse(shape.value) == _coarse(label["shape"])
                if _coarse(shape.value) != _coarse(label["shape"]):
                    wrong.append(
                        f"{reader} [{name}] {story.id}: {shape.value}, not {label['shape']}"
                    )
            row[reader] = {"right": right, "shaped": shaped}
        report[name.removesuffix("_stories.json")] = row
    if not only_json:
        for line in wrong:
            print(f"  {line}")
        print(f"{'set':<10}{'n':>4}{'lexicon':>9}{'shaped':>8}{'meaning':>9}{'shaped':>8}")
        for name, row in report.items():
            lex, mean = row["lexicon"], row.get("meaning", {"right": "-", "shaped": "-"})
            print(
                f"{name:<10}{row['stories']:>4}{lex['right']:>9}{lex['shaped']:>8}"
                f"{mean['right']:>9}{mean['shaped']:>8}"
            )
    print(json.dumps({"bench": "story_shapes", "sets": report}))


if __name__ == "__main__":
    main()
