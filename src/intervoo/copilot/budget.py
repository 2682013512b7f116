"""How many tokens a prompt costs, estimated without a tokenizer.

A local model reads a long prompt before its first token, so the prompt is kept
within a budget. Subword tokenizers cut English into about one token per short
word and one per punctuation mark, and long words into pieces of about five
letters; bench/answers.py checks this estimate against a real SentencePiece
tokenizer on every prompt it builds (it must never undercount by much).
"""

from __future__ import annotations

import re

_PIECE = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")
# Letters a subword piece holds in a long word, on average.
_LETTERS_PER_PIECE = 5
# Digits per token: tokenizers split long numbers into small groups.
_DIGITS_PER_PIECE = 3


def estimate_tokens(text: str) -> int:
    total = 0
    for piece in _PIECE.findall(text):
        if piece.isdigit():
            total += -(-len(piece) // _DIGITS_PER_PIECE)
        elif piece.isalpha():
            total += max(1, -(-len(piece) // _LETTERS_PER_PIECE)) if len(piece) > 6 else 1
        else:
            total += 1
    return total
