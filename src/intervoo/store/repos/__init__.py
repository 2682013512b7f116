"""The repositories of what exists only because it is stored (practice sessions, saved
answers); each domain keeps its own beside its model (`intervoo.stories.repo`, …)."""

from intervoo.store.repos.debriefs import DebriefRepo
from intervoo.store.repos.practice import PracticeRepo
from intervoo.store.repos.saved_answers import SavedAnswerRepo

__all__ = [
    "DebriefRepo",
    "PracticeRepo",
    "SavedAnswerRepo",
]
