"""Duplicate detection and merging: a story retold is merged, not stored twice.

Two tellings are the same story when they agree on its facts and say mostly the
same thing. Facts first, because stories of one shape ("cut the cloud bill at X
with Y, Z% in N months") share nearly all their words and still are different
experiences; merging them would invent one. Two stories are different when:

- they are tied to different resume entries (jobs);
- both give numbers and neither's numbers contain the other's (40% in 3 months is
  not 25% in 6 weeks; a retelling may add numbers, never change them);
- both name organisations, products or people and share none of those names
  (Acme and AWS is not Globex and GCP).

Otherwise they are the same when most of the meaningful words of the shorter one
appear in the longer one (containment, not plain overlap: a one-line resume
draft and the full practice retelling of it are the same story), or when they
share a number-with-unit and still overlap substantially.

`DuplicateIndex` keeps each story's facts computed once and looks candidates up
by shared number and name, so a bulk import is near linear in its size.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

from intervoo.stories.lexicon import STOPWORDS
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import (
    MAX_QUESTIONS,
    STORY_FIELDS,
    Competency,
    Metric,
    Story,
    StoryStatus,
    _now,
    clean_questions,
)
from intervoo.stories.text import content_stems

# Share of the shorter story's distinct stems found in the other one.
SAME_STORY_CONTAINMENT = 0.7
SAME_STORY_WITH_METRIC = 0.45
# Too few words to judge (a bare title): only an exact match counts.
_MIN_STEMS = 4

_SENTENCE_END = re.compile(r"[.!?;:]\s+|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'’-]*")
# A title in Title Case capitalizes common words: its capitals name nothing.
_TITLE_CASE_SHARE = 0.6

Number = tuple[float, str]


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What a story says, computed once: its content stems, numbers, names and job."""

    stems: frozenset[str]
    numbers: frozenset[Number]
    names: frozenset[str]
    work_ref: str | None
    fingerprint: str


def story_facts(story: Story) -> StoryFacts:
    text = story.text
    metrics = story.metrics or extract_metrics(text)
    return StoryFacts(
        stems=frozenset(content_stems(text)),
        numbers=frozenset((m.value, m.unit) for m in metrics),
        names=frozenset(proper_names(story)),
        work_ref=story.work_ref,
        fingerprint=fingerprint(story),
    )


def fingerprint(story: Story) -> str:
    """The same for two stories that say exactly the same (case and spacing aside)."""
    parts = [story.work_ref or "", *(" ".join(getattr(story, f).casefold().split())
                                     for f in STORY_FIELDS)]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def proper_names(story: Story) -> set[str]:
    """Names the story mentions (Acme, AWS, Kubernetes, Priya), casefolded.

    A name is a capitalized word inside a sentence, or an acronym anywhere, that
    the story never also writes in lower case ("Spot" in a title is the word spot).
    """
    fields = [getattr(story, f) for f in STORY_FIELDS if f != "title"]
    if not _is_title_case(story.title):
        fields.append(story.title)
    lower = {w.casefold() for w in _WORD.findall(story.text) if w.islower()}
    names: set[str] = set()
    for text in fields:
        for sentence in _SENTENCE_END.split(text):
            for position, word in enumerate(_WORD.findall(sentence)):
                name = _as_name(word, first=position == 0)
                if name and name not in lower:
                    names.add(name)
    return names


def _as_name(word: str, *, first: bool) -> str | None:
    word = word.removesuffix("'s").removesuffix("’s")
    folded = word.casefold()
    acronym = len(word) >= 2 and word.isupper()
    if folded in STOPWORDS or word == "I" or not (acronym or (word[0].isupper() and not first)):
        return None
    return folded


def _is_title_case(title: str) -> bool:
    words = _WORD.findall(title)
    capitalized = sum(1 for w in words if w[0].isupper())
    return len(words) > 2 and capitalized / len(words) >= _TITLE_CASE_SHARE


def facts_conflict(a: StoryFacts, b: StoryFacts) -> bool:
    """True when the two cannot be tellings of one experience (see the module doc)."""
    if a.work_ref and b.work_ref and a.work_ref != b.work_ref:
        return True
    if a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        return True
    return bool(a.names and b.names and not a.names & b.names)


def containment(a: StoryFacts, b: StoryFacts) -> float:
    """Containment of the shorter story's distinct content stems in the other's, 0..1."""
    smaller = min(len(a.stems), len(b.stems))
    if smaller < _MIN_STEMS:
        return 1.0 if a.stems and a.stems == b.stems else 0.0
    return len(a.stems & b.stems) / smaller


def same_story_score(a: StoryFacts, b: StoryFacts) -> float | None:
    """How alike two tellings of the same story are; None when they are different stories."""
    if facts_conflict(a, b):
        return None
    score = containment(a, b)
    same = score >= SAME_STORY_CONTAINMENT or (
        score >= SAME_STORY_WITH_METRIC and bool(a.numbers & b.numbers)
    )
    return score if same else None


class DuplicateIndex:
    """The stories of one library, looked up by the facts a retelling must share."""

    def __init__(self, stories: Iterable[Story] = ()) -> None:
        self._stories: dict[str, Story] = {}
        self._facts: dict[str, StoryFacts] = {}
        self._order: dict[str, int] = {}
        self._by_fingerprint: dict[str, str] = {}
        self._by_number: dict[Number, set[str]] = {}
        self._by_name: dict[str, set[str]] = {}
        self._without_numbers: set[str] = set()
        self._without_names: set[str] = set()
        self._counter = count()
        for story in stories:
            self.put(story)

    def __len__(self) -> int:
        return len(self._stories)

    def put(self, story: Story, facts: StoryFacts | None = None) -> None:
        """Add the story, or replace the one with its id (a merge changed it); `facts`
        when they are known already (the story as `find` saw it)."""
        self.remove(story.id)
        facts = facts or story_facts(story)
        self._stories[story.id], self._facts[story.id] = story, facts
        self._order.setdefault(story.id, next(self._counter))
        self._by_fingerprint.setdefault(facts.fingerprint, story.id)
        for number in facts.numbers:
            self._by_number.setdefault(number, set()).add(story.id)
        for name in facts.names:
            self._by_name.setdefault(name, set()).add(story.id)
        if not facts.numbers:
            self._without_numbers.add(story.id)
        if not facts.names:
            self._without_names.add(story.id)

    def remove(self, story_id: str) -> None:
        facts = self._facts.pop(story_id, None)
        if facts is None:
            return
        del self._stories[story_id]
        if self._by_fingerprint.get(facts.fingerprint) == story_id:
            del self._by_fingerprint[facts.fingerprint]
        for number in facts.numbers:
            self._by_number[number].discard(story_id)
        for name in facts.names:
            self._by_name[name].discard(story_id)
        self._without_numbers.discard(story_id)
        self._without_names.discard(story_id)

    def find(self, story: Story, facts: StoryFacts | None = None) -> Story | None:
        """The stored story this one retells (the closest, if several), else None."""
        if story.id in self._stories:
            return self._stories[story.id]
        facts = facts or story_facts(story)
        same_words = self._by_fingerprint.get(facts.fingerprint)
        if same_words is not None and not facts_conflict(facts, self._facts[same_words]):
            return self._stories[same_words]
        best: tuple[float, int, str] | None = None
        for other in self._candidates(facts):
            score = same_story_score(facts, self._facts[other])
            if score is not None:
                ranked = (score, -self._order[other], other)
                best = ranked if best is None or ranked > best else best
        return self._stories[best[2]] if best else None

    def _candidates(self, facts: StoryFacts) -> set[str]:
        """Stories that could agree on the facts: sharing a number (or giving none), and a
        name (or naming none). Nested number sets always share one when both give any."""
        found = set(self._stories)
        if facts.numbers:
            by_number = (self._by_number.get(n, set()) for n in facts.numbers)
            found &= self._without_numbers.union(*by_number)
        if facts.names:
            by_name = (self._by_name.get(n, set()) for n in facts.names)
            found &= self._without_names.union(*by_name)
        return found


def find_duplicate(story: Story, existing: Iterable[Story]) -> Story | None:
    """The existing story this one retells (the closest, if several), else None."""
    return DuplicateIndex(existing).find(story)


def merge_stories(old: Story, new: Story) -> Story:
    """One story from two tellings: the old id and history, the richer of each field."""
    fields: dict[str, object] = {name: _richer(getattr(old, name), getattr(new, name))
                                 for name in STORY_FIELDS}  # fmt: skip
    fields["competencies"] = _union_competencies(old.competencies, new.competencies)
    fields["metrics"] = _union_metrics(old.metrics, new.metrics)
    fields["questions"] = union_questions(old.questions, new.questions)
    fields["work_ref"] = old.work_ref or new.work_ref
    fields["times_used"] = max(old.times_used, new.times_used)
    approved = StoryStatus.APPROVED in (old.status, new.status)
    fields["status"] = StoryStatus.APPROVED if approved else StoryStatus.DRAFT
    fields["updated_at"] = _now()
    return old.model_copy(update=fields)


def _richer(old: str, new: str) -> str:
    """The telling with more to say; on a tie, the one already in the library."""
    return new if len(content_stems(new)) > len(content_stems(old)) else old


def _union_competencies(a: list[Competency], b: list[Competency]) -> list[Competency]:
    return list(dict.fromkeys([*a, *b]))


def _union_metrics(a: list[Metric], b: list[Metric]) -> list[Metric]:
    seen: dict[tuple[float, str], Metric] = {}
    for metric in [*a, *b]:
        seen.setdefault((metric.value, metric.unit), metric)
    return list(seen.values())


def union_questions(old: list[str], new: list[str]) -> list[str]:
    """Both lists' questions once each, the old first, within the per-story bound."""
    return clean_questions([*old, *new])[:MAX_QUESTIONS]
