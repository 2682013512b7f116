"""Extract public interview questions with example answers into the relevance set.

Reads two MIT-licensed repositories (fetched as git snapshots) and writes
tests/practice/data/relevance_public.json: one {question, answer, shape, source} per
pair, the answer cut to its first paragraph(s) so each is an interview-length reply.
The licences and commits are written into the file itself and into
tests/practice/data/RELEVANCE_SOURCES.md.

    python tools/build_relevance_set.py BMAD_GIT_DIR FEIH_GIT_DIR

BMAD_GIT_DIR: jamon8888/BMAD-METHOD (MIT, (c) 2025 BMad Code, LLC),
  src/modules/career-coach/data/behavioral-question-examples.md: behavioral questions
  each with a STAR example answer.
FEIH_GIT_DIR: yangshun/front-end-interview-handbook (MIT, (c) 2017-present Yangshun Tay),
  packages/quiz/questions/*/en-US.mdx: concept questions, each with its answer.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "practice" / "data"
BMAD_FILE = "src/modules/career-coach/data/behavioral-question-examples.md"
QUIZ_DIR = "packages/quiz/questions/"
_QUESTION = re.compile(r'^- \*\*"(.+?)"\*\*')
_STAR_LINE = re.compile(r'^\s+- \*\*(Situation|Task|Action|Result):\*\* "(.+)"')
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_ANSWER_WORDS = 40  # the quiz answers are cut at the paragraph reaching this many words


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _commit(repo: Path) -> str:
    return _git(repo, "rev-parse", "HEAD").strip()


def behavioral_pairs(repo: Path) -> list[dict[str, str]]:
    text = _git(repo, "show", f"HEAD:{BMAD_FILE}")
    pairs: list[dict[str, str]] = []
    question, parts, topic, topic_of_question = "", [], "", ""
    for line in [*text.splitlines(), '- **"END"**']:
        if line.startswith("### "):
            topic = line[4:].strip()
        elif match := _QUESTION.match(line):
            if question and len(parts) == 4:
                answer = " ".join(p.rstrip(".") + "." for p in parts)
                pairs.append({"question": question, "answer": answer, "topic": topic_of_question})
            question, parts, topic_of_question = match.group(1), [], topic
        elif match := _STAR_LINE.match(line):
            parts.append(match.group(2))
    source = f"jamon8888/BMAD-METHOD@{_commit(repo)[:10]} {BMAD_FILE} (MIT)"
    return [{**p, "shape": "story", "source": source} for p in pairs]


def _plain(markdown: str) -> str:
    return " ".join(_LINK.sub(r"\1", markdown).replace("`", "").split())


def concept_pairs(repo: Path) -> list[dict[str, str]]:
    files = [
        f
        for f in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", QUIZ_DIR).splitlines()
        if f.endswith("/en-US.mdx")
    ]
    commit = _commit(repo)[:10]
    pairs = []
    for name in sorted(files):
        text = _git(repo, "show", f"HEAD:{name}")
        _, front, body = text.split("---", 2)
        title = re.search(r"^title:\s*['\"]?(.+?)['\"]?\s*$", front, re.MULTILINE)
        if title is None:
            continue
        answer: list[str] = []
        for paragraph in body.strip().split("\n\n"):
            if paragraph.lstrip().startswith(("#", "```", "|", "-", "<")):
                break
            answer.append(_plain(paragraph))
            if len(" ".join(answer).split()) >= _ANSWER_WORDS:
                break
        if answer:
            source = f"yangshun/front-end-interview-handbook@{commit} {name} (MIT)"
            pairs.append({"question": _plain(title.group(1)), "answer": " ".join(answer),
                          "shape": "concept", "source": source})  # fmt: skip
    return pairs


def main() -> None:
    bmad, feih = (Path(arg) for arg in sys.argv[1:3])
    pairs = behavioral_pairs(bmad) + concept_pairs(feih)
    payload = {
        "licence": "MIT (both sources); see RELEVANCE_SOURCES.md for the notices",
        "built_by": "tools/build_relevance_set.py",
        "pairs": pairs,
    }
    (OUT / "relevance_public.json").write_text(json.dumps(payload, indent=1) + "\n")
    print(f"{len(pairs)} pairs")  # noqa: T201


if __name__ == "__main__":
    main()
