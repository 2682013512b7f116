"""Repositories: each takes `(session, user_id)` and speaks the domain models."""

from intervoo.store.repos.companies import CompanyRepo
from intervoo.store.repos.practice import PracticeRepo
from intervoo.store.repos.resumes import ResumeRepo
from intervoo.store.repos.saved_answers import SavedAnswerRepo
from intervoo.store.repos.stories import StoryRepo
from intervoo.store.repos.targets import TargetRepo

__all__ = [
    "CompanyRepo",
    "PracticeRepo",
    "ResumeRepo",
    "SavedAnswerRepo",
    "StoryRepo",
    "TargetRepo",
]
