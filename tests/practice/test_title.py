"""Draft titles name what happened and what came of it, from the answer's own words."""

from __future__ import annotations

import pytest

from intervoo.practice.star import label_sentences
from intervoo.practice.title import story_title
from tests.practice.helpers import COST_STORY, MIGRATION_STORY
from tests.practice.test_flywheel import BILLING_DASHBOARD, SEARCH_MIGRATION


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        (SEARCH_MIGRATION, "Elasticsearch → OpenSearch migration: zero downtime, 900 → 120 ms"),
        (
            BILLING_DASHBOARD,
            "Give finance a self-service billing dashboard: three days → half a day",
        ),
        (COST_STORY, "Cut cloud costs: 35%, $380k"),
        (MIGRATION_STORY, "Let teams deploy on their own: no customer-facing downtime"),
    ],
)
def test_titles_name_what_happened_and_its_result(answer: str, title: str) -> None:
    assert story_title(label_sentences(answer)) == title


def test_a_move_between_two_named_things_said_with_from_and_to() -> None:
    answer = (
        "Our nightly jobs ran on cron boxes that kept failing. "
        "I was asked to make them reliable. "
        "I moved every job from Cron to Airflow and added retries and alerts. "
        "The failure rate went from 12% to 1%."
    )
    assert story_title(label_sentences(answer)) == "Cron → Airflow migration: 12% → 1%"


def test_without_a_task_or_numbers_the_first_action_names_it() -> None:
    answer = (
        "A customer was furious about a late delivery. "
        "I called her back the same day and walked her through what had gone wrong. "
        "She stayed with us and later referred a friend."
    )
    assert story_title(label_sentences(answer)) == "Called her back the same day and walked her…"
