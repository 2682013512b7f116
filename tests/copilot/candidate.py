"""A realistic candidate, company and target from plain values, shared by copilot and live tests.

`KeywordMatcher` stands in for `StoryIndex` at the retrieval seam: deterministic
word overlap, so a test's expectation follows from the data, not from a model.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from intervoo.companies.model import CompanyProfile, CompanyValue, TargetContext
from intervoo.copilot.context import CandidateContext, build_candidate_context
from intervoo.copilot.text import keywords
from intervoo.events import QuestionKind
from intervoo.resume.schema import Basics, Resume, Skill, WorkEntry
from intervoo.stories.model import Competency, Metric, Story

RESUME = Resume(
    basics=Basics(name="Dana Reyes", label="Senior Backend Engineer"),
    work=[
        WorkEntry(
            id="w-northwind",
            name="Northwind Logistics",
            position="Senior Backend Engineer",
            startDate="2021-03",
            current=True,
            highlights=[
                "Cut checkout p99 latency from 1200 ms to 300 ms by moving to an async queue",
                "Led a team of 4 engineers through the carrier API migration",
            ],
        ),
        WorkEntry(
            id="w-globex",
            name="Globex",
            position="Backend Engineer",
            startDate="2018-06",
            endDate="2021-02",
            highlights=[
                "Built the billing reconciliation service handling 2 million invoices a month"
            ],
        ),
    ],
    skills=[Skill(name="Python", keywords=["FastAPI", "asyncio"]), Skill(name="PostgreSQL")],
)

OUTAGE = Story(
    id="s-outage",
    title="Checkout outage during the holiday peak",
    situation="Our checkout service at Northwind timed out during the holiday peak. "
    "Customers were abandoning carts every minute.",
    task="I had to restore checkout without a risky rewrite.",
    action="I moved payment calls onto an async queue. "
    "I added load tests that replayed peak traffic.",
    result="Checkout p99 latency dropped from 1200 ms to 300 ms and abandoned carts fell 18%.",
    competencies=[Competency.CUSTOMER, Competency.PRESSURE, Competency.TECHNICAL],
    metrics=[Metric(value=18, unit="%", text="18%"), Metric(value=300, unit="ms", text="300 ms")],
    work_ref="w-northwind",
)
CONFLICT = Story(
    id="s-conflict",
    title="Disagreement over the carrier API design",
    situation="A staff engineer and I disagreed about versioning the carrier API.",
    action="I wrote a one-page comparison with data from 3 partner integrations. "
    "We agreed to run both designs behind a flag for a week.",
    result="The team adopted header versioning and partner onboarding time halved.",
    competencies=[Competency.CONFLICT, Competency.INFLUENCE, Competency.DATA],
    work_ref="w-northwind",
)
MISTAKE = Story(
    id="s-mistake",
    title="The reconciliation job that double-billed",
    situation="A reconciliation job I shipped at Globex double-billed 40 customers.",
    action="I owned the incident, refunded everyone within a day and added idempotency keys.",
    result="No double billing since, and I now write a rollback plan for every data job.",
    competencies=[Competency.FAILURE, Competency.OWNERSHIP],
    work_ref="w-globex",
)
STORIES = (OUTAGE, CONFLICT, MISTAKE)

ACME = CompanyProfile(
    slug="acme",
    name="Acme Cloud",
    values=[
        CompanyValue(
            name="Customer Obsession", meaning="Start with the customer and work backwards."
        ),
        CompanyValue(
            name="Ownership", meaning="Owners act for the long term and never say not my job."
        ),
        CompanyValue(
            name="Dive Deep", meaning="Stay connected to the details and audit with data."
        ),
    ],
    themes=["developer experience", "reliability at scale"],
)
TARGET = TargetContext(
    company=ACME,
    role="Staff Backend Engineer",
    values=list(ACME.values),
    themes=list(ACME.themes),
    skills=["Python", "Kafka", "PostgreSQL"],
)


@dataclass(frozen=True)
class StoryHit:
    story: Story
    score: float
    why: str


class KeywordMatcher:
    """Ranks by shared content words; ties keep the library's order."""

    def __init__(self, stories: Sequence[Story], resume: Resume) -> None:
        self._stories = list(stories)
        self._resume = resume

    def match(
        self,
        question: str,
        *,
        top: int = 3,
        kind: QuestionKind | None = None,
        exclude: Collection[str] = (),
        min_score: float = 0.01,
    ) -> list[StoryHit]:
        """`min_score` 0: every story not excluded, those sharing no word last."""
        asked = keywords(question)
        hits = []
        for story in self._stories:
            shared = asked & (keywords(story.text) | {c.value for c in story.competencies})
            if (shared or min_score <= 0) and story.id not in exclude:
                score = len(shared) / max(len(asked), 1)
                hits.append(StoryHit(story, score, ", ".join(sorted(shared))))
        return sorted(hits, key=lambda hit: -hit.score)[:top]


def candidate(
    stories: Sequence[Story] = STORIES,
    resume: Resume = RESUME,
    target: TargetContext | None = TARGET,
) -> CandidateContext:
    return build_candidate_context(
        resume, stories, target, user_id="u-test", index=KeywordMatcher(stories, resume)
    )


def context_text(ctx: CandidateContext) -> str:
    """Every word the context holds: any number an answer says must appear here."""
    return " ".join(
        [
            ctx.resume.model_dump_json(),
            *(story.model_dump_json() for story in ctx.stories),
            ctx.target.model_dump_json(),
        ]
    )
