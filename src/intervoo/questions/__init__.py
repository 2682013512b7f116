"""Streaming question detection and classification for the interviewer's channel."""

from intervoo.questions.classify import Classification, QuestionTextError, classify

__all__ = ["Classification", "QuestionTextError", "classify"]
