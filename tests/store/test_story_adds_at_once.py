"""Adds at the same moment: the duplicate check and the insert are one atomic step."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from intervoo.store import Database, StoryRepo
from intervoo.stories.library import AddResult, add_story, story_from_input
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
