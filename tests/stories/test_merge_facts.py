"""A retelling merges; a story of the same shape with other facts never does (issue 18)."""

from __future__ import annotations

from pathlib import Path

from intervoo.config import Settings
from intervoo.store import Database
from intervoo.stories.library import add_each, counts, story_from_input
from intervoo.stories.merge import DuplicateIndex, find_duplicate, proper_names
from intervoo.stories.model import Story
from intervoo.stories.repo import StoryRepo

ACME = Story(
    title="Cut the cloud bill at Acme",
    situation="At Acme our AWS bill grew every quarter while traffic stayed flat.",
    task="Bring the cloud bill down without hurting the product.",
    action="I moved the batch fleet to AWS spot instances with checkpointing.",
    result="The bill fell 40% in 3 months.",
)
GLOBEX = Story(
    title="Cut the cloud bill at Globex",
    situation="At Globex our GCP bill grew every quarter while traffic stayed flat.",
    task="Bring the cloud bill down without hurting the product.",
    action="I moved the batch fleet to GCP preemptible instances with checkpointing.",
    result="The bill fell 25% in 6 weeks.",
)

COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka"]


def templated(i: int) -> dict[str, str]:
    """One of many stories of one shape, each with its own employer and numbers."""
    company = f"{COMPANIES[i % len(COMPANIES)]}{i}"
    return {
        "title": f"Cut the cloud bill at {company}",
        "situation": f"At {company} our cloud spend grew {i % 50 + 5}% every quarter.",
        "task": "Bring the bill down without slowing the product.",
        "action": "I moved batch jobs to spot instances.",
        "result": f"The bill fell {10 + i % 80}% in {1 + i // 80} months.",
    }


def test_same_shape_with_another_employer_and_numbers_is_another_story() -> None:
    assert find_duplicate(GLOBEX, [ACME]) is None
    assert find_duplicate(ACME, [GLOBEX]) is None


def test_different_numbers_alone_make_a_different_story() -> None:
    other = ACME.model_copy(update={"id": "x", "result": "The bill fell 25% in 6 weeks."})
    assert find_duplicate(other, [ACME]) is None


def test_different_names_alone_make_a_different_story() -> None:
    text = {f: getattr(ACME, f).replace("Acme", "Globex").replace("AWS", "GCP")
            for f in ("title", "situation", "action")}  # fmt: skip
    assert find_duplicate(ACME.model_copy(update={"id": "x", **text}), [ACME]) is None


def test_a_retelling_that_adds_detail_and_numbers_still_merges() -> None:
    retold = Story(
        title="Halving nightly compute cost",
        situation="Our AWS bill at Acme kept growing each quarter with flat traffic.",
        task="Bring the cloud bill down without hurting the product.",
        action="I moved the batch fleet to spot instances and added checkpointing, "
        "so an interruption costs minutes.",
        result="The bill fell 40% in 3 months, about $30k a month.",
    )
    assert find_duplicate(retold, [ACME]) is ACME


def test_names_are_capitalized_words_and_acronyms_not_title_case() -> None:
    assert proper_names(ACME) == {"acme", "aws"}
    spot = Story(title="Moving Batch Jobs To Spot", action="I moved batch jobs to spot boxes.")
    assert proper_names(spot) == set()


def test_the_index_finds_what_the_plain_scan_finds(tmp_path: Path) -> None:
    stories = [story_from_input(templated(i)) for i in range(60)]
    index = DuplicateIndex(stories)
    again = story_from_input(templated(17))
    assert index.find(again) is stories[17]
    assert find_duplicate(again, stories) is stories[17]


def test_five_hundred_templated_stories_import_as_five_hundred(settings: Settings) -> None:
    db = Database(settings)
    db.upgrade()
    user = db.ensure_local_user()
    stories = [story_from_input(templated(i)) for i in range(500)]
    try:
        with db.session(user) as session:
            assert counts(add_each(StoryRepo(session, user), stories)) == {
                "added": 500,
                "merged": 0,
            }
        with db.session(user) as session:
            assert len(StoryRepo(session, user).list()) == 500
            again = counts(add_each(StoryRepo(session, user), stories[:5]))
        assert again == {"added": 0, "merged": 5}
    finally:
        db.dispose()
