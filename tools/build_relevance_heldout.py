"""Extract the held-out relevance set's public answers: example answers no judge is fitted on.

    python tools/build_relevance_heldout.py PRIMER_GIT_DIR HANDBOOK_GIT_DIR

PRIMER_GIT_DIR: donnemartin/system-design-primer (CC BY 4.0, (c) 2017 Donne Martin):
  the design solutions (solutions/system_design/*/README.md: the stated assumptions and
  the core components, as a candidate would say them) and the concept sections of
  README.md, each asked as the question the section answers.
HANDBOOK_GIT_DIR: yangshun/tech-interview-handbook (MIT, (c) 2017-present Yangshun Tay):
  the example self introductions and the STAR example answer.

Writes the "public" part of tests/practice/data/relevance_heldout.json, keeping its
"authored" part (career, logistics and personal answers and polished distractors,
written for this project before any calibration was fitted). tools/train_relevance.py
never reads that file; bench/practice_feedback.py reports on it.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "practice"
    / "data"
    / "relevance_heldout.json"
)
_DESIGN_WORDS = 170
_CONCEPT_WORDS = 70
# Section of the primer's README -> the question it answers.
CONCEPTS = {
    "### CAP theorem": "What is the CAP theorem?",
    "### Eventual consistency": "What does eventual consistency mean?",
    "## Content delivery network": "What is a CDN and why would you use one?",
    "## Load balancer": "What does a load balancer do?",
    "## Reverse proxy (web server)": "What is a reverse proxy?",
    "### Microservices": "What are microservices?",
    "### Message queues": "How do message queues work?",
    "### Back pressure": "What is back pressure?",
    "## Domain name system": "How does DNS work?",
    "#### Sharding": "What is database sharding?",
    "#### Master-slave replication": "How does master-slave replication work?",
    "### Representational state transfer (REST)": "What is REST?",
}
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_FOOTNOTE = re.compile(r"<sup>.*?</sup>")
_SKIP = ("<", "!", "```", "|", ">", "**Clarify", "*Note")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _commit(repo: Path) -> str:
    return _git(repo, "rev-parse", "HEAD")[:10]


def _plain(line: str) -> str:
    text = (
        _LINK.sub(r"\1", _FOOTNOTE.sub("", line))
        .replace("`", "")
        .replace("**", "")
        .replace("*", "")
    )
    return " ".join(html.unescape(text).split())


def _sentences(lines: list[str], words: int) -> str:
    """Prose and list items as sentences, up to about `words` words."""
    out: list[str] = []
    in_code = False
    for line in lines:
        bare = line.strip()
        in_code ^= bare.startswith("```")
        if in_code or not bare or bare.startswith(_SKIP) or bare.startswith("#"):
            continue
        text = _plain(bare.lstrip("*- ").strip())
        if not text:
            continue
        out.append(text if text.endswith((".", ":", "?")) else text + ".")
        if len(" ".join(out).split()) >= words:
            break
    return " ".join(out[:-1] if out[-1].endswith(":") else out)


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 1
    level = len(heading.split(" ")[0])
    for end in range(start, len(lines)):
        mark = lines[end].split(" ")[0]
        if mark and set(mark) == {"#"} and len(mark) <= level:
            return lines[start:end]
        if lines[end].startswith("### Source(s)"):
            return lines[start:end]
    return lines[start:]


def _pair(question: str, answer: str, shape: str, source: str) -> dict[str, str]:
    return {"question": question, "answer": answer, "shape": shape, "label": "on",
            "source": source}  # fmt: skip


def concept_pairs(primer: Path, source: str) -> list[dict[str, str]]:
    readme = _git(primer, "show", "HEAD:README.md")
    return [
        _pair(question, _sentences(_section(readme, heading), _CONCEPT_WORDS), "concept",
              f"{source} README.md '{heading.lstrip('# ')}'")
        for heading, question in CONCEPTS.items()
    ]  # fmt: skip


def design_pairs(primer: Path, source: str) -> list[dict[str, str]]:
    names = _git(primer, "ls-tree", "-r", "--name-only", "HEAD", "solutions/system_design/")
    pairs = []
    for name in sorted(n for n in names.splitlines() if n.endswith("/README.md")):
        text = _git(primer, "show", f"HEAD:{name}")
        title = text.splitlines()[0].lstrip("# ").strip()
        assumed = [_plain(line.lstrip("* ")) for line in _section(text, "#### State assumptions")
                   if line.startswith("* ")]  # fmt: skip
        core = _sentences(_section(text, "## Step 3: Design core components"), _DESIGN_WORDS)
        answer = f"I'd assume {'; '.join(a[:1].lower() + a[1:] for a in assumed)}. {core}"
        pairs.append({"question": f"{title.rstrip('.')}.", "answer": answer, "shape": "design",
                      "label": "on", "source": f"{source} {name}"})  # fmt: skip
    return pairs


def _quotes(lines: list[str]) -> str:
    return " ".join(_plain(line.lstrip("> ").strip().strip('"')) for line in lines
                    if line.startswith(">") and line.strip() != ">")  # fmt: skip


def handbook_pairs(handbook: Path, source: str) -> list[dict[str, str]]:
    base = "apps/website/contents"
    intro = _git(handbook, "show", f"HEAD:{base}/self-introduction.md").split(
        "#### Self introduction"
    )
    pairs = [
        _pair("Tell me about yourself.", _quotes(part.split("####")[0].splitlines()),
              "personal", f"{source} {base}/self-introduction.md")
        for part in intro[1:]
    ]  # fmt: skip
    star = _git(handbook, "show", f"HEAD:{base}/behavioral-interview.md")
    example = star.split("#### Example of how to apply STAR")[1].split("**Pro tip:**")[0]
    question = re.search(r'question: "([^"]+)"', example)
    if question is None:
        raise SystemExit("the handbook's STAR example has moved")
    asked = question.group(1).rstrip(".") + "?"
    story = _quotes(example.splitlines())
    pairs.append(_pair(asked, story, "story", f"{source} {base}/behavioral-interview.md"))
    return pairs


def main() -> None:
    primer, handbook = (Path(arg) for arg in sys.argv[1:3])
    primer_src = (
        f"donnemartin/system-design-primer@{_git(primer, 'rev-parse', 'HEAD')[:10]} (CC BY 4.0)"
    )
    handbook_src = (
        f"yangshun/tech-interview-handbook@{_git(handbook, 'rev-parse', 'HEAD')[:10]} (MIT)"
    )
    stored = json.loads(OUT.read_text()) if OUT.exists() else {"authored": {}}
    stored["public"] = (
        design_pairs(primer, primer_src)
        + concept_pairs(primer, primer_src)
        + handbook_pairs(handbook, handbook_src)
    )
    stored["licence"] = "public: CC BY 4.0 and MIT (see RELEVANCE_SOURCES.md); authored: Apache-2.0"
    stored["built_by"] = "tools/build_relevance_heldout.py"
    OUT.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(stored['public'])} public pairs")  # noqa: T201


if __name__ == "__main__":
    main()
