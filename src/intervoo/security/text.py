"""Whether a JSON body's strings are text: no lone surrogate escape, no NUL.

`json.loads` accepts `"\\ud800"` and `"\\u0000"`, but neither survives what follows: a lone
surrogate cannot be encoded (UTF-8 for the database, the password hash, the response) and
PostgreSQL refuses NUL in text. Deep in a route they were 500s; the security middleware
answers them 400 with one line before any route sees the body. The scan is one linear pass
over the body's escapes (no second parse).
"""

from __future__ import annotations

import re

# An escaped backslash is skipped whole, so "\\\\ud800" (a backslash, then text) is fine;
# a surrogate pair is fine; a surrogate on its own or \\u0000 is not text.
_ESCAPE = re.compile(
    rb"\\\\|\\u(?:[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    rb"|(?P<bad>[dD][89a-fA-F][0-9a-fA-F]{2}|0000))"
)
NOT_TEXT_MESSAGE = (
    "text may not contain NUL (\\u0000) or lone surrogate (\\ud800-\\udfff) characters"
)


def holds_non_text(body: bytes) -> bool:
    """True when a JSON document escapes a lone surrogate or NUL in one of its strings."""
    if b"\\u" not in body:
        return False
    return any(match["bad"] for match in _ESCAPE.finditer(body))
