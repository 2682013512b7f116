import json

import pytest

from intervoo.companies.skills import (
    SkillVocabulary,
    VocabularyError,
    bundled_vocabulary,
    find_skills,
    load_vocabulary,
    tokenize,
)


def test_bundled_vocabulary_has_a_few_hundred_skills() -> None:
    assert len(bundled_vocabulary().names) >= 300


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("We use C++, C# and .NET, plus Node.js.", ["C++", "C#", ".NET", "Node.js"]),
        ("Python/Django and CI/CD", ["Python", "Django", "CI/CD"]),
        ("Strong C/C++ skills", ["C", "C++"]),
        ("Deploy on Google Cloud Platform with k8s", ["GCP", "Kubernetes"]),
        ("Build Spring Boot services", ["Spring Boot"]),
        ("Experience with Golang, then Go again", ["Go"]),
        ("- Excel and Google Sheets for models", ["Excel", "Google Sheets"]),
        ("Analysis in Python (pandas) or R for stats", ["Python", "pandas", "R"]),
        ("A/B tests and machine-learning models", ["A/B testing", "Machine learning"]),
        ("Kotlin, Swift, Rust", ["Kotlin", "Swift", "Rust"]),
        ("Objective-C and scikit-learn", ["Objective-C", "scikit-learn"]),
        ("Our go-to-market team", ["Go-to-market"]),
    ],
)
def test_skills_are_found_as_spelled(text: str, skills: list[str]) -> None:
    assert find_skills(text) == skills


@pytest.mark.parametrize(
    "text",
    [
        "Go beyond what is asked.",
        "We closed our Series C last year.",
        "You will brief C-level executives.",
        "Our R&D group works with you.",
        "You excel at explaining things.",
        "Move swift and rust-proof your plans; lean on the team.",
        "Give the rest of the team a hand; spring is coming.",
        "Rust is what happens to old bikes.",
    ],
)
def test_ordinary_english_is_not_read_as_a_skill(text: str) -> None:
    assert find_skills(text) == []


def test_skills_come_once_each_in_order_of_first_mention() -> None:
    assert find_skills("Kafka, then Python, then kafka and PYTHON") == ["Kafka", "Python"]


def test_tokens_keep_their_positions() -> None:
    text = "Use Node.js, e.g. now."
    token = tokenize(text)[1]
    assert (token.text, text[token.start : token.end]) == ("Node.js", "Node.js")


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (["Go|golang", "Golang Tools|golang"], "claimed by 'Go' and 'Golang Tools'"),
        (["=Apache Spark"], "must be one plain word"),
        (["Python||py"], "empty part"),
        (["=Go", "Gopher|=Go"], "claimed by 'Go' and 'Gopher'"),
    ],
)
def test_malformed_vocabulary_is_refused(entries: list[str], message: str) -> None:
    with pytest.raises(VocabularyError, match=message):
        SkillVocabulary.from_entries(entries)


def test_malformed_vocabulary_file_is_refused() -> None:
    with pytest.raises(VocabularyError, match="invalid skills vocabulary"):
        load_vocabulary("{}")
    with pytest.raises(VocabularyError, match="must be a string"):
        load_vocabulary(json.dumps({"skills": {"x": [1]}}))
