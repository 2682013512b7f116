"""The issue's targets, measured on utterances the rules were never tuned on."""

from __future__ import annotations

import pytest

from tests.questions.labeled import evaluate, evaluate_completeness, load, load_partials


def test_second_held_out_set_meets_the_targets() -> None:
    # heldout2 was written before the live-use fixes and measured once after them:
    # precision 0.959, recall 0.983, kind accuracy 0.907.
    metrics = evaluate(load("heldout2"))
    report = "\n".join(metrics.misses)
    assert metrics.precision >= 0.95, report
    assert metrics.recall >= 0.95, report
    assert metrics.kind_accuracy >= 0.85, report


def test_first_held_out_set_stays_at_its_level() -> None:
    # Tuning data since heldout2 exists; a guard that the live-use fixes did not cost it.
    metrics = evaluate(load("heldout"))
    report = "\n".join(metrics.misses)
    assert metrics.precision >= 0.98, report
    assert metrics.recall >= 0.98, report
    assert metrics.kind_accuracy >= 0.95, report


def test_tuning_set_stays_near_perfect() -> None:
    # A regression guard: a rule change that breaks tuned behavior shows up here first.
    metrics = evaluate(load("dev"))
    report = "\n".join(metrics.misses)
    assert metrics.precision >= 0.98, report
    assert metrics.recall >= 0.98, report
    assert metrics.kind_accuracy >= 0.95, report


def _heldout2_completeness() -> tuple[float, float, str]:
    finished = [item.text for item in load("heldout2") if item.is_question]
    metrics = evaluate_completeness(load_partials("heldout2_partials"), finished)
    return metrics.partials_low, metrics.finished_high, "\n".join(metrics.misses)


def test_trailing_partials_score_low_and_finished_questions_high() -> None:
    # Measured once on heldout2: 0.865 of its 74 partials low, 0.942 of its 120
    # finished questions high. Floors sit just under, so a regression fails here.
    partials_low, finished_high, report = _heldout2_completeness()
    assert partials_low >= 0.85, report
    assert finished_high >= 0.9, report


@pytest.mark.xfail(strict=True, reason="partials target 0.9 not met yet: measured 0.865")
def test_trailing_partials_meet_the_target() -> None:
    partials_low, _, report = _heldout2_completeness()
    assert partials_low >= 0.9, report


def test_tuning_questions_sound_finished() -> None:
    # Completeness on tuning data (dev + first held-out): finished questions clear the bar.
    finished = [item.text for item in load("dev") + load("heldout") if item.is_question]
    metrics = evaluate_completeness([], finished)
    assert metrics.finished_high >= 0.98, "\n".join(metrics.misses)
