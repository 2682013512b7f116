"""Word error rate, for tests and benchmarks: (substitutions + deletions + insertions) / words.

Both texts are first normalized so that only real recognition errors count: two ways of writing
what sounds the same are equal. `normalize_words`:
- lower-cases, drops punctuation and hyphens ("Non-technical?" -> "non technical");
- expands contractions ("what's" -> "what is", "can't" -> "can not", "I'd" -> "i would");
- writes numbers as digits ("ninety days" == "90 days", "twenty first" == "21st",
  "thirty percent" == "30%", "$5 million" == "five million dollars", "10,000" == "10000");
- maps British spellings to American ones ("prioritise" == "prioritize");
- drops hesitations (um, uh) and the apostrophe of possessives ("manager's" == "managers").
`count_word_errors` also treats an open and a closed compound as one ("code base" == "codebase").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from intervoo.stt.numbers import numbers_to_digits
from intervoo.stt.spelling import americanize

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_CURRENCIES = {"$": "dollars", "\u20ac": "euros", "\u00a3": "pounds"}
_CURRENCY = re.compile(
    r"([$\u20ac\u00a3])\s?(\d[\d,]*(?:\.\d+)?)(\s?(?:thousand|million|billion|k|m|bn)\b)?"
)
_THOUSANDS_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SHORT_SCALE = re.compile(r"(\d+(?:\.\d+)?)(k|m|bn)")
_SHORT_SCALES = {"k": "thousand", "m": "million", "bn": "billion"}
_SYMBOLS = {"%": " percent ", "&": " and ", "+": " plus ", "@": " at "}
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[a-z0-9']+")

# Contractions whose expansion is not simply "<word> not / are / am / …".
_IRREGULAR = {
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
}
_SUFFIXES = (
    ("n't", " not"),
    ("'re", " are"),
    ("'m", " am"),
    ("'ve", " have"),
    ("'ll", " will"),
    ("'d", " would"),
)
# "'s" means "is" only after these; elsewhere it is a possessive ("the team's goal").
_IS_AFTER = frozenset(
    "it he she that what there here who where how when why this everyone everything".split()
)
_HESITATIONS = frozenset("um umm uh uhh er erm ah hmm mm mhm".split())
_TITLES = {"mr": "mister", "mrs": "missus", "dr": "doctor", "vs": "versus"}
# Prefixes written joined, hyphenated or apart ("nontechnical", "non-technical", "non technical").
_JOINING_PREFIXES = frozenset("non co pre multi anti semi sub inter".split())


def _expand_contraction(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("'s") and word[:-2] in _IS_AFTER:
        return word[:-2] + " is"
    for suffix, expansion in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] + expansion
    return word


def _rewrite_symbols(text: str) -> str:
    """Money, percentages, "10k" and thousands separators in words a speaker would say."""
    text = _THOUSANDS_SEPARATOR.sub("", text)

    def currency(match: re.Match[str]) -> str:
        scale = (match.group(3) or "").strip()
        scale = _SHORT_SCALES.get(scale, scale)
        return f" {match.group(2).replace(',', '')} {scale} {_CURRENCIES[match.group(1)]} "

    text = _CURRENCY.sub(currency, text)
    for symbol, words in _SYMBOLS.items():
        text = text.replace(symbol, words)
    return text


def _token_words(token: str) -> list[str]:
    """One token's words; every mapping after the apostrophes go is applied to words without
    them, so normalizing normalized text changes nothing."""
    words: list[str] = []
    for contracted in _expand_contraction(token.strip("'")).split():
        word = contracted.replace("'", "")
        for plain in _IRREGULAR.get(word, _TITLES.get(word, word)).split():
            if plain in _HESITATIONS:
                continue
            scaled = _SHORT_SCALE.fullmatch(plain)  # "10k" -> "10 thousand"
            words.extend((scaled[1], _SHORT_SCALES[scaled[2]]) if scaled else (plain,))
    return words


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower().replace("-", " ")
    tokens = _TOKEN.findall(_rewrite_symbols(text))
    merged: list[str] = []
    for word in (word for token in tokens for word in _token_words(token)):
        if word == "cent" and merged and merged[-1] == "per":
            merged[-1] = "percent"
        else:
            merged.append(word)
    return merged


def _join_prefixes(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in _JOINING_PREFIXES and word.isalpha():
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def normalize_words(text: str) -> list[str]:
    """The words of `text` in one canonical spelling, for comparing transcripts."""
    words = [americanize(word) for word in _words(text)]
    return _join_prefixes(numbers_to_digits(words))


def normalize_text(text: str) -> str:
    """`normalize_words` joined by spaces (handy for showing what was compared)."""
    return " ".join(normalize_words(text))


@dataclass(frozen=True, slots=True)
class WordErrors:
    """Edit operations between a reference and a hypothesis, counted in normalized words."""

    substitutions: int
    deletions: int
    insertions: int
    reference_words: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        if self.reference_words == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.reference_words


def join_compounds(words: list[str], other: Collection[str]) -> list[str]:
    """Join "code base" into "codebase" where the other text wrote it as that one word."""
    joined: list[str] = []
    index = 0
    while index < len(words):
        pair = "".join(words[index : index + 2])
        if index + 1 < len(words) and pair in other:
            joined.append(pair)
            index += 2
        else:
            joined.append(words[index])
            index += 1
    return joined


def count_word_errors(reference: str, hypothesis: str) -> WordErrors:
    """Minimum-edit alignment of the normalized words, split by kind of error.

    Compounds written open in one text and closed in the other ("on board" / "onboard") are
    one word: they sound the same."""
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    ref, hyp = join_compounds(ref, set(hyp)), join_compounds(hyp, set(ref))
    # Each cell: (errors, substitutions, deletions, insertions); ties prefer fewer errors first.
    previous = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i, ref_word in enumerate(ref, start=1):
        current = [(i, 0, i, 0)]
        for j, hyp_word in enumerate(hyp, start=1):
            e, s, d, n = previous[j - 1]
            diagonal = (e, s, d, n) if ref_word == hyp_word else (e + 1, s + 1, d, n)
            e, s, d, n = previous[j]
            deletion = (e + 1, s, d + 1, n)
            e, s, d, n = current[j - 1]
            insertion = (e + 1, s, d, n + 1)
            current.append(min(diagonal, deletion, insertion))
        previous = current
    _, substitutions, deletions, insertions = previous[-1]
    return WordErrors(substitutions, deletions, insertions, len(ref))


def word_error_rate(reference: str, hypothesis: str) -> float:
    return count_word_errors(reference, hypothesis).rate
