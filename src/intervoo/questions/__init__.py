"""Streaming question detection and classification for the interviewer's channel."""

from intervoo.questions.classify import Classification, QuestionTextError, classify
from intervoo.questions.completeness import completeness
from intervoo.questions.detector import DetectorSettings, QuestionDetector

__all__ = [
    "Classification",
    "DetectorSettings",
    "QuestionDetector",
    "QuestionTextError",
    "classify",
    "completeness",
]
