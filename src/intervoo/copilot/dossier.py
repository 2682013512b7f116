"""The session's dossier: everything about the candidate a question may draw on, once.

Built once per live session from the candidate context and byte-identical for
every question, so an LLM server can reuse its cached prefix (llama.cpp and
Ollama keep the last prompt's KV cache; OpenAI caches long prefixes; Anthropic
caches up to a breakpoint) and read only the few tokens of each question.
Every item has a short id (R1 a role, H1 a highlight, S1 a story, V1 a company
value); a question's prompt names the items to lead with by these ids. The
dossier stops at a token budget. The stories' digests get shorter until every
story fits (`DIGEST_SCALES`): a story left out would be carried in full by each
question that leads with it, and those ~110 tokens after the prefix are read anew
for every such question (bench/llm_prefix.py: 240-370 tokens per question part
against ~100, seconds on a laptop CPU). Only an item that does not fit even then is
carried by its question, so nothing is lost by moving it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intervoo.companies.model import CompanyValue
from intervoo.copilot.budget import estimate_tokens
from intervoo.copilot.evidence import Highlight
from intervoo.copilot.text import clip_words
from intervoo.resume.schema import WorkEntry
from intervoo.stories.model import Story

# Tokens the dossier may take (instructions not counted). The whole prefix must leave
# room for a question and a 320-token answer in a 2,048-token context window (the
# default of llama-cpp-python and older Ollama): bench/answers.py measures it.
DOSSIER_BUDGET = 900
MAX_ROLES = 4
SUMMARY_WORDS = 45
# A story's digest: enough of each part to tell it, numbers kept whole (`clip_words`).
DIGEST_WORDS = {"Situation": 25, "Task": 12, "Action": 40, "Result": 30}
# How much of `DIGEST_WORDS` each story keeps, tried longest first until every story fits.
DIGEST_SCALES = (1.0, 0.75, 0.55, 0.4, 0.3)
MIN_DIGEST_WORDS = 5
# The strongest highlights come before the stories; the rest after them, as room allows.
LEAD_HIGHLIGHTS = 5


@dataclass(frozen=True)
class Dossier:
    """The dossier's text, and the id of each item it holds (by the item's stable key:
    a story's id, a highlight's key, a value's name)."""

    text: str
    ids: dict[str, str] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)  # id → its line, for carrying
    present: frozenset[str] = frozenset()  # the ids whose line is in `text`

    def id_of(self, key: str) -> str | None:
        return self.ids.get(key)

    def carried(self, item_id: str) -> str | None:
        """The line a question must carry itself: its item did not fit in the dossier."""
        return None if item_id in self.present else self.lines.get(item_id)

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.text)


class _Writer:
    def __init__(self, budget: int) -> None:
        self.room = budget
        self.parts: list[str] = []
        self.ids: dict[str, str] = {}
        self.lines: dict[str, str] = {}
        self.present: set[str] = set()
        self._counts: dict[str, int] = {}

    def plain(self, line: str) -> None:
        cost = estimate_tokens(line) + 1
        if cost <= self.room:
            self.room -= cost
            self.parts.append(line)

    def item(self, prefix: str, key: str, body: str) -> str:
        """Add one item if it fits; its id is given either way (the prompt carries the
        line of one that did not fit)."""
        number = self._counts.get(prefix, 0) + 1
        self._counts[prefix] = number
        item_id = f"{prefix}{number}"
        line = f"[{item_id}] {body}"
        self.lines[item_id] = line
        self.ids[key] = item_id
        cost = estimate_tokens(line) + 1
        if cost <= self.room:
            self.room -= cost
            self.parts.append(line)
            self.present.add(item_id)
        return item_id


def build_dossier(
    *,
    label: str | None,
    summary: str | None,
    work: list[WorkEntry],
    company: str | None,
    role: str | None,
    values: list[CompanyValue],
    skills: list[str],
    highlights: list[Highlight],
    stories: tuple[Story, ...],
    employer_of: dict[str, str | None],
    budget: int = DOSSIER_BUDGET,
) -> Dossier:
    """`highlights`: strongest first; `employer_of`: story id → its employer. The longest
    story digests with which every story fits (else the shortest)."""
    dossier = Dossier("")
    for scale in DIGEST_SCALES:
        w = _Writer(budget)
        _header(w, label, summary, work, company, role, values, skills)
        for highlight in highlights[:LEAD_HIGHLIGHTS]:
            w.item("H", f"highlight:{highlight.key}", highlight_line(highlight))
        for story in stories:
            w.item("S", f"story:{story.id}", story_digest(story, employer_of.get(story.id), scale))
        for highlight in highlights[LEAD_HIGHLIGHTS:]:
            w.item("H", f"highlight:{highlight.key}", highlight_line(highlight))
        dossier = Dossier("\n".join(w.parts), w.ids, w.lines, frozenset(w.present))
        if all(dossier.carried(w.ids[f"story:{story.id}"]) is None for story in stories):
            break
    return dossier


def _header(
    w: _Writer,
    label: str | None,
    summary: str | None,
    work: list[WorkEntry],
    company: str | None,
    role: str | None,
    values: list[CompanyValue],
    skills: list[str],
) -> None:
    """Who the candidate is and where they are interviewing: roles, summary, values."""
    if label:
        w.plain(f"Candidate: {label}")
    if company:
        w.plain(f"Interviewing with: {company}" + (f", for the {role} role" if role else ""))
    elif role:
        w.plain(f"Target role: {role}")
    for entry in work[:MAX_ROLES]:
        w.item("R", f"role:{entry.id}", role_line(entry))
    if summary:
        w.plain(f"Summary: {clip_words(summary, SUMMARY_WORDS)}")
    for value in values:
        w.item("V", f"value:{value.name}", f"Company value: {value.name} — {value.meaning}")
    if skills:
        w.plain(f"Role needs: {', '.join(skills[:8])}")


def role_line(entry: WorkEntry) -> str:
    start = entry.startDate
    end = "now" if entry.current or not entry.endDate else entry.endDate
    dates = f" ({start}–{end})" if start else ""
    where = f" at {entry.name}" if entry.name else ""
    return f"Role: {entry.position or 'a role'}{where}{dates}"


def highlight_line(highlight: Highlight) -> str:
    return f"Resume highlight ({highlight.employer or 'work'}): {highlight.text}"


def story_digest(story: Story, employer: str | None, scale: float = 1.0) -> str:
    where = f" at {employer}" if employer else ""
    parts = [f"Story: {story.title}{where}."]
    for label, text in (
        ("Situation", story.situation),
        ("Task", story.task),
        ("Action", story.action),
        ("Result", story.result),
    ):
        if text.strip():
            words = max(MIN_DIGEST_WORDS, round(DIGEST_WORDS[label] * scale))
            clipped = clip_words(" ".join(text.split()), words)
            parts.append(f"{label}: {clipped}")
    return " ".join(parts)
