"""Extract the public corpora the question model trains on into tools/question_data/.

Run by a developer when the training data is to be rebuilt, never at run time. Each
source is a git snapshot of a public repository (clone it, then pass its git dir):

    .venv/bin/python tools/extract_question_corpora.py \
        --taskmaster path/to/Taskmaster/.git --react path/to/reactjs-interview-questions/.git

- google-research-datasets/Taskmaster (CC BY 4.0): TM-4 coffee-ordering and TM-3
  movie-ticket self-dialogs, written as spoken turns by crowd workers. Each turn is
  split into sentences and labelled by the writer's own end mark: "?" is a question,
  "." or "!" is not; a "?" sentence with no word that can ask (no wh-word, auxiliary
  or tag) is dropped. Both speakers (customer and agent) are kept.
- sudheerj/reactjs-interview-questions (MIT): the question list of its README, all
  technical concept questions.

The output is deterministic: sentences are deduplicated, ordered by a stable hash
and capped, so a rerun on the same commits writes the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from pathlib import Path

OUT = Path(__file__).parent / "question_data"
TASKMASTER_FILES = [f"TM-4-2024/data/data_0{i}.json" for i in range(8)] + [
    f"TM-3-2020/reward/reward_0{i}.json" for i in range(8)
]
PER_LABEL_CAP = 3000
_SENTENCE = re.compile(r"[^.?!]+[.?!]+")
_WORD = re.compile(r"[A-Za-z']+")
# A "?" sentence is kept only if its words can carry the question without the mark:
# the detector hears no intonation, so "A romantic one?" would only teach it noise.
_ASKING = frozenset(
    "what why how where when who which whose whom do does did is are was were am have has had "
    "can could would will should shall may might right correct okay tell".split()
)


def _show(git_dir: str, path: str) -> str:
    result = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _commit(git_dir: str) -> str:
    command = ["git", "--git-dir", git_dir, "rev-parse", "HEAD"]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return result.stdout.strip()


def _turns(document: list[dict[str, object]]) -> list[str]:
    texts: list[str] = []
    for dialog in document:
        if "utterances" in dialog:
            turns = dialog["utterances"]
        else:
            turns = json.loads(str(dialog["context"]))
            turns.append(json.loads(str(dialog["generation"])))
        texts.extend(str(t["text"]) for t in turns if isinstance(t, dict) and "text" in t)  # type: ignore[union-attr]
    return texts


def _labelled_sentences(texts: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for text in texts:
        for match in _SENTENCE.finditer(text.replace("\n", " ")):
            sentence = match.group().strip()
            words = _WORD.findall(sentence)
            if not 2 <= len(words) <= 30 or re.search(r"\d{3,}|[_{}\[\]<>@]", sentence):
                continue
            marked = sentence.endswith("?")
            if marked and not _ASKING.intersection(w.lower() for w in words):
                continue  # "A romantic one?": a question only by its intonation
            found.setdefault(sentence, 1 if marked else 0)
    return found


def _stable(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def extract_taskmaster(git_dir: str) -> list[str]:
    texts: list[str] = []
    for path in TASKMASTER_FILES:
        texts.extend(_turns(json.loads(_show(git_dir, path))))
    found = _labelled_sentences(texts)
    rows: list[str] = []
    for label in (1, 0):
        chosen = sorted((s for s, y in found.items() if y == label), key=_stable)[:PER_LABEL_CAP]
        rows.extend(f"{label}\t{s}" for s in sorted(chosen))
    return rows


def extract_react(git_dir: str) -> list[str]:
    readme = _show(git_dir, "README.md")
    questions = re.findall(r"^\|\s*\d+\s*\|\s*\[(.+?)\]\(#", readme, flags=re.MULTILINE)
    unique = sorted({q.strip() for q in questions if len(_WORD.findall(q)) >= 2})
    return [f"technical\t{q}" for q in unique]


def _write(name: str, header: list[str], rows: list[str]) -> None:
    lines = [f"# {line}" for line in header] + rows
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taskmaster", required=True, help="git dir of Taskmaster")
    parser.add_argument("--react", required=True, help="git dir of reactjs-interview-questions")
    args = parser.parse_args()
    source = f"google-research-datasets/Taskmaster@{_commit(args.taskmaster)[:10]}"
    _write(
        "taskmaster.tsv",
        [f"{source}, CC BY 4.0 (Byrne et al., Google LLC).", "label<TAB>sentence: 1 ends in ?"],
        extract_taskmaster(args.taskmaster),
    )
    source = f"sudheerj/reactjs-interview-questions@{_commit(args.react)[:10]}"
    _write(
        "react_questions.tsv",
        [f"{source}, MIT (Copyright (c) 2017-Present Sudheer Jonna).", "kind<TAB>question"],
        extract_react(args.react),
    )


if __name__ == "__main__":
    main()
