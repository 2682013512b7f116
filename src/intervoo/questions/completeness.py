"""How finished an utterance sounds: the endpointer's hint for when to stop waiting.

1.0 is a complete question ("why do you want to work here?"); near 0 is speech
trailing off mid-phrase ("tell me about a time when", "so the, um,"). A
finished statement sits in between: the speaker may go on to ask something.
"""

from __future__ import annotations

import re

from intervoo.questions.classify import Analysis, analyze
from intervoo.questions.text import FILLERS

# Words that cannot end a finished English phrase.
_DANGLING = frozenset(
    {
        "the", "a", "an", "of", "to", "for", "with", "about", "at", "in", "on", "from", "into",
        "by", "and", "or", "but", "because", "so", "if", "when", "where", "while", "that",
        "which", "who", "whom", "whose", "what", "why", "how", "your", "my", "our", "their",
        "his", "her", "its", "is", "are", "was", "were", "do", "does", "did", "have", "has",
        "had", "can", "could", "would", "will", "should", "shall", "might", "may", "am", "be",
        "been", "being", "i", "we", "they", "than", "as", "such", "very", "really", "more",
        "most", "like", "through", "between", "any", "some", "this", "these", "those", "let",
        "say", "imagine", "suppose", "describe", "explain", "design", "share", "give",
        "tell", "walk", "talk", "take", "just", "also", "then", "um", "uh", "kind", "sort",
        # adverbs that wait for their verb ("have you ever…")
        "ever", "usually", "typically", "even", "never", "always", "generally", "normally",
        # prepositions and subordinators that wait for their object or clause
        "without", "within", "during", "versus", "vs", "per", "via", "toward", "towards",
        "against", "across", "among", "onto", "upon", "whether", "once", "until", "unless",
        "although", "though",
        # adjectives that wait for their infinitive ("would you be willing…")
        "able", "willing", "going", "trying", "planning", "hoping", "supposed",
    }
)  # fmt: skip
_SUBJECT_PRONOUNS = frozenset({"you", "we", "they", "he", "she", "i", "it"})
# Auxiliaries that need a main verb after their subject ("how does the team…").
_VERB_AUXILIARIES = frozenset(
    {"do", "does", "did", "would", "could", "can", "will", "should", "shall", "might", "may",
     "must", "have", "has", "had", "are", "were", "is", "was", "am"}
)  # fmt: skip
# Determiners that open a noun phrase (not "this"/"that": "how does this work" is whole).
_DETERMINERS = frozenset(
    {"the", "a", "an", "your", "our", "their", "his", "her", "my", "any", "every", "each",
     "some", "another", "one"}
)  # fmt: skip
# Nouns a reduced relative clause hangs on: "the time you…", "one thing we…".
_RELATIVE_HEADS = frozenset(
    {"time", "times", "project", "projects", "thing", "things", "moment", "decision",
     "situation", "example", "mistake", "way", "challenge", "problem", "one", "something",
     "anything", "everything", "else", "someone", "person", "people", "lesson", "feature",
     "system", "part", "reason", "goal", "role", "change", "bug", "team", "work", "day"}
)  # fmt: skip
# Prompts that still need their object ("tell me", "give me an example of").
_OPEN_PROMPT = re.compile(
    r"(?:\b(?:tell|give|show|teach) (?:me|us)|\b(?:walk|take|talk) (?:me|us)(?: through)?"
    r"|\ba time|\babout the time|\ba situation|\ban example|\bexamples?|\bcurious"
    r"|\bwondering|\bhear)$"
)
# Words a usually-dangling last word may close ("what was that like", "about that").
_LIKE_VERBS = frozenset(
    {"look", "looks", "looked", "feel", "feels", "felt", "sound", "sounds", "that", "it", "this"}
)
_PREPOSITIONS = frozenset(
    {"about", "in", "on", "with", "for", "of", "from", "to", "into", "through", "at", "by"}
)
_VERBS_TAKING_THAT = frozenset(
    {"do", "did", "does", "done", "handle", "approach", "architect", "design", "build", "solve",
     "fix", "test", "measure", "scale", "achieve", "manage", "explain", "change", "improve",
     "justify", "prioritize", "tackle", "avoid", "prevent", "debug", "implement", "structure"}
)  # fmt: skip
_EMBEDDING_WH = frozenset({"what", "how", "who", "which", "where", "why", "when"})
# Verbs and adjectives whose preposition is left at the end of a wh-question.
_STRANDING_WORDS = frozenset(
    {"looking", "look", "work", "working", "worked", "best", "passionate", "excited",
     "interested", "proud", "worried", "curious", "involved", "responsible", "report",
     "reporting", "come", "hear", "heard", "talk", "talking"}
)  # fmt: skip
# A subject just introduced by a subordinator still owes its verb ("…where you").
_SUBORDINATORS = frozenset(
    {"where", "when", "that", "if", "how", "which", "because", "while", "who", "once", "until",
     "unless", "since", "after", "before", "whenever", "whether", "although", "though"}
)  # fmt: skip
_TRAILING_MARK = re.compile(r"(?:,|-|\.\.\.|\u2026)\s*$")

TRAILING_OFF = 0.05
OPEN_PROMPT = 0.25
STATEMENT = 0.5
SHORT_QUESTION = 0.75
QUESTION = 0.9
MARKED_QUESTION = 0.98


def _subject_without_verb(words: tuple[str, ...]) -> bool:
    """The last words are a subject still owed its verb.

    "…where you", "why do you", "the time you" (a relative clause), "how does the team".
    """
    last, before = words[-1], words[-2]
    if last in _SUBJECT_PRONOUNS:
        if before in _SUBORDINATORS or before in _VERB_AUXILIARIES:
            return last != "it" or before in _SUBORDINATORS  # "what is it" is whole
        if last != "it" and (
            before in _RELATIVE_HEADS or (len(words) >= 3 and words[-3] in _DETERMINERS)
        ):
            return True
    aux_then_noun_phrase = (
        len(words) >= 3 and words[-3] in _VERB_AUXILIARIES and before in _DETERMINERS
    )
    return aux_then_noun_phrase and words[-3] not in ("is", "are", "was", "were", "am")


def _ends_whole(words: tuple[str, ...]) -> bool:
    """A usually-dangling last word that here closes the phrase.

    "what would you do", "how did you do that", "what was that like",
    "explain what a race condition is", "what are you passionate about", "…and why".
    """
    last, before = words[-1], words[-2]
    if last in ("do", "does", "did", "have", "has"):
        return before in _SUBJECT_PRONOUNS  # the main verb: "what questions do you have"
    if last == "like":
        return before in _LIKE_VERBS
    if last in ("that", "this", "it"):
        return before in _PREPOSITIONS or before in _VERBS_TAKING_THAT
    if last in ("is", "are", "was", "were"):
        # an embedded question: its wh-word is well before the copula
        if before in _SUBJECT_PRONOUNS:
            return len(words) >= 3 and words[-3] in _EMBEDDING_WH  # "…who you are"
        return any(w in _EMBEDDING_WH for w in words[:-3])
    if last == "why":
        return before in ("and", "or")
    if last in _PREPOSITIONS and len(words) >= 4:
        # stranded: "what are you passionate about", "who did you work with",
        # "tell me about a project you are proud of"
        return before in _STRANDING_WORDS and not _SUBJECT_PRONOUNS.isdisjoint(words[-4:-2])
    return False


def _trails_off(words: tuple[str, ...]) -> bool:
    if not words:
        return True
    if words[-1] in _DANGLING:
        return len(words) < 2 or not _ends_whole(words)
    return len(words) >= 2 and _subject_without_verb(words)


def completeness(text: str) -> float:
    """A score in [0, 1]: 1 = a finished question, 0 = trailing off mid-phrase."""
    return completeness_of(text, analyze(text))


def completeness_of(text: str, analysis: Analysis) -> float:
    """`completeness` for text already analyzed (the detector has the analysis at hand)."""
    raw_words = text.lower().split()
    if not raw_words:
        return 0.0
    if _TRAILING_MARK.search(text) or raw_words[-1].strip(".,?!") in FILLERS:
        return TRAILING_OFF
    words = analysis.words or tuple(w.strip(".,?!;") for w in raw_words)
    is_question = analysis.classification.is_question
    trails_off = _trails_off(words)
    if is_question and text.rstrip().endswith("?") and (len(words) < 2 or not trails_off):
        # the speaker closed it ("why?"); a recognizer's "?" after "a time when" is not that
        return MARKED_QUESTION
    if trails_off:
        return TRAILING_OFF
    if not is_question:
        return STATEMENT
    if _OPEN_PROMPT.search(" ".join(words)):
        return OPEN_PROMPT
    return QUESTION if len(words) >= 3 else SHORT_QUESTION
