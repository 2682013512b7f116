"""Story tests read the retrieval model's committed vectors for the labeled sets."""

from __future__ import annotations

import pytest

from tests.stories.vector_cache import load_cache


@pytest.fixture(autouse=True, scope="session")
def _labeled_vectors() -> None:
    load_cache()
