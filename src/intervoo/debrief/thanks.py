"""A short thank-you note naming what the interview really talked about: the stories the
candidate told, else the questions they answered."""

from __future__ import annotations

import re
from collections.abc import Sequence

from intervoo.debrief.model import QuestionReview, StoryDraft, StoryTold

MAX_TOPICS = 3
_A_TIME = re.compile(
    r"^(?:tell me about|describe|give me an example of|walk me through) a (?:time|situation)"
    r" (?:when |where |that )?you\b(.+?)[.?!]*$",
    re.IGNORECASE,
)
_YOU = {"you": "I", "your": "my", "yourself": "myself", "you've": "I've", "you're": "I'm"}


def thank_you(
    reviews: Sequence[QuestionReview],
    told: Sequence[StoryTold],
    drafts: Sequence[StoryDraft],
    *,
    company: str | None,
    role: str | None,
    name: str | None,
) -> str:
    about = f" about the {role} role" if role else ""
    at = f" at {company}" if company else ""
    lines = [f"Thank you for your time today and for the conversation{about}{at}."]
    asked = {r.id: r.question for r in reviews}
    stories = [_story_topic(t.title) for t in told]
    stories += [_time_topic(asked.get(d.question_id, "")) or _story_topic(d.story.title)
                for d in drafts]  # fmt: skip
    answered = [r.question for r in reviews if r.said and r.on_topic is not False]
    if stories:
        lines.append(f"I especially enjoyed discussing {_listed(stories[:MAX_TOPICS])}.")
    elif len(answered) == 1:
        lines.append(f'I enjoyed your question "{answered[0]}"')
    elif answered:
        lines.append(f'I enjoyed your questions, from "{answered[0]}" to "{answered[-1]}"')
    lines.append(
        "It made me even more interested in the team and the work, and I look forward "
        "to hearing about the next steps."
    )
    sign = f"\n\nBest regards,\n{name}" if name else "\n\nBest regards"
    return " ".join(lines) + sign


def _story_topic(title: str) -> str:
    """ "Checkout outage during the holiday peak" → "the checkout outage during the holiday
    peak"; a draft's outcome after its colon stays out ("… migration: zero downtime")."""
    what = title.split(":")[0].strip()
    lowered = what[:1].lower() + what[1:] if what[1:2].islower() else what
    return lowered if lowered.lower().startswith("the ") else f"the {lowered}"


def _time_topic(question: str) -> str | None:
    """ "Tell me about a time you made a system more reliable." → "the time I made a system
    more reliable"; None for questions of another form."""
    found = _A_TIME.match(question.strip())
    if found is None:
        return None
    words = [_YOU.get(w.lower(), w) for w in found.group(1).split()]
    return "the time I " + " ".join(words)


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
