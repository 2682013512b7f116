"""Questions about the candidate's own resume that read as an interviewer would ask them:
"What was the hardest part of building the Django application at Nara Logics?".

A work highlight that opens with a past-tense verb ("Built the Django application for
…") is cut to its head, the verb and its object (the noun phrase the question names),
and the verb turned into its -ing form so the phrase fits inside a question. Entries
without such a highlight get a question about the role. Ids derive from the entry and
the highlight, so the same question keeps its id across sessions (how repeats are
avoided). Pure.
"""

from __future__ import annotations

import hashlib
import re

from intervoo.events import QuestionKind
from intervoo.practice.plan_model import PlannedQuestion, QuestionSource
from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.competencies import competencies_for_question

# Past tense -> -ing form for the irregular verbs resumes open with.
_IRREGULAR = {
    "led": "leading", "built": "building", "ran": "running", "grew": "growing",
    "cut": "cutting", "drove": "driving", "made": "making", "wrote": "writing",
    "won": "winning", "took": "taking", "set": "setting", "brought": "bringing",
    "began": "beginning", "oversaw": "overseeing", "taught": "teaching", "sold": "selling",
    "spent": "spending", "found": "finding", "kept": "keeping", "gave": "giving",
    "rebuilt": "rebuilding", "rewrote": "rewriting", "held": "holding", "put": "putting",
    "met": "meeting", "saw": "seeing", "got": "getting", "undertook": "undertaking",
    "co-led": "co-leading", "co-wrote": "co-writing", "split": "splitting", "shut": "shutting",
}  # fmt: skip
_TEMPLATES = (
    "What was the hardest part of {phrase} at {employer}?",
    "How did you go about {phrase} at {employer}, and what was your own part in it?",
    "What did you learn from {phrase} at {employer}?",
)
# Where the head (the verb and what it acted on) ends: punctuation, a dash, or a word
# that starts a purpose, a means, a place or a result ("to" only before a lowercase
# word: "to guide" starts a purpose, "to Postgres" finishes the object).
_HEAD_END = re.compile(
    r"\s*[,;:(–—]|\s-\s|\sto\s(?=[a-z])|\s(?:for|with|using|via|through|across|by|in|into|within|"
    r"from|which|that|resulting|leading|so|while|where|as|reducing|increasing|"
    r"improving|enabling|saving)\s",
)
_TRAILING = frozenset("a an the of and or to in on for with at by from".split())
_MAX_PER_ENTRY = 3
_PHRASE_MAX_WORDS = 9
_MIN_OBJECT_WORDS = 2  # "exceeded daily" has no object a question could name
_DATE_LIKE = re.compile(r"\b(19|20)\d\d\b|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                        r"[a-z]*\.?\s+\d", re.IGNORECASE)  # fmt: skip


def resume_questions(resume: Resume) -> list[PlannedQuestion]:
    """Questions from the resume, most recent job first, a few per entry."""
    questions: list[PlannedQuestion] = []
    for entry in resume.work:
        employer = employer_name(entry)
        from_highlights: list[PlannedQuestion] = []
        for highlight in entry.highlights:
            if len(from_highlights) == _MAX_PER_ENTRY:
                break
            # Each question takes the next template, so one job's questions vary.
            n = len(questions) + len(from_highlights)
            if question := _from_highlight(entry, employer, highlight, n):
                from_highlights.append(question)
        questions.extend(from_highlights or _about_role(entry, employer))
    return questions


def employer_name(entry: WorkEntry) -> str:
    """The employer as a question names it; "your previous job" when the entry has none
    that reads as a name (a date the parser took for one, say)."""
    name = " ".join((entry.name or "").split()).rstrip(".,;:")
    if not name or _DATE_LIKE.search(name) or not re.search(r"[A-Za-z]{2}", name):
        return "your previous job"
    return _uncapped(name)


def _uncapped(text: str) -> str:
    """Words set in capitals for layout ("SOFTWARE ENGINEER") in title case; acronyms
    (up to four letters, or with a slash or digit: "CI/CD") stay; a parenthesis left
    open by a cut is dropped with what follows it."""
    if text.count("(") > text.count(")"):
        text = text[: text.rindex("(")].rstrip()
    words = text.split()
    return " ".join(w.title() if w.isalpha() and w.isupper() and len(w) > 4 else w for w in words)


def gerund(past: str) -> str | None:
    """The -ing form of a past-tense verb ("designed" -> "designing"); None if not one."""
    word = past.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not re.fullmatch(r"[a-z-]{2,}ed", word) or word.endswith("eed"):
        return None
    stem = word[:-2]
    if stem.endswith("i"):  # applied -> apply
        return stem[:-1] + "ying"
    # E-final verbs drop the e before -ing as they did before -ed (created -> creat-ing),
    # and doubled consonants stay doubled (planned -> planning).
    return stem + "ing"


def highlight_phrase(highlight: str) -> str | None:
    """The highlight's head as an -ing phrase: "Built the Django app for X" -> "building
    the Django app"; None when it does not open with a past-tense verb and an object."""
    words = " ".join(highlight.split()).strip(" .•·-*").split()
    verbs = _leading_verbs(words)
    if not verbs:
        return None
    rest = " ".join(words[len(verbs) * 2 - 1 :])
    head = _HEAD_END.split(rest, maxsplit=1)[0].split()
    head = _until_next_verb(head)[:_PHRASE_MAX_WORDS]
    while head and head[-1].lower() in _TRAILING:
        head.pop()
    if len(head) < _MIN_OBJECT_WORDS and not (head and head[0][:1].isupper()):
        return None  # one word only when it is a name ("shipped Yoda")
    return f"{' and '.join(verbs)} {_uncapped(' '.join(head))}".rstrip(".,;:")


def _leading_verbs(words: list[str]) -> list[str]:
    """The -ing forms of the opening verbs: "Designed and built X" -> designing, building."""
    first = gerund(words[0]) if words else None
    if first is None:
        return []
    verbs = [first]
    if len(words) > 2 and words[1].lower() in ("and", "&") and (second := gerund(words[2])):
        verbs.append(second)
    return verbs


def _until_next_verb(words: list[str]) -> list[str]:
    """The object up to an "and" that starts a second clause ("… logic and wrote …")."""
    for i, word in enumerate(words[:-1]):
        if word.lower() == "and" and gerund(words[i + 1]) is not None:
            return words[:i]
    return words


def _from_highlight(
    entry: WorkEntry, employer: str, highlight: str, n: int
) -> PlannedQuestion | None:
    phrase = highlight_phrase(highlight)
    if phrase is None:
        return None
    question = _TEMPLATES[n % len(_TEMPLATES)].format(phrase=phrase, employer=employer)
    return _planned(entry, question, key=" ".join(highlight.split()).rstrip("."))


def _about_role(entry: WorkEntry, employer: str) -> list[PlannedQuestion]:
    position = " ".join((entry.position or "").split()).rstrip(".,;:")
    if not position:
        return []
    question = (
        f"What were you responsible for as {_uncapped(position)} at {employer}, "
        "and what are you proudest of there?"
    )
    return [_planned(entry, question, key=f"role:{entry.position}")]


def _planned(entry: WorkEntry, question: str, *, key: str) -> PlannedQuestion:
    digest = hashlib.sha1(f"{entry.id}\n{key}".encode()).hexdigest()[:10]
    competencies = competencies_for_question(question)
    return PlannedQuestion(
        id=f"resume-{digest}",
        text=question,
        kind=QuestionKind.RESUME,
        competency=competencies[0] if competencies else None,
        source=QuestionSource.RESUME,
        work_ref=entry.id or None,
    )
