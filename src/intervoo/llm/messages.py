"""The chat message type every caller speaks, and the checks on a request's arguments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypedDict

Role = Literal["system", "user", "assistant"]
ROLES: frozenset[str] = frozenset({"system", "user", "assistant"})


class Message(TypedDict):
    role: Role
    content: str


# Counts what is about to be sent to the LLM against the user's allowance; raises an
# LLMError (e.g. LLMBudgetExceeded) to refuse. Server mode passes one; local mode none.
# Async: with several instances the allowance is kept in Redis.
Charge = Callable[[Sequence[Message]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """The sampling knobs of one streaming request, already validated."""

    max_tokens: int
    temperature: float
    stop: tuple[str, ...]


def validate_messages(messages: Sequence[Message]) -> list[Message]:
    """A copy of `messages`, or ValueError naming the first bad one."""
    if isinstance(messages, str | bytes) or not messages:
        raise ValueError("messages must be a non-empty list of {'role', 'content'} dicts")
    checked: list[Message] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            raise ValueError(f"message {index} is {type(message).__name__}, not a dict")
        role, content = message.get("role"), message.get("content")
        if role not in ROLES:
            raise ValueError(f"message {index} has role {role!r}; use system, user or assistant")
        if not isinstance(content, str):
            raise ValueError(f"message {index} content must be a str, not {type(content).__name__}")
        checked.append(Message(role=role, content=content))
    if all(m["role"] == "system" for m in checked):
        raise ValueError("messages need at least one user or assistant message")
    return checked


def validate_options(
    max_tokens: int, temperature: float, stop: Sequence[str] | None
) -> RequestOptions:
    """RequestOptions, or ValueError for an out-of-range knob."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise ValueError(f"max_tokens must be a positive int, got {max_tokens!r}")
    if not 0.0 <= temperature <= 2.0:
        raise ValueError(f"temperature must be between 0 and 2, got {temperature!r}")
    if isinstance(stop, str):
        raise ValueError("stop must be a list of strings, not one string")
    stops = tuple(stop or ())
    if any(not isinstance(s, str) or not s for s in stops):
        raise ValueError("every stop sequence must be a non-empty string")
    return RequestOptions(max_tokens, float(temperature), stops)
