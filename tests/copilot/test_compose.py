import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervoo.copilot.compose import compose
from intervoo.copilot.context import build_candidate_context
from intervoo.copilot.history import ConversationHistory, Exchange
from intervoo.copilot.text import numbers_in
from intervoo.events import QuestionEvent, QuestionKind
from intervoo.resume.schema import Resume
from intervoo.stories.metrics import extract_metrics
from tests.copilot.candidate import CONFLICT, OUTAGE, KeywordMatcher, candidate, context_text

QUESTIONS: list[tuple[QuestionKind, str]] = [
    (
        QuestionKind.BEHAVIORAL,
        "Tell me about a time you handled a production outage under pressure.",
    ),
    (QuestionKind.BEHAVIORAL, "Tell me about a time you disagreed with a colleague."),
    (QuestionKind.BEHAVIORAL, "Tell me about a time you negotiated with a vendor."),
    (QuestionKind.MOTIVATION, "Why do you want to work here?"),
    (QuestionKind.TECHNICAL, "How would you find duplicate invoices in a large table?"),
    (QuestionKind.TECHNICAL, "What is the difference between a process and a thread?"),
    (QuestionKind.SYSTEM_DESIGN, "How would you design a rate limiter for a public API?"),
    (QuestionKind.RESUME, "Walk me through your resume."),
    (QuestionKind.RESUME, "What did you do at Globex?"),
    (QuestionKind.PERSONAL, "Tell me about yourself."),
    (QuestionKind.PERSONAL, "What is your biggest weakness?"),
    (QuestionKind.PERSONAL, "What's your greatest strength?"),
    (QuestionKind.LOGISTICS, "What are your salary expectations?"),
    (QuestionKind.LOGISTICS, "When could you start?"),
    (QuestionKind.LOGISTICS, "Would you relocate to Berlin?"),
    (QuestionKind.CLOSING, "Do you have any questions for us?"),
]


def ask(
    text: str, kind: QuestionKind, qid: str = "q1", follow_up_of: str | None = None
) -> QuestionEvent:
    return QuestionEvent(
        id=qid, text=text, kind=kind, confidence=0.9, speculative=False, follow_up_of=follow_up_of
    )


def test_behavioral_answer_tells_the_matching_story_with_its_real_numbers() -> None:
    ctx = candidate()
    answer = compose(ask(QUESTIONS[0][1], QuestionKind.BEHAVIORAL), ctx, ConversationHistory())
    assert "checkout service" in answer.opener and "holiday peak" in answer.opener
    result_lines = [b for b in answer.bullets if b.startswith("Result:")]
    assert result_lines and "1200 ms to 300 ms" in result_lines[0] and "18%" in result_lines[0]
    assert any("I moved payment calls onto an async queue" in b for b in answer.bullets)
    assert answer.bullets[-1] == "It shows Customer Obsession, which I know matters at Acme Cloud."
    assert "story: Checkout outage during the holiday peak" in answer.sources
    assert answer.story_ids == ("s-outage",)


@pytest.mark.parametrize(("kind", "text"), QUESTIONS)
def test_every_kind_gives_an_opener_and_three_to_five_bullets(
    kind: QuestionKind, text: str
) -> None:
    answer = compose(ask(text, kind), candidate(), ConversationHistory())
    assert answer.opener and "\n" not in answer.opener
    # Three to five real lines, or fewer and one plain line saying what the library lacks.
    gap = any(" — add " in b for b in answer.bullets)
    # A short story (one sentence per part) gives two lines: nothing is padded in.
    assert 2 <= len(answer.bullets) <= 5 or (gap and answer.bullets), answer.text
    assert answer.phrases[0] == answer.opener + "\n"
    assert answer.text == "".join(answer.phrases)
    assert all(len(b.split()) <= 34 for b in answer.bullets), answer.text


@pytest.mark.parametrize(("kind", "text"), QUESTIONS)
def test_every_number_said_comes_from_the_context(kind: QuestionKind, text: str) -> None:
    ctx = candidate()
    answer = compose(ask(text, kind), ctx, ConversationHistory())
    assert numbers_in(answer.text) <= numbers_in(context_text(ctx)), answer.text


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(list(QuestionKind)),
    text=st.text(
        alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs", "P"]), max_size=80
    ),
)
def test_no_question_makes_the_composer_invent_a_number(kind: QuestionKind, text: str) -> None:
    ctx = candidate()
    answer = compose(ask(text, kind), ctx, ConversationHistory())
    assert numbers_in(answer.text) <= numbers_in(context_text(ctx)) | numbers_in(text)


def test_with_an_empty_context_the_answer_makes_no_claims() -> None:
    ctx = build_candidate_context(Resume(), [], None, index=KeywordMatcher([], Resume()))
    for kind, text in QUESTIONS:
        answer = compose(ask(text, kind), ctx, ConversationHistory())
        gap = any(" — add " in b for b in answer.bullets)
        assert 3 <= len(answer.bullets) <= 5 or (gap and answer.bullets), answer.text
        assert not numbers_in(answer.text) - numbers_in(text), answer.text
        for employer in ("Northwind", "Globex", "Acme"):
            assert employer not in answer.text
        assert answer.sources == ()


def test_the_same_question_gives_the_same_answer() -> None:
    question = ask("Tell me about a time you disagreed with a colleague.", QuestionKind.BEHAVIORAL)
    first = compose(question, candidate(), ConversationHistory())
    assert compose(question, candidate(), ConversationHistory()) == first
    assert "3 partner integrations" in first.text


def test_a_story_already_told_is_not_told_again_for_a_new_question() -> None:
    history = ConversationHistory()
    history.record(
        Exchange("q0", "Tell me about an outage", QuestionKind.BEHAVIORAL, story_ids=("s-outage",))
    )
    question = ask(
        "Tell me about a time customers were hit by pressure on checkout and you disagreed",
        QuestionKind.BEHAVIORAL,
    )
    answer = compose(question, candidate(), history)
    assert answer.story_ids[0] == CONFLICT.id


def test_a_follow_up_stays_on_its_parents_story() -> None:
    history = ConversationHistory()
    history.record(
        Exchange("q0", "Tell me about an outage", QuestionKind.BEHAVIORAL, story_ids=(OUTAGE.id,))
    )
    follow = ask(
        "And what would you do differently?", QuestionKind.BEHAVIORAL, "q1", follow_up_of="q0"
    )
    answer = compose(follow, candidate(), history)
    assert answer.story_ids[0] == OUTAGE.id
    assert answer.opener.startswith("Building on the Checkout outage")


def test_motivation_ties_company_values_and_role_to_real_experience() -> None:
    answer = compose(
        ask("Why do you want to work here?", QuestionKind.MOTIVATION),
        candidate(),
        ConversationHistory(),
    )
    assert answer.opener.startswith("What draws me to Acme Cloud is that its values match")
    assert "Staff Backend Engineer" in answer.opener
    # Each value said comes with something I did that shows it, never "X matters to me".
    valued = [b for b in answer.bullets if b.startswith(("Customer Obsession", "Ownership"))]
    assert valued and all("that's how I work: I " in b for b in valued), answer.text
    assert any("needs Python and PostgreSQL" in b for b in answer.bullets)
    assert any(s.startswith("company: Acme Cloud — ") for s in answer.sources)


def test_closing_offers_three_questions_for_this_company() -> None:
    answer = compose(
        ask("Any questions for us?", QuestionKind.CLOSING), candidate(), ConversationHistory()
    )
    assert len(answer.bullets) == 3 and all(b.endswith("?") for b in answer.bullets)
    assert "Customer Obsession" in answer.bullets[0]
    assert "Staff Backend Engineer" in answer.bullets[1]
    assert "developer experience at Acme Cloud" in answer.bullets[2]


def test_technical_answer_is_a_structured_approach_plus_real_experience() -> None:
    answer = compose(
        ask(QUESTIONS[4][1], QuestionKind.TECHNICAL), candidate(), ConversationHistory()
    )
    labels = [b.split(":")[0] for b in answer.bullets]
    assert labels[:4] == ["Clarify", "Approach", "Trade-offs and complexity", "Testing"]
    assert "how I'd find duplicate invoices" in answer.opener
    # No resume line is close enough in meaning to be "where I met it": none is pasted in.
    assert not answer.story_ids and not any(s.startswith("resume:") for s in answer.sources)


def test_system_design_names_the_system_and_covers_scale() -> None:
    answer = compose(
        ask(QUESTIONS[6][1], QuestionKind.SYSTEM_DESIGN), candidate(), ConversationHistory()
    )
    assert answer.opener.startswith("For a rate limiter for a public API")
    assert any(b.startswith("Scale and failure") for b in answer.bullets)


def test_resume_question_naming_an_employer_focuses_on_that_role() -> None:
    answer = compose(
        ask("What did you do at Globex?", QuestionKind.RESUME), candidate(), ConversationHistory()
    )
    assert answer.opener == "At Globex I was Backend Engineer (2018-06–2021-02)."
    assert answer.sources == (
        "resume: Backend Engineer at Globex",
        "story: The reconciliation job that double-billed",
    )
    assert "Northwind" not in answer.text


def test_weakness_uses_a_real_learning_story() -> None:
    answer = compose(
        ask("What is your biggest weakness?", QuestionKind.PERSONAL),
        candidate(),
        ConversationHistory(),
    )
    assert "double-billed 40 customers" in answer.opener
    assert "rollback plan" in answer.text


def test_a_number_already_said_in_an_action_is_not_tacked_onto_the_result() -> None:
    rollback = OUTAGE.model_copy(
        update={
            "id": "s-rollback",
            "task": "",
            "action": "I rolled the change back and added a canary stage for 1% of traffic.",
            "result": "Payouts were restored within 14 minutes.",
            "metrics": extract_metrics("1% of traffic within 14 minutes"),
        }
    )
    ctx = candidate(stories=[rollback])
    answer = compose(ask(QUESTIONS[0][1], QuestionKind.BEHAVIORAL), ctx, ConversationHistory())
    result = next(b for b in answer.bullets if b.startswith("Result:"))
    assert result == "Result: Payouts were restored within 14 minutes."
    assert sum(b.count("1%") for b in answer.bullets) == 1, answer.text
