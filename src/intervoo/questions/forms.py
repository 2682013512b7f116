"""Where in an utterance a question starts, and how sure its grammatical form makes us.

The forms are the ones interviewers use: wh-questions, auxiliary inversion
("have you ever…"), imperative prompts ("walk me through…"), indirect forms
("I'd love to hear…") and tag questions ("…, right?"). A bare "?" is no form:
the model weighs it (classify.MARK_EVIDENCE).
Pleasantries, audio checks and rhetorical filler share those forms and are
filtered out here. Pure functions over normalized tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intervoo.questions import lexicon as lx
from intervoo.questions.text import BOUNDARY, SENTENCE_END, Normalized


@dataclass(frozen=True, slots=True)
class Onset:
    """A question found at token `index`; `strength` is how reliable its form is."""

    index: int
    strength: float
    form: str


_INDIRECT = re.compile(
    r"^(?:"
    r"i (?:would|will) (?:really )?(?:love|like) (?:to )?(?:hear|know|understand|learn|get|see how"
    r"|find out|dig|dive|go|talk|ask you)"
    r"|i (?:would|will) (?:really )?(?:love|like) (?:for )?you to"
    r"|i (?:want|wanted|need) (?:you )?to (?:hear|know|understand|learn|get a sense|walk|tell|talk"
    r"|explain|describe|design|write|implement|dig|dive|go over|go through|ask you)"
    r"|i (?:am|was) (?:really |just |also )?(?:curious|interested|keen|wondering)"
    r" (?:about|how|what|why|whether|if|which|where|when|who|to|in (?:hearing|how|what|why|learning"
    r"|your|the|knowing|understanding))"
    r"|i (?:was|am) (?:just )?wondering"
    r"|i wonder(?:ed)? (?:if|whether|how|what|why|which|where)"
    r"|(?:it|that) would be (?:great|good|nice|helpful|interesting|useful)"
    r" (?:to (?:hear|know|understand|learn|get a sense|see how)|if you)"
    r"|curious (?:how|what|why|about|whether|if|to hear)"
    r"|help (?:me|us) understand"
    r"|(?:my|the|one|another|next|first|last|final)(?: \w+)? question (?:is|would be|for you is)"
    r" (?:what|why|how|where|when|which|who|whether|if|do|did|can|could|would|have|tell|walk"
    r"|describe|explain|give)\b"
    r"|(?:any|anything) (?:other |final |more |else )*"
    r"(?:questions|you would|you want|for (?:me|us))"
    r")"
)
# Invitations to ask that count wherever they appear ("…that's all from me, anything for me").
_INVITATION = re.compile(
    r"^(?:any (?:other |final |more |further )?questions\b"
    r"|anything (?:else )?(?:for (?:me|us)|you (?:would|want|wanted) (?:like )?to (?:ask|add|share"
    r"|know)))"
)

# Same surface forms as questions, but nobody expects an answer.
# Where a greeting may end inside a longer utterance ("how are you doing great so…").
_GREETING_END = r"(?:$|(?= (?:great|good|so|okay|alright|cool|nice|well|fine|thanks|i|and)\b))"

_NOT_ASKED = re.compile(
    r"^(?:"
    r"how (?:are|is|have) (?:you|it|things|everything|your (?:day|week|morning|weekend|afternoon))"
    r"(?: (?:been|doing|going|today|so far|this morning))*(?: today)?"
    + _GREETING_END
    + r"|how do you do"
    + _GREETING_END
    + r"|(?:can|could|do) you (?:hear|see) (?:me|my|us|the screen|it|that|everything)"
    r"|(?:is|was) my (?:audio|video|sound|mic|microphone|connection|screen|internet)"
    r"|(?:are|is) (?:you|we|everyone) (?:ready|there|all set|still there|able to (?:hear|see))"
    r"|(?:shall|should|can|could) we (?:begin|start|get started|get going|move on|kick off|dive in"
    r"|continue|wrap up|go)"
    r"|(?:does|did) (?:that|this|it) (?:make sense|sound (?:good|okay|right|fair)|work for you)"
    r"|(?:is|was) (?:that|this|it|everything) (?:clear|okay|alright|fine)$"
    r"|(?:are )?you (?:still )?with me"
    r"|where (?:were|was) (?:we|i)\b"
    r"|how do i (?:put|say|phrase|word)"
    r"|who knows"
    r"|(?:can|may|could) i ask you (?:a|something|one|another)"
    r")"
)


def _clause_initial(tokens: tuple[str, ...]) -> list[bool]:
    """True where a clause may start: text start, after punctuation or a discourse marker.

    Weak markers ("sure", "right") only count at a clause start themselves, so
    "not sure how much time" does not open a clause at "how".
    """
    initial = [False] * len(tokens)
    start = True
    for i, token in enumerate(tokens):
        initial[i] = start
        start = token in BOUNDARY or token in lx.STRONG_MARKERS or (start and token in lx.MARKERS)
    return initial


def _rest(tokens: tuple[str, ...], i: int, limit: int = 14) -> str:
    """Words from i to the end of the sentence, joined, for the phrase patterns."""
    words: list[str] = []
    for token in tokens[i:]:
        if token in SENTENCE_END or len(words) >= limit:
            break
        if token not in BOUNDARY:
            words.append(token)
    return " ".join(words)


def _at(tokens: tuple[str, ...], i: int) -> str:
    return tokens[i] if 0 <= i < len(tokens) else ""


def _has_you_after(tokens: tuple[str, ...], i: int) -> bool:
    return any(t in ("you", "your", "yourself") for t in tokens[i:])


def _aux_then_subject(tokens: tuple[str, ...], start: int, window: int) -> bool:
    for j in range(start, min(start + window, len(tokens) - 1)):
        if tokens[j] in BOUNDARY:
            return False
        if tokens[j] in lx.AUXILIARIES and tokens[j + 1] in lx.SUBJECTS:
            return tokens[j + 1] != "i" or _has_you_after(tokens, j + 2)
    return False


def _wh(tokens: tuple[str, ...], i: int, initial: bool) -> float | None:
    word, nxt, after = tokens[i], _at(tokens, i + 1), _at(tokens, i + 2)
    if nxt in lx.AUXILIARIES:
        if after == "i":
            return 0.85 if _has_you_after(tokens, i + 3) else None
        if initial and after and after not in BOUNDARY:
            # "which is better" asks, "which will also clear things up" goes on a
            # sentence: with no subject after the auxiliary, the model weighs the words.
            uninverted = word == "which" and after not in lx.SUBJECTS
            return 0.6 if uninverted else 0.92
        if word in lx.RELATIVE_WH:
            return 0.9 if after in ("you", "your") else None
        return 0.92 if after in lx.SUBJECTS else None
    if not initial:
        return None
    if nxt in BOUNDARY or not nxt:
        return _bare_wh(tokens, i)
    if word == "why":
        return None if nxt == "not" else 0.9
    if nxt in lx.PERSONAL_PRONOUNS or nxt in ("a", "an", ""):
        return None
    if nxt == "about" or (word == "how" and nxt in lx.HOW_DEGREE):
        return 0.88
    if _aux_then_subject(tokens, i + 1, 5):
        return 0.9
    if word in ("what", "who") and (nxt.endswith(("s", "ed")) or nxt in lx.IRREGULAR_PAST):
        return 0.85
    return None


def _bare_wh(tokens: tuple[str, ...], i: int) -> float | None:
    """A wh-word said alone: "why?" and "how?" ask for more; "what?" asks to repeat.

    Below the detector's speculation bar: a lone word is too little to act on early.
    """
    marked = _at(tokens, i + 1) == "?"
    if tokens[i] == "why" or (tokens[i] == "how" and marked):
        return 0.7
    return None


def _aux(tokens: tuple[str, ...], i: int, initial: bool) -> float | None:
    word, nxt = tokens[i], _at(tokens, i + 1)
    if not nxt or nxt in BOUNDARY:
        return None
    if (
        word in lx.PLURAL_AUXILIARIES
        and nxt in lx.SINGULAR_OBJECTS
        and _at(tokens, i + 2) not in lx.PLURAL_QUANTIFIERS
    ):
        return None
    if nxt == "i":
        return 0.8 if _has_you_after(tokens, i + 2) else None
    if initial:
        if word in lx.PERFECT_AUXILIARIES:
            return 0.88 if nxt in lx.PERFECT_SUBJECTS else None
        # Only an inversion asks: "can fly" after "…feathers and" is a verb phrase; the
        # model weighs the uninverted rest ("is remote work okay") from its words.
        return 0.9 if nxt in lx.SUBJECTS else None
    existential = word in ("is", "are") and nxt == "there"
    if existential and _at(tokens, i + 2) in lx.EXISTENTIAL_OBJECTS:
        return None if _at(tokens, i - 1) in lx.STATEMENT_SUBJECTS else 0.82
    if word in lx.MIDSTREAM_AUXILIARIES and nxt == "you":
        return None if _at(tokens, i - 1) in lx.STATEMENT_SUBJECTS else 0.85
    return None


def _is_stall(tokens: tuple[str, ...], i: int) -> bool:
    """Whether the words from i name a pause ("a second", "a couple of minutes")."""
    j = i
    while _at(tokens, j) in lx.STALL_MODIFIERS:
        j += 1
    return _at(tokens, j) in lx.GIVE_STALLS


def _prompt(tokens: tuple[str, ...], i: int) -> float | None:
    word, nxt, after = tokens[i], _at(tokens, i + 1), _at(tokens, i + 2)
    if word == "tell" and nxt in lx.PROMPT_OBJECT_ME:
        return 0.9
    if word in lx.GUIDED_TOUR_VERBS and nxt in lx.PROMPT_OBJECT_ME and after in lx.THROUGH:
        return 0.93
    if word == "talk" and nxt in ("about", "through", "me", "us"):
        return 0.85
    if word in lx.BARE_PROMPT_VERBS and nxt not in BOUNDARY and nxt != "":
        return 0.88
    if word == "design" and nxt and nxt not in BOUNDARY and nxt not in lx.DESIGN_OBJECT_STOP:
        return 0.85
    if word in ("give", "teach", "show") and nxt in lx.PROMPT_OBJECT_ME:
        return None if _is_stall(tokens, i + 2) else 0.88
    if word == "share" and nxt and nxt not in BOUNDARY and nxt not in lx.SHARE_STOPS:
        return 0.85
    if word == "write" and nxt in lx.WRITE_OBJECTS:
        return 0.85
    if (
        word in ("think", "reflect")
        and nxt in ("of", "about", "back")
        and after in lx.THINK_OBJECTS
    ):
        return 0.85
    if word == "let" and nxt == "us" and after in lx.LET_US_PROMPTS:
        return 0.8 if _at(tokens, i + 3) in lx.LET_US_PROMPT_OBJECTS else None
    return None


def _midstream_prompt(tokens: tuple[str, ...], i: int) -> float | None:
    """Prompts unmistakable even without a clause boundary ("…about teamwork tell me about…")."""
    word, nxt, after = tokens[i], _at(tokens, i + 1), _at(tokens, i + 2)
    if nxt not in lx.PROMPT_OBJECT_ME:
        return None
    if word == "tell" and after in lx.TELL_ME_NEXT:
        return 0.85
    if word in lx.GUIDED_TOUR_VERBS and after in lx.THROUGH:
        return 0.88
    if word == "give" and after in ("an", "some") and _at(tokens, i + 3) in ("example", "examples"):
        return 0.85
    return None


def _match(tokens: tuple[str, ...], i: int, initial: bool) -> Onset | int | None:
    """An onset at i; or, for a pleasantry/rhetorical phrase, how many tokens it spans."""
    word = tokens[i]
    strength: float | None = None
    form = ""
    if word in lx.WH_WORDS:
        strength, form = _wh(tokens, i, initial), "wh"
    elif word in lx.AUXILIARIES:
        strength, form = _aux(tokens, i, initial), "aux"
    elif initial:
        strength, form = _prompt(tokens, i), "prompt"
        if strength is None and _INDIRECT.match(_rest(tokens, i)):
            strength, form = 0.88, "indirect"
    elif _at(tokens, i - 1) not in lx.NOT_BEFORE_PROMPT:
        strength, form = _midstream_prompt(tokens, i), "prompt"
    if strength is None and word in ("any", "anything") and _INVITATION.match(_rest(tokens, i)):
        strength, form = 0.8, "indirect"
    if strength is None:
        return None
    not_asked = _NOT_ASKED.match(_rest(tokens, i))
    if not_asked:
        return len(not_asked.group().split())
    return Onset(index=i, strength=strength, form=form)


def _sentence_start(tokens: tuple[str, ...], end: int) -> int:
    start = end
    while start > 0 and tokens[start - 1] not in SENTENCE_END:
        start -= 1
    while start < end and (tokens[start] in lx.MARKERS or tokens[start] in BOUNDARY):
        start += 1
    return start


def _tag(tokens: tuple[str, ...]) -> Onset | None:
    """A statement about the candidate turned into a question by a tag ("…, right")."""
    end = len(tokens)
    while end > 0 and tokens[end - 1] in BOUNDARY:
        end -= 1
    start = _sentence_start(tokens, end)
    clause = [t for t in tokens[start:end] if t not in BOUNDARY]
    if len(clause) < 3 or _NOT_ASKED.match(" ".join(clause)):
        return None
    if not any(w in ("you", "your", "yourself") for w in clause):
        return None
    for tag in lx.TAG_ENDINGS:
        if len(clause) > len(tag) + 2 and tuple(clause[-len(tag) :]) == tag:
            return Onset(index=start, strength=0.82, form="tag")
    return None


def find_onset(norm: Normalized) -> Onset | None:
    """The first place a question starts, or None when the utterance asks nothing."""
    tokens = norm.tokens
    initial = _clause_initial(tokens)
    skip_until = 0
    for i, token in enumerate(tokens):
        if token in BOUNDARY or i < skip_until:
            continue
        found = _match(tokens, i, initial[i])
        if isinstance(found, Onset):
            return found
        if found is not None:
            skip_until = i + found  # inside "how are you doing": nothing there is asked
    return _tag(tokens)
