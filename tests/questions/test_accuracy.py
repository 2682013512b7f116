"""The issue's targets, measured on utterances the rules were never tuned on."""

from __future__ import annotations

from tests.questions.labeled import evaluate, load


def test_held_out_meets_the_targets() -> None:
    metrics = evaluate(load("heldout"))
    report = "\n".join(metrics.misses)
    assert metrics.precision >= 0.95, report
    assert metrics.recall >= 0.95, report
    assert metrics.kind_accuracy >= 0.85, report


def test_tuning_set_stays_near_perfect() -> None:
    # A regression guard: a rule change that breaks tuned behavior shows up here first.
    metrics = evaluate(load("dev"))
    report = "\n".join(metrics.misses)
    assert metrics.precision >= 0.98, report
    assert metrics.recall >= 0.98, report
    assert metrics.kind_accuracy >= 0.95, report
