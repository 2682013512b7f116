"""The hashed features the learned question model reads: words, edges, rule verdicts.

Shared by the run-time model (model.py) and its training script
(tools/train_question_model.py), so both see exactly the same features. Punctuation
is not a feature: the recognizer's "?" is a guess about intonation, weighed apart.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable

from intervoo.questions import lexicon as lx
from intervoo.questions.forms import find_onset
from intervoo.questions.kinds import kind_of
from intervoo.questions.text import BOUNDARY, Normalized

DIMENSIONS = 1 << 16


def _hashed(names: Iterable[str]) -> list[int]:
    return sorted({zlib.crc32(name.encode()) & (DIMENSIONS - 1) for name in names})


def _content_start(words: tuple[str, ...]) -> int:
    """Index of the first word after leading discourse markers ("okay so now …")."""
    start = 0
    while start < len(words) - 1 and words[start] in lx.MARKERS:
        start += 1
    return start


def _word_names(words: tuple[str, ...]) -> list[str]:
    padded = ("<s>", *words, "</s>")
    names = [f"w:{w}" for w in words]
    names += [f"b:{a} {b}" for a, b in zip(padded, padded[1:], strict=False)]
    names += [f"t:{a} {b} {c}" for a, b, c in zip(padded, padded[1:], padded[2:], strict=False)]
    start = _content_start(words)
    head = words[start:]
    # The padded n-grams already hold the first and last words; after any leading
    # markers, the opening two and three words say most about the form.
    names += [f"f2:{' '.join(head[:2])}", f"f3:{' '.join(head[:3])}"]
    names.append(f"len:{min(len(words), 16) // 2}")
    names.append(f"you:{sum(w in ('you', 'your', 'yourself') for w in words) > 0}")
    return names


def _inversion(words: tuple[str, ...], at: int) -> str:
    """Whether a subject follows the auxiliary at or right after the onset.

    "which will you pick" inverts (a question); "which will also clear things up"
    does not (a relative clause): the word after the auxiliary tells them apart.
    """
    i = at + 1 if words[at] in lx.WH_WORDS else at
    if i >= len(words) or words[i] not in lx.AUXILIARIES:
        return "inversion:none"
    after = words[i + 1] if i + 1 < len(words) else "</s>"
    subject = after in lx.SUBJECTS or after in lx.PERSONAL_PRONOUNS
    return f"inversion:{'wh' if i > at else 'aux'}:{subject}"


def _tag_ending(words: tuple[str, ...]) -> str:
    """A tag that can turn a statement into a question: "…, do you", "…, isn't he", "…, huh"."""
    if len(words) < 4:
        return "tag:none"
    last, before, third = words[-1], words[-2], words[-3]
    if last in lx.PERSONAL_PRONOUNS and before in lx.AUXILIARIES:
        return "tag:aux"
    if last in lx.PERSONAL_PRONOUNS and before == "not" and third in lx.AUXILIARIES:
        return "tag:negative"
    if last in ("huh", "right", "correct", "eh") or (before, last) == ("or", "not"):
        return f"tag:{last}"
    return "tag:none"


def _wh_order(words: tuple[str, ...]) -> str:
    """After an opening wh-word, whether an auxiliary or a subject comes first.

    "what joy there is in living" and "what we did was…" put the subject first
    (an exclamation, a free relative); "what joy did it bring" inverts.
    """
    start = _content_start(words)
    if start >= len(words) or words[start] not in lx.WH_WORDS:
        return "wh_order:none"
    for word in words[start + 1 : start + 5]:
        if word in lx.AUXILIARIES:
            return "wh_order:aux"
        if word in lx.PERSONAL_PRONOUNS or word == "there":
            return "wh_order:subject"
    return "wh_order:open"


_DETERMINERS = frozenset(
    {"the", "a", "an", "any", "some", "your", "my", "our", "their", "his", "her"}
)
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "there"})


def _word_class(word: str) -> str:
    if word in lx.PERSONAL_PRONOUNS:
        return "pronoun"
    if word in _DEMONSTRATIVES:
        return "demonstrative"
    if word in _DETERMINERS:
        return "determiner"
    return "aux" if word in lx.AUXILIARIES else "other"


def _lead_form(words: tuple[str, ...]) -> list[str]:
    """How the content opens, whatever the rules made of it: an auxiliary and the class
    of the word after it ("should i…", "don't we…", "is that…").

    The rules leave some inversions to context on purpose ("does that make sense",
    "should i share my screen" are interview logistics), so their onset is missing on
    "should i pull up the net again" (meeting talk, MRDA); this lets the data weigh the
    form itself. Wh-openings are left to the rules and _wh_order: a wh-word and a noun
    ("what joy there is…") is as often an exclamation as a question.
    """
    start = _content_start(words)
    if start >= len(words):
        return ["lead:none"]
    first = words[start]
    rest = words[start + 1 : start + 3]
    negated = bool(rest) and rest[0] == "not"
    following = rest[1 if negated else 0] if len(rest) > negated else "</s>"
    if first not in lx.AUXILIARIES:
        return ["lead:other"]
    shape = f"aux:{'not:' if negated else ''}{_word_class(following)}"
    return [f"lead:{shape}", f"lead_word:{first}:{_word_class(following)}"]


def unpunctuated(norm: Normalized) -> Normalized:
    """The tokens as a recognizer without punctuation would give them."""
    words = tuple(t for t in norm.tokens if t not in BOUNDARY)
    return Normalized(tokens=words, question_mark=False)


_NO_ONSET_PROBABILITY = 0.05
# How much of the rules' logit the model starts from. At 1 it learns corrections only
# and cannot help much where the rules miss ("what part of our mission…"); at 0 it
# forgets forms its data says little about. Measured on the real-world dev set, raw:
# 1 -> R 0.876, FP 1.4%; 0.5 -> R 0.878, FP 1.4%; 0 (earlier data) -> R 0.889, FP 2.0%.
RULES_WEIGHT = 0.5


def question_features(norm: Normalized) -> tuple[list[int], float]:
    """Feature indices for "is this a question", and the rules' verdict as a logit.

    The model adds its weights to part of the rules' logit (the onset's strength, or a
    low prior when no form was found): it learns where the rules are wrong, and where
    the data says nothing it leans on their verdict.
    """
    bare = unpunctuated(norm)
    words = bare.tokens
    names = _word_names(words)
    names += [_tag_ending(words), _wh_order(words), *_lead_form(words)]
    onset = find_onset(bare)
    if onset is None:
        names.append("onset:none")
        probability = _NO_ONSET_PROBABILITY
    else:
        names.append(f"onset:{onset.form}")
        names.append(f"onset_at:{onset.form}:{min(onset.index, 4)}")
        names.append(f"onset_strength:{onset.form}:{round(onset.strength, 1)}")
        # What follows the onset word tells an inversion ("is it") from a clause ("is scaling").
        following = words[onset.index + 1] if onset.index + 1 < len(words) else "</s>"
        names.append(f"onset_next:{words[onset.index]} {following}")
        names.append(_inversion(words, onset.index))
        probability = onset.strength
    return _hashed(names), RULES_WEIGHT * math.log(probability / (1 - probability))


def kind_features(words: tuple[str, ...]) -> list[int]:
    """Feature indices for which kind a question is, from its words and the rules' kind."""
    kind, certainty = kind_of(" ".join(words))
    names = _word_names(words)
    names += [f"rk:{kind.value}", f"rk:{kind.value}:{round(certainty, 1)}"]
    return _hashed(names)
