"""The story library."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select, update

from intervoo.store.errors import NotFoundError
from intervoo.store.models import StoryRow, UserRow
from intervoo.store.repos.base import Repo, reads_row
from intervoo.store.types import utcnow
from intervoo.stories.model import Story, StoryStatus
from intervoo.stories.shapes import text_shape


@reads_row("stories")
def _to_story(row: StoryRow) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        situation=row.situation,
        task=row.task,
        action=row.action,
        result=row.result,
        competencies=row.competencies,
        metrics=row.metrics,
        questions=row.questions,
        work_ref=row.work_ref,
        source=row.source,
        status=row.status,
        shape=row.shape,
        times_used=row.times_used,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _fill(row: StoryRow, story: Story) -> None:
    row.title = story.title
    row.situation = story.situation
    row.task = story.task
    row.action = story.action
    row.result = story.result
    row.competencies = [c.value for c in story.competencies]
    row.metrics = [m.model_dump(mode="json") for m in story.metrics]
    row.questions = list(story.questions)
    row.work_ref = story.work_ref
    row.source = story.source.value
    row.status = story.status.value
    row.times_used = story.times_used
    row.shape = text_shape(story).value  # from what the story now tells, on every save


class StoryRepo(Repo):
    def lock(self) -> None:
        """Hold this user's library until the transaction ends, so a check-then-add (is
        this story already there?) is atomic: on PostgreSQL a lock on the user's row, on
        SQLite the database's write lock, taken by a write that changes nothing."""
        mine = UserRow.id == self.user_id
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(UserRow.id).where(mine).with_for_update())
        else:
            self.session.execute(update(UserRow).where(mine).values(is_local=UserRow.is_local))

    def list(self, status: StoryStatus | None = None) -> list[Story]:
        query = select(StoryRow).where(StoryRow.user_id == self.user_id)
        if status is not None:
            query = query.where(StoryRow.status == status.value)
        query = query.order_by(StoryRow.created_at, StoryRow.id)
        return [_to_story(row) for row in self.session.scalars(query)]

    def _row(self, story_id: str) -> StoryRow | None:
        query = select(StoryRow).where(StoryRow.user_id == self.user_id, StoryRow.id == story_id)
        return self.session.scalars(query).one_or_none()

    def get(self, story_id: str) -> Story | None:
        row = self._row(story_id)
        return None if row is None else _to_story(row)

    def add(self, story: Story) -> Story:
        row = StoryRow(
            id=story.id,
            user_id=self.user_id,
            created_at=story.created_at,
            updated_at=story.updated_at,
        )
        _fill(row, story)
        self.session.add(row)
        self.session.flush()
        return _to_story(row)

    def update(self, story: Story) -> Story:
        row = self._row(story.id)
        if row is None:
            raise NotFoundError(f"story {story.id} does not exist")
        _fill(row, story)
        row.updated_at = utcnow()
        self.session.flush()
        return _to_story(row)

    def delete(self, story_id: str) -> bool:
        query = delete(StoryRow).where(StoryRow.user_id == self.user_id, StoryRow.id == story_id)
        return self._delete_where(query)

    def label_unshaped(self) -> int:
        """Label the stories saved before shapes were stored (migration 0009 adds the
        column empty: the label needs the interview lexicon, which the store's migrations
        do not import); returns how many were labelled."""
        query = select(StoryRow).where(StoryRow.user_id == self.user_id, StoryRow.shape == "")
        rows = list(self.session.scalars(query))
        for row in rows:
            row.shape = text_shape(_to_story(row)).value
        self.session.flush()
        return len(rows)

    def mark_used(self, story_ids: Collection[str]) -> None:
        """Count one more use of each story (a live suggestion or practice answer used it)."""
        if not story_ids:
            return
        query = (
            update(StoryRow)
            .where(StoryRow.user_id == self.user_id, StoryRow.id.in_(list(story_ids)))
            .values(times_used=StoryRow.times_used + 1, last_used_at=utcnow())
        )
        self.session.execute(query)
