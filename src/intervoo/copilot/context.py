"""Everything the copilot knows about the candidate, loaded once at session start.

Nothing here touches the database after `load_candidate_context` returns, so the
hot path (question → answer) is pure and in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from intervoo.companies.model import CompanyProfile, CompanyValue, TargetContext
from intervoo.copilot.dossier import Dossier, build_dossier
from intervoo.copilot.evidence import Evidence
from intervoo.copilot.matching import StoryMatcher
from intervoo.copilot.needs import NeedReader
from intervoo.copilot.pairing import ValueEvidence, paired_values
from intervoo.copilot.shapes import Shape, story_shape
from intervoo.embed import TextEmbedder, default_embedder
from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.model import Story

if TYPE_CHECKING:
    from intervoo.store import Database


@dataclass(frozen=True)
class CandidateContext:
    resume: Resume
    stories: tuple[Story, ...]
    index: StoryMatcher
    target: TargetContext
    evidence: Evidence
    needs: NeedReader
    user_id: str | None = None
    _work_by_id: dict[str, WorkEntry] = field(default_factory=dict, repr=False)
    _shapes: dict[str, Shape] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._work_by_id.update({entry.id: entry for entry in self.resume.work if entry.id})
        for story in self.stories:
            self._shapes[story.id] = story_shape(story, self.needs.needs_of(story.questions))

    @cached_property
    def dossier(self) -> Dossier:
        """The session's dossier, built once: a new context (the library changed) builds
        a new one, so every prompt of one context shares it byte for byte."""
        strongest = self.evidence.strongest(len(self.evidence.highlights))
        keys = {h.key for h in strongest}
        highlights = strongest + [h for h in self.evidence.highlights if h.key not in keys]
        basics = self.resume.basics
        return build_dossier(
            label=basics.label,
            summary=basics.summary,
            work=list(self.resume.work),
            company=self.company_name,
            role=self.role,
            values=self.values,
            skills=list(self.target.skills),
            highlights=highlights,
            stories=self.stories,
            employer_of={story.id: self.employer_of(story) for story in self.stories},
        )

    @cached_property
    def value_evidence(self) -> tuple[ValueEvidence, ...]:
        """The company's values, each with my item that shows it: the session's, like the
        dossier (no question changes them)."""
        return paired_values(self.values, self.stories, self.evidence)

    def shape_of(self, story: Story) -> Shape:
        return self._shapes.get(story.id) or story_shape(story)

    def work_entry(self, work_id: str | None) -> WorkEntry | None:
        return self._work_by_id.get(work_id) if work_id else None

    def employer_of(self, story: Story) -> str | None:
        entry = self.work_entry(story.work_ref)
        return entry.name if entry else None

    @property
    def company_name(self) -> str | None:
        return self.target.company.name if self.target.company else None

    @property
    def role(self) -> str | None:
        return self.target.role or None

    @property
    def values(self) -> list[CompanyValue]:
        if self.target.values:
            return list(self.target.values)
        return list(self.target.company.values) if self.target.company else []

    @property
    def current_work(self) -> WorkEntry | None:
        """The current job, else the most recent one (resumes list newest first)."""
        for entry in self.resume.work:
            if entry.current or not entry.endDate:
                return entry
        return self.resume.work[0] if self.resume.work else None


def build_candidate_context(
    resume: Resume | None,
    stories: Sequence[Story],
    target: TargetContext | None = None,
    *,
    user_id: str | None = None,
    index: StoryMatcher | None = None,
    embedder: TextEmbedder | Literal["default"] | None = "default",
) -> CandidateContext:
    """Build the in-memory context; building the story index is the slow part, done once.
    `embedder`: the retrieval model that reads what a question needs and which highlights
    it is about ("default": the bundled one; None: the question's kind alone decides)."""
    resume = resume or Resume()
    if index is None:
        from intervoo.stories.index_cache import story_index

        index = story_index(list(stories), resume=resume)
    model = default_embedder() if embedder == "default" else embedder
    target = target or TargetContext(company=None, role=None)
    values = target.values or (target.company.values if target.company else [])
    return CandidateContext(
        resume=resume,
        stories=tuple(stories),
        index=index,
        target=target,
        evidence=Evidence(resume, model, stories=stories, values=values),
        needs=NeedReader(model),
        user_id=user_id,
    )


def target_for(company: CompanyProfile | None, role: str | None) -> TargetContext:
    """A target for a company and role named at session start. There is no job description
    then, so the company's own values and themes are all there is to add."""
    if company is None:
        return TargetContext(company=None, role=role or None)
    return TargetContext(
        company=company, role=role or None, values=list(company.values), themes=list(company.themes)
    )


def unknown_company(name: str) -> CompanyProfile:
    """A company we have no profile for: its name is still worth saying."""
    clean = " ".join(name.split())
    slug = re.sub(r"[^a-z0-9]+", "-", clean.lower()).strip("-") or "company"
    return CompanyProfile(slug=slug, name=clean)


def load_candidate_context(
    db: Database, user_id: str, *, company: str | None = None, role: str | None = None
) -> CandidateContext:
    """Read resume, stories and target once (a session's only database work)."""
    from intervoo.companies.catalog import find_company
    from intervoo.companies.repo import CompanyRepo
    from intervoo.resume.repo import ResumeRepo
    from intervoo.stories.embeddings import StoredVectors
    from intervoo.stories.index_cache import story_index
    from intervoo.stories.repo import StoryRepo
    from intervoo.stories.vector_repo import StoryVectorRepo

    with db.session(user_id) as session:
        stored = ResumeRepo(session, user_id).get()
        repo = StoryRepo(session, user_id)
        repo.label_unshaped()  # stories saved before labels were stored (migration 0009)
        stories = repo.list()
        vectors = StoredVectors(StoryVectorRepo(session, user_id).all())
        if company:
            found = find_company(company, CompanyRepo(session, user_id).list_user())
            target = target_for(found or unknown_company(company), role)
        else:
            from intervoo.companies.context import load_target_context

            target = load_target_context(session, user_id)
            if role:
                target = target.model_copy(update={"role": role})
    resume = stored.resume if stored else None
    index = story_index(stories, resume=resume, vectors=vectors)
    if vectors.fresh:  # what this library's last edits added: embedded once, kept
        with db.session(user_id) as session:
            StoryVectorRepo(session, user_id).save(vectors.fresh)
    return build_candidate_context(resume, stories, target, user_id=user_id, index=index)
