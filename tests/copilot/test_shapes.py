"""A story's shape: from what it tells, and best from the questions it is known to answer."""

from __future__ import annotations

import json

from intervoo.copilot.compose import compose
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.shapes import Shape, story_shape
from intervoo.events import QuestionKind
from intervoo.stories.library import prepare
from intervoo.stories.model import Competency, Story
from intervoo.stories.shapes import text_shape
from tests.copilot.answers_check import DATA
from tests.copilot.candidate import OUTAGE, candidate
from tests.copilot.test_compose import ask

# Worded with none of the lexicon's setback words: only its question says what it is.
OVERPROMISE = Story(
    id="s-overpromise",
    title="The recommendations relaunch",
    situation="I told the product team the new recommendations would be live in one quarter.",
    action="I split the work into small experiments and shipped the first in three weeks.",
    result="The experiments lifted enrollments by 8%, two months after the date I gave.",
    questions=["Tell me about a time you failed to deliver what you promised."],
)


def test_a_story_a_failure_question_was_asked_about_is_a_setback() -> None:
    ctx = candidate(stories=(OUTAGE, OVERPROMISE))
    assert ctx.shape_of(OVERPROMISE) is Shape.FAILURE
    assert story_shape(OVERPROMISE.model_copy(update={"questions": []})) is not Shape.FAILURE


def test_a_weakness_question_tells_the_setback_never_the_success() -> None:
    ctx = candidate(stories=(OUTAGE, OVERPROMISE))
    question = ask("What is your greatest weakness?", QuestionKind.PERSONAL)
    answer = compose(question, ctx, ConversationHistory())
    assert answer.story_ids == (OVERPROMISE.id,), answer.text


def test_with_no_setback_story_one_plain_line_says_what_to_add() -> None:
    ctx = candidate(stories=(OUTAGE,))
    question = ask("Tell me about a time you failed.", QuestionKind.BEHAVIORAL)
    answer = compose(question, ctx, ConversationHistory())
    assert answer.story_ids == ()
    assert answer.bullets == ("No story about a setback yet — add one in Stories.",)


def test_a_setback_story_the_question_shares_no_word_with_is_still_the_one_told() -> None:
    # The shape is what the question needs; its words only rank within the shape.
    ctx = candidate(stories=(OUTAGE, OVERPROMISE))
    question = ask("Which of your habits at work are you trying to change?", QuestionKind.PERSONAL)
    answer = compose(question, ctx, ConversationHistory())
    assert answer.story_ids[:1] == (OVERPROMISE.id,), answer.text


def test_a_question_the_classifier_took_for_logistics_is_read_by_its_meaning() -> None:
    # "start" made it a logistics question; it asks who I am.
    ctx = candidate(stories=(OUTAGE,))
    text = "Could you start by telling me a bit about who you are professionally?"
    answer = compose(ask(text, QuestionKind.LOGISTICS), ctx, ConversationHistory())
    assert "start date" not in answer.text.lower(), answer.text
    assert "Northwind" in answer.text, answer.text
    # A real logistics question keeps its answer.
    start = ask("When could you start?", QuestionKind.LOGISTICS)
    assert "date" in compose(start, ctx, ConversationHistory()).text


def test_between_a_setback_and_a_disagreement_the_story_that_fits_decides() -> None:
    # The examples put this about as close to a setback as to a conflict (0.886 / 0.880);
    # the library holds one disagreement that fits it well and no setback that does.
    from intervoo.copilot.context import build_candidate_context
    from intervoo.resume.schema import Resume
    from tests.copilot.answers_check import load_story_set

    resume, stories = load_story_set(Resume(), "deedy_stories.json")
    ctx = build_candidate_context(resume, stories)
    text = "How did you handle a code review where you and a reviewer could not agree?"
    answer = compose(ask(text, QuestionKind.BEHAVIORAL), ctx, ConversationHistory())
    assert answer.story_ids[:1] == ("d-review",), answer.text


def test_the_saved_label_is_a_readers_on_the_labelled_story_sets() -> None:
    """The hand labels of the answer bench's story sets (bench/story_shapes.py measures the
    lexicon against the model's reading there): every story is labelled with a real shape,
    and the label the store saves gets setback / disagreement / neither right for at least
    46 of the 48 (measured 46; the misses are listed in the README), read from the story as
    written and as saved: saving adds the competencies its text shows to its tags, and
    those must not count twice (read as saved, 43 before)."""
    labels = json.loads((DATA / "story_shapes.json").read_text())["sets"]
    shaped = saved_shaped = total = 0
    for name, truth in labels.items():
        items = json.loads((DATA / name).read_text())["stories"]
        assert {item["id"] for item in items} == set(truth), name
        for item in items:
            label = truth[item["id"]]
            assert {label["shape"], *label.get("also", ())} <= {s.value for s in Shape}
            story = Story(**{k: v for k, v in item.items() if k != "employer"})
            shaped += _coarse(text_shape(story).value) == _coarse(label["shape"])
            saved = text_shape(prepare(story)).value
            saved_shaped += _coarse(saved) == _coarse(label["shape"])
            total += 1
    assert total == 48 and shaped >= 46 and saved_shaped >= 46


def _coarse(shape: str) -> str:
    return shape if shape in {Shape.FAILURE.value, Shape.CONFLICT.value} else "neither"


# Words of failure everywhere, but nobody's mistake: a problem that befell others, solved.
BACKUPS = Story(
    id="s-backups",
    title="Backups that failed silently",
    situation="The nightly backups of the compression service had been failing for weeks, "
    "and nobody noticed until a restore went wrong.",
    task="I was asked to make the backups trustworthy.",
    action="I added a restore test after every backup and an alert on any failed run.",
    result="Every backup since has been verified, and a failed run pages the on-call "
    "engineer within minutes.",
)


def test_a_setback_is_one_the_situation_puts_me_in() -> None:
    assert text_shape(BACKUPS) is not Shape.FAILURE
    mine = "I set up the nightly backups without a restore test, and they failed for weeks."
    assert text_shape(BACKUPS.model_copy(update={"situation": mine})) is Shape.FAILURE
    # The author's own tag says it is a setback, whoever's the situation, where the words
    # alone would not have tagged it. A tag the words give (saving gives it to every story
    # with them) says nothing more than the words: it decided nothing, or 1ea7099's rule
    # would not hold for any saved story.
    quiet = BACKUPS.model_copy(
        update={
            "title": "Trustworthy backups",
            "situation": "Nobody had checked the nightly backups for weeks.",
            "action": "I added a restore test after every backup.",
            "result": "Every backup since has been verified.",
        }
    )
    assert text_shape(quiet) is not Shape.FAILURE
    tagged = quiet.model_copy(update={"competencies": [Competency.FAILURE]})
    assert text_shape(tagged) is Shape.FAILURE
    assert text_shape(prepare(BACKUPS)) is not Shape.FAILURE


# The demo's deadline story: one word of disagreement ("check-ins with finance"), tagged by
# its author for the deadline.
DEADLINE_WITH_FINANCE = Story(
    id="s-carrier",
    title="Carrier billing shipped in half the time",
    situation="At Harbor Freight Tech the carrier-billing integration had to be live before "
    "peak season, and the plan said 12 weeks with only 7 left.",
    task="As the lead engineer I had to get a safe version live before the peak season launch.",
    action="I cut the scope to the three carriers that made up 80% of volume, ran daily "
    "fifteen-minute check-ins with finance, and built a replay harness so we could test "
    "against last year's invoices.",
    result="We shipped in 6 weeks instead of 12, billed 1.2 million shipments in the first "
    "month and had zero invoice disputes.",
    competencies=[Competency.PRESSURE, Competency.PRIORITIZATION, Competency.OWNERSHIP],
)


def test_saving_a_story_does_not_change_its_shape() -> None:
    """Saving adds the competencies the text shows to the story's tags (here conflict, from
    two mentions); read again from the saved story they were counted twice, text and tag,
    and the deadline story became a disagreement."""
    saved = prepare(DEADLINE_WITH_FINANCE)
    assert Competency.CONFLICT in saved.competencies
    assert text_shape(saved) is text_shape(DEADLINE_WITH_FINANCE)
    assert text_shape(saved) is not Shape.CONFLICT


# The demo's disagreement: failure words in a teammate's clause, "I" only in a side remark.
RETRY_DESIGN = Story(
    id="s-retry",
    title="Disagreeing about the retry design",
    situation="A senior teammate wanted to fix failed shipment bookings with more aggressive "
    "retries, which I believed would double-book shipments.",
    task="I needed to change the design without turning it into a fight two weeks before a "
    "release.",
    action="I wrote a one-page comparison with data from 3 months of failures, proposed "
    "idempotency keys, and offered to pair on the prototype.",
    result="We shipped the idempotent pipeline together, and failed bookings fell by 35%.",
    competencies=[Competency.CONFLICT, Competency.INFLUENCE],
)


def test_a_setback_has_me_as_its_subject_not_in_a_side_remark() -> None:
    """'…, which I believed…' does not make the teammate's failed bookings my setback (the
    demo told this disagreement for 'What is your biggest weakness?'); '…, and I approved
    pouring…' does make the slab my setback."""
    assert text_shape(prepare(RETRY_DESIGN)) is Shape.CONFLICT
    mine = (
        "On a residential block we were two weeks behind, and I approved pouring the slab on "
        "a day forecast to freeze; it failed its strength tests."
    )
    slab = BACKUPS.model_copy(update={"situation": mine})
    assert text_shape(prepare(slab)) is Shape.FAILURE
