"""The debrief of one live session, built offline from its record and the candidate's
context. Pure apart from the embedder (whose vectors the session's prep has mostly made)."""

from __future__ import annotations

import logging

from intervoo.copilot.context import CandidateContext
from intervoo.debrief.answers import answered_questions
from intervoo.debrief.follow_ups import follow_ups
from intervoo.debrief.model import Debrief
from intervoo.debrief.review import review
from intervoo.debrief.stories import find_stories
from intervoo.debrief.thanks import thank_you
from intervoo.debrief.vectors import SessionVectors
from intervoo.live.record import SessionRecord
from intervoo.practice.relevance import RelevanceJudge, RelevanceModelError

log = logging.getLogger(__name__)


def build_debrief(
    record: SessionRecord,
    ctx: CandidateContext,
    *,
    session_id: str,
    vectors: SessionVectors | None,
) -> Debrief:
    """`vectors`: the session's embedder (None: no model could be loaded; then nothing is
    judged by meaning, and the practice feedback estimates relevance from shared ideas)."""
    answered = answered_questions(record)
    judge = _judge(vectors)
    values = ctx.values
    reviews = [review(item, vectors=vectors, judge=judge, values=values) for item in answered]
    off_topic = frozenset(r.id for r in reviews if r.on_topic is False)
    found = find_stories(
        answered, ctx.stories, vectors=vectors,
        library_embedder=vectors.model if vectors else None, resume=ctx.resume,
        off_topic=off_topic,
    )  # fmt: skip
    company, role = ctx.company_name, ctx.role
    name = ctx.resume.basics.name if ctx.resume.basics else None
    log.info("debrief built session=%s questions=%d told=%d drafts=%d", session_id,
             len(reviews), len(found.told), len(found.drafts))  # fmt: skip
    return Debrief(
        session_id=session_id,
        company=company,
        role=role,
        questions=reviews,
        stories_told=found.told,
        new_stories=found.drafts,
        follow_ups=follow_ups(
            answered, reviews, found.told, found.drafts, values=values, vectors=vectors
        ),
        thank_you=thank_you(
            reviews, found.told, found.drafts, company=company, role=role, name=name
        ),
    )


def _judge(vectors: SessionVectors | None) -> RelevanceJudge | None:
    if vectors is None:
        return None
    try:
        return RelevanceJudge(vectors)
    except RelevanceModelError as error:
        log.warning("debrief without the relevance judge: %s", error)
        return None
