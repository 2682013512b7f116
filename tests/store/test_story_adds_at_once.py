"""Adds at the same moment: the duplicate check and the insert are one atomic step."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from intervoo.store import Database
from intervoo.stories.library import AddResult, add_each, add_story, story_from_input
from intervoo.stories.model import Story
from intervoo.stories.repo import StoryRepo
from tests.store.conftest import USER_A

STORY = {
    "title": "Cut the AWS bill",
    "situation": "Our AWS bill at Acme doubled in a year.",
    "task": "Cut it without slowing releases.",
    "action": "I moved the batch jobs to spot instances.",
    "result": "The bill fell 40% in 3 months.",
}
ADDS = 10


def test_ten_identical_adds_at_once_store_one_story(two_users: Database) -> None:
    db = two_users
    start = threading.Barrier(ADDS)

    def add() -> AddResult:
        story = story_from_input(STORY)
        start.wait()
        with db.session(USER_A) as session:
            return add_story(StoryRepo(session, USER_A), story)

    with ThreadPoolExecutor(ADDS) as pool:
        results = list(pool.map(lambda _: add(), range(ADDS)))
    with db.session(USER_A) as session:
        stored = StoryRepo(session, USER_A).list()
    assert len(stored) == 1
    assert sum(result.merged_into is None for result in results) == 1
    assert {result.story.id for result in results} == {stored[0].id}


def test_two_large_imports_at_once_both_land(two_users: Database) -> None:
    """The second waits for the first's lock instead of failing with "database is locked"."""
    from tests.stories.test_merge_facts import templated

    db = two_users
    batches = [[story_from_input(templated(i)) for i in range(k, 600, 2)] for k in (0, 1)]
    start = threading.Barrier(2)

    def run(batch: list[Story]) -> int:
        start.wait()
        with db.session(USER_A) as session:
            return len(add_each(StoryRepo(session, USER_A), batch))

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(run, batches)) == [300, 300]
    with db.session(USER_A) as session:
        assert len(StoryRepo(session, USER_A).list()) == 600
