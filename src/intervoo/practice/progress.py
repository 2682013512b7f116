"""Progress across sessions: per-competency scores over time, and the chart of them. Pure.

A point is the mean overall score of one session's answers on one competency, so a
line per competency shows whether practice is paying off. The chart is an SVG picture
(no plotting library, no I/O), served as-is to the UI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from pydantic import BaseModel

from intervoo.store.records import PracticeAttempt, PracticeSession

OVERALL = "overall"
_PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04",
            "#db2777", "#4b5563", "#65a30d")  # fmt: skip
_WIDTH, _HEIGHT = 720, 360
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 190, 24, 40


class Point(BaseModel):
    session_id: str
    started_at: datetime
    score: float
    answers: int


class Progress(BaseModel):
    sessions: int
    answers: int
    series: dict[str, list[Point]]  # competency (or "overall") -> one point per session

    def latest(self, name: str) -> float | None:
        points = self.series.get(name)
        return points[-1].score if points else None


def compute_progress(
    sessions: Sequence[PracticeSession], attempts: Sequence[PracticeAttempt]
) -> Progress:
    started = {s.id: s.started_at for s in sessions}
    buckets: dict[tuple[str, str], list[float]] = defaultdict(list)
    answered = [a for a in attempts if a.answer_text and "overall" in a.scores]
    for attempt in answered:
        if attempt.session_id not in started:
            continue
        score = float(attempt.scores["overall"])
        buckets[(OVERALL, attempt.session_id)].append(score)
        if attempt.competency:
            buckets[(attempt.competency, attempt.session_id)].append(score)
    series: dict[str, list[Point]] = defaultdict(list)
    for (name, session_id), scores in buckets.items():
        series[name].append(
            Point(
                session_id=session_id,
                started_at=started[session_id],
                score=round(sum(scores) / len(scores), 1),
                answers=len(scores),
            )  # fmt: skip
        )
    for points in series.values():
        points.sort(key=lambda p: (p.started_at, p.session_id))
    ordered = dict(sorted(series.items(), key=lambda kv: (kv[0] != OVERALL, kv[0])))
    return Progress(
        sessions=len({sid for _, sid in buckets}), answers=len(answered), series=ordered
    )


def progress_svg(progress: Progress, *, title: str = "Practice scores by competency") -> str:
    """A line chart: sessions left to right, score 0-100 up, one line per competency."""
    order = sorted({p.session_id: p.started_at for ps in progress.series.values()
                    for p in ps}.items(), key=lambda kv: (kv[1], kv[0]))  # fmt: skip
    column = {sid: i for i, (sid, _) in enumerate(order)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        *_axes(len(order)),
    ]
    if not order:
        parts.append(_text(_WIDTH / 2 - 90, _HEIGHT / 2, "No practice answers yet", 14))
    for index, (name, points) in enumerate(progress.series.items()):
        color = "#111827" if name == OVERALL else _PALETTE[index % len(_PALETTE)]
        parts.extend(_line(name, points, column, len(order), color, index))
    parts.append("</svg>")
    return "\n".join(parts)


def _x(col: int, columns: int) -> float:
    span = _WIDTH - _LEFT - _RIGHT
    return _LEFT + (span / 2 if columns <= 1 else span * col / (columns - 1))


def _y(score: float) -> float:
    return _TOP + (_HEIGHT - _TOP - _BOTTOM) * (1 - score / 100)


def _text(x: float, y: float, text: str, size: int = 11, color: str = "#374151") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family="sans-serif" font-size="{size}" '
            f'fill="{color}">{escape(text)}</text>')  # fmt: skip


def _axes(columns: int) -> list[str]:
    lines = []
    for score in (0, 25, 50, 75, 100):
        y = _y(score)
        lines.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_WIDTH - _RIGHT}" y2="{y:.1f}" '
                     'stroke="#e5e7eb"/>')  # fmt: skip
        lines.append(_text(_LEFT - 28, y + 4, str(score)))
    for col in range(columns):
        lines.append(_text(_x(col, columns) - 4, _HEIGHT - _BOTTOM + 18, str(col + 1)))
    lines.append(_text(_LEFT, _HEIGHT - 8, "session"))
    return lines


def _line(
    name: str, points: list[Point], column: dict[str, int], columns: int, color: str, row: int
) -> list[str]:
    coords = [(_x(column[p.session_id], columns), _y(p.score)) for p in points]
    width = 3 if name == OVERALL else 2
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    shapes = [f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="{width}">'
              f"<title>{escape(name)}</title></polyline>"]  # fmt: skip
    shapes += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>' for x, y in coords]
    legend_y = _TOP + 14 + 18 * row
    shapes.append(f'<rect x="{_WIDTH - _RIGHT + 16}" y="{legend_y - 9}" width="10" height="10" '
                  f'fill="{color}"/>')  # fmt: skip
    label = f"{name} ({points[-1].score:.0f})"
    shapes.append(_text(_WIDTH - _RIGHT + 32, legend_y, label))
    return shapes
