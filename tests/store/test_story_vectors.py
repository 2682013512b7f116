"""Stored retrieval vectors: kept per user and text, read back in one query, on both databases."""

from __future__ import annotations

import numpy as np
from sqlalchemy import text

from intervoo.store import Database
from intervoo.stories.vector_repo import StoryVectorRepo
from intervoo.userdata.transfer import delete_user_data
from tests.store.conftest import USER_A, USER_B


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_vectors_round_trip_per_user(two_users: Database) -> None:
    mine = {"m:1": _unit(1), "m:2": _unit(2)}
    with two_users.session(USER_A) as session:
        StoryVectorRepo(session, USER_A).save(mine)
        StoryVectorRepo(session, USER_A).save({"m:1": _unit(9)})  # a key never changes
    with two_users.session(USER_B) as session:
        StoryVectorRepo(session, USER_B).save({"m:1": _unit(3)})
    with two_users.session(USER_A) as session:
        stored = StoryVectorRepo(session, USER_A).all()
        loaded = StoryVectorRepo(session, USER_A).load(["m:2", "m:absent"])
    assert set(stored) == {"m:1", "m:2"} and set(loaded) == {"m:2"}
    for key, vector in mine.items():  # float16 on disk: cosine with the original ~1
        assert stored[key].dtype == np.float32 and float(stored[key] @ vector) > 0.9999


def test_keep_only_drops_the_vectors_of_texts_gone_from_the_library(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        StoryVectorRepo(session, USER_A).save({f"m:{i}": _unit(i) for i in range(3)})
        assert StoryVectorRepo(session, USER_A).keep_only({"m:0"}) == 2
        assert set(StoryVectorRepo(session, USER_A).all()) == {"m:0"}


def test_deleting_a_users_data_deletes_their_vectors(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        StoryVectorRepo(session, USER_A).save({"m:1": _unit(1)})
    with two_users.session(USER_A) as session:
        delete_user_data(session, USER_A)
    with two_users.session(USER_A) as session:
        left = session.execute(text("SELECT count(*) FROM story_vectors")).scalar_one()
    assert left == 0
