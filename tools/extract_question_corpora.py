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
- alexa/Topical-Chat (CDLA-Sharing-1.0, optional): open-domain chats between two
  crowd workers (its valid and test conversations), labelled by end mark as above.
  Everyday talk with "you" statements and opinion questions, unlike the task dialogs.
  CDLA-Sharing data cannot be carried by the project's Apache-2.0, so it is written
  outside the repository, to ../shared/question_train/ (a model trained on it is a
  Result, which CDLA-Sharing leaves free).

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
TOPICAL_FILES = [
    f"conversations/{name}.json" for name in ("valid_freq", "valid_rare", "test_freq", "test_rare")
]
TOPICAL_CAP = 8000
SHARED_OUT = Path(__file__).resolve().parents[1] / ".." / "shared" / "question_train"
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
    return _capped(_labelled_sentences(texts), PER_LABEL_CAP)


def _capped(found: dict[str, int], cap: int) -> list[str]:
    rows: list[str] = []
    for label in (1, 0):
        chosen = sorted((s for s, y in found.items() if y == label), key=_stable)[:cap]
        rows.extend(f"{label}\t{s}" for s in sorted(chosen))
    return rows


def extract_topical_chat(git_dir: str) -> list[str]:
    texts: list[str] = []
    for path in TOPICAL_FILES:
        for conversation in json.loads(_show(git_dir, path)).values():
            texts.extend(str(turn["message"]) for turn in conversation["content"])
    return _capped(_labelled_sentences(texts), TOPICAL_CAP)


def extract_react(git_dir: str) -> list[str]:
    readme = _show(git_dir, "README.md")
    questions = re.findall(r"^\|\s*\d+\s*\|\s*\[(.+?)\]\(#", readme, flags=re.MULTILINE)
    unique = sorted({q.strip() for q in questions if len(_WORD.findall(q)) >= 2})
    return [f"technical\t{q}" for q in unique]


def _write(name: str, header: list[str], rows: list[str], out: Path = OUT) -> None:
    lines = [f"# {line}" for line in header] + rows
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taskmaster", required=True, help="git dir of Taskmaster")
    parser.add_argument("--react", required=True, help="git dir of reactjs-interview-questions")
    parser.add_argument("--topical-chat", help="git dir of alexa/Topical-Chat (optional)")
    args = parser.parse_args()
    if args.topical_chat:
        source = f"alexa/Topical-Chat@{_commit(args.topical_chat)[:10]}"
        header = [f"{source}, CDLA-Sharing-1.0 (Amazon.com, Inc.).", "label<TAB>sentence"]
        _write("topical_chat.tsv", header, extract_topical_chat(args.topical_chat), SHARED_OUT)
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
