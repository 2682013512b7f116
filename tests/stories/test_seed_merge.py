import pytest

from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.merge import find_duplicate, merge_stories
from intervoo.stories.model import Competency, Metric, Story, StorySource, StoryStatus
from intervoo.stories.seed import split_highlight, stories_from_resume
from tests.stories.evaluation import load_set

WORK = WorkEntry(
    id="work-1",
    name="Acme",
    position="Backend Engineer",
    summary="Payments platform team. Second sentence.",
    highlights=[
        "Rebuilt the checkout service to cut latency, reducing p99 from 900 ms to 80 ms",
        "Cut AWS costs 30% by moving batch jobs to spot instances",
        "Mentored junior engineers",
    ],
)


def test_each_measurable_highlight_becomes_a_linked_draft() -> None:
    drafts = stories_from_resume(Resume(work=[WORK]))
    assert len(drafts) == 2  # "Mentored junior engineers" has no measurable result
    first = drafts[0]
    assert first.work_ref == "work-1"
    assert first.source is StorySource.RESUME and first.status is StoryStatus.DRAFT
    assert first.situation == "As Backend Engineer at Acme. Payments platform team."
    assert (first.task, first.action) == ("Cut latency.", "Rebuilt the checkout service.")
    assert first.result == "Reducing p99 from 900 ms to 80 ms."
    assert [(m.value, m.unit) for m in first.metrics] == [(900.0, "ms"), (80.0, "ms")]


def test_seeding_is_stable_so_reseeding_finds_the_same_stories() -> None:
    a, b = stories_from_resume(Resume(work=[WORK])), stories_from_resume(Resume(work=[WORK]))
    assert [s.id for s in a] == [s.id for s in b]
    assert find_duplicate(b[0], a) is a[0]


@pytest.mark.parametrize(
    ("highlight", "expected"),
    [
        ("Cut costs 30% by moving jobs to spot", ("", "Moving jobs to spot.", "Cut costs 30%.")),
        ("Grew signups 3x in 6 months", ("", "", "Grew signups 3x in 6 months.")),
        ("Led 6 engineers to migrate 120 services, saving $250k a year",
         ("Migrate 120 services.", "Led 6 engineers.", "Saving $250k a year.")),
    ],
)  # fmt: skip
def test_split_highlight(highlight: str, expected: tuple[str, str, str]) -> None:
    assert split_highlight(highlight) == expected


def test_a_fuller_retelling_is_a_duplicate_and_merges_into_the_richer_story() -> None:
    draft = stories_from_resume(Resume(work=[WORK]))[1]
    retold = Story(
        title="Moving batch jobs to spot instances",
        situation="Our AWS costs kept climbing because nightly batch jobs ran on on-demand boxes.",
        task="Cut costs without slowing the nightly jobs.",
        action="I moved batch jobs to spot instances, with checkpoints so interruptions are cheap.",
        result="AWS costs fell 30%.",
        metrics=[Metric(value=30, unit="%", text="30%")],
        competencies=[Competency.OWNERSHIP],
        status=StoryStatus.APPROVED,
    )
    assert find_duplicate(retold, [draft]) is draft
    merged = merge_stories(draft, retold)
    assert merged.id == draft.id and merged.work_ref == "work-1"
    assert merged.situation == retold.situation and merged.action == retold.action
    assert merged.status is StoryStatus.APPROVED
    assert Competency.OWNERSHIP in merged.competencies
    assert len({(m.value, m.unit) for m in merged.metrics}) == len(merged.metrics)


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_distinct_stories_are_not_duplicates(name: str) -> None:
    stories = load_set(name).stories
    for i, story in enumerate(stories):
        assert find_duplicate(story, stories[:i] + stories[i + 1 :]) is None, story.id


def test_stories_from_different_jobs_are_never_merged() -> None:
    a = Story(title="Cut costs", result="Cut AWS costs 30% by using spot instances", work_ref="w1")
    b = a.model_copy(update={"id": "other", "work_ref": "w2"})
    assert find_duplicate(b, [a]) is None
