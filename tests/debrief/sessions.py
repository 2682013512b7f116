"""A recorded interview for debrief tests: the events a live session emits, in order."""

from __future__ import annotations

from intervoo.events import Channel, QuestionEvent, QuestionKind, SuggestionDone, TranscriptEvent
from intervoo.live.record import SessionRecord

OUTAGE_Q = "Tell me about a time you handled a production outage under pressure."
OUTAGE_SUGGESTION = (
    "At Northwind our checkout timed out during the holiday peak.\n"
    "- I moved payment calls onto an async queue\n"
    "- I added load tests that replayed peak traffic\n"
    "- Result: checkout p99 latency dropped from 1200 ms to 300 ms and abandoned carts fell 18%\n"
)
# A retelling of the library's outage story, as speech comes out of the recognizer.
OUTAGE_SAID = (
    "At Northwind our checkout service kept timing out during the holiday peak, "
    "and customers were abandoning their carts. I had to fix it without a risky rewrite. "
    "I took the payment calls out of the request and put them on an async queue. "
    "In the end checkout latency went down to about 300 milliseconds."
)
MIGRATION_Q = "Tell me about a time you made a system more reliable."
MIGRATION_SUGGESTION = (
    "I led the carrier API migration at Northwind.\n"
    "- I planned the rollout with a team of 4 engineers\n"
    "- Result: every carrier moved over without downtime\n"
)
# A story the library does not hold: it should come back as a draft with its numbers.
MIGRATION_SAID = (
    "At Globex our billing reconciliation ran as nightly cron scripts that failed silently. "
    "I was asked to make it reliable before the annual audit. "
    "I moved the jobs onto Airflow, wrote checks that compared every total with the ledger, "
    "and set up paging for the on-call engineer on any mismatch. "
    "As a result reconciliation time fell from 5 days to 6 hours, "
    "and we passed the audit with zero findings."
)
WHY_Q = "Why do you want to work at Acme Cloud?"
WHY_SUGGESTION = "Acme Cloud's focus on developer experience matches what I do.\n"
WHY_SAID = "I like the product."


def interview() -> SessionRecord:
    record = SessionRecord()
    t = 0
    for index, (question, kind, suggestion, said) in enumerate(
        [
            (OUTAGE_Q, QuestionKind.BEHAVIORAL, OUTAGE_SUGGESTION, OUTAGE_SAID),
            (MIGRATION_Q, QuestionKind.BEHAVIORAL, MIGRATION_SUGGESTION, MIGRATION_SAID),
            (WHY_Q, QuestionKind.MOTIVATION, WHY_SUGGESTION, WHY_SAID),
        ]
    ):
        qid = f"q{index + 1}"
        t += 1000
        record.observe(QuestionEvent(qid, question, kind, 0.95, speculative=True, t=t))
        record.observe(QuestionEvent(qid, question, kind, 0.95, speculative=False, t=t))
        record.observe(SuggestionDone(qid, suggestion, ("story: x",), t=t + 500))
        for sentence in said.split(". "):
            t += 3000
            text = sentence if sentence.endswith(".") else sentence + "."
            record.observe(TranscriptEvent(Channel.CANDIDATE, text, True, t - 2500, t, t=t))
    return record
