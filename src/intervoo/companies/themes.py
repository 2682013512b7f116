"""Which behavioral competencies a job description asks for, read from its responsibility phrases.

"Mentor mid-level engineers" asks for mentoring stories; "join the on-call rotation"
for pressure; "influence without authority" for influence. Each competency has a short
list of phrase patterns; the heaviest few competencies are the themes to prepare.
Pure: no I/O.
"""

from __future__ import annotations

import re

from intervoo.stories.model import Competency

MAX_THEMES = 7

# Per competency: (phrases that name it outright, generic phrases that only hint at it).
# A theme's weight counts each distinct phrase once: STRONG for the first kind, 1 for the
# second, so a JD repeating "customers" ten times does not drown one "mentor".
STRONG = 2
_PHRASES: dict[Competency, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Competency.LEADERSHIP: (
        (
            r"leadership",
            r"lead(s|ing)? (a|the|our|teams?|projects?|initiatives?|design|people)\b",
            r"(set|setting|define) (the )?(technical )?(direction|vision|strategy)",
            r"(lead|manage|managing|leading|run) (a )?team of",
            r"manag(e|ing) (engineers|people)",
            r"hire,? (grow|develop|and)",
            r"build(ing)? (and scale )?(a|the) (team|organi[sz]ation)",
        ),
        (r"technical direction", r"leading (projects|people|teams)"),
    ),
    Competency.OWNERSHIP: (
        (
            r"ownership",
            r"own(s|ing)? (the|our|a|an|features?|services?|what|it|projects?|delivery)\b",
            r"end[- ]to[- ]end",
            r"accountab",
            r"run what you build",
        ),
        (
            r"responsible for",
            r"from (the )?(first )?(idea|spec|concept|design) to",
            r"follow[- ]?(up|through)",
            r"operat(e|ing)\b",
        ),
    ),
    Competency.CONFLICT: (
        (
            r"conflict",
            r"disagree",
            r"negotiat",
            r"difficult (conversations?|findings|feedback)",
            r"push ?back",
            r"hard conversations?",
        ),
        (r"say no",),
    ),
    Competency.FAILURE: (
        (
            r"learn(s|ing)? from",
            r"growth mindset",
            r"post[- ]?mortems?",
            r"retrospectives?",
            r"blameless",
            r"willing(ness)? to learn",
            r"mistakes",
        ),
        (
            r"feedback",
            r"curio(us|sity)",
            r"(?<!machine )(?<!deep )(?<!reinforcement )(?<!transfer )learn(ing)?\b",
        ),
    ),
    Competency.AMBIGUITY: (
        (
            r"ambigu",
            r"no precedent",
            r"from scratch",
            r"greenfield",
            r"zero to one",
            r"0 to 1",
            r"uncertain",
            r"open[- ]ended",
        ),
        (r"undefined", r"not yet defined", r"nobody will hand you"),
    ),
    Competency.PRESSURE: (
        (
            r"deadlines?",
            r"on[- ]call",
            r"under pressure",
            r"fast[- ]paced",
            r"high[- ]pressure",
            r"tight (timelines?|deadlines?)",
            r"time[- ]sensitive",
        ),
        (r"incidents?", r"urgen(t|cy)", r"outages?"),
    ),
    Competency.INFLUENCE: (
        (
            r"influenc",
            r"stakeholders?",
            r"cross[- ]functional",
            r"without authority",
            r"buy[- ]in",
            r"persua",
        ),
        (r"align(ment|ing)?\b", r"champion", r"advocat", r"represent"),
    ),
    Competency.CUSTOMER: (
        (
            r"customer[- ]facing",
            r"(people|those) who (use|rely)",
            r"user needs",
            r"talk(ing)? to (customers|users|clients)",
            r"customer (obsess|focus|success|empathy)",
        ),
        (r"customers?", r"clients?", r"users?\b", r"merchants?", r"patients?"),
    ),
    Competency.TECHNICAL: (
        (
            r"architecture",
            r"deep (technical )?expertise",
            r"system design",
            r"technical depth",
            r"scalab",
        ),
        (
            r"performance",
            r"hands[- ]on",
            r"distributed systems",
            r"reliability",
            r"design(ing)? (and build|systems)",
        ),
    ),
    Competency.TEAMWORK: (
        (
            r"collaborat",
            r"team player",
            r"work(ing)? closely with",
            r"partner(ing)? closely with",
            r"pair programming",
        ),
        (
            r"work(ing)? with",
            r"partner(ing)? with",
            r"together",
            r"pairing",
            r"join (a|the|our) team",
            r"code reviews?",
            r"design discussions",
            r"case teams?",
        ),
    ),
    Competency.MENTORING: (
        (
            r"mentor",
            r"coach",
            r"teach",
            r"(grow|grew|grown|growing|develop|developing) (\w+ )?"
            r"(engineers|people|talent|others|juniors|analysts|leaders|managers)",
            r"grow,? (and|&) (retain|develop)",
        ),
        (r"onboard",),
    ),
    Competency.INITIATIVE: (
        (
            r"self[- ]starter",
            r"proactiv",
            r"initiative",
            r"take the lead",
            r"autonom",
            r"without being asked",
            r"bias (for|to) action",
        ),
        (
            r"toil",
            r"find (the )?(manual work|problems|opportunities)",
            r"identify (opportunities|problems|gaps)",
        ),
    ),
    Competency.PRIORITIZATION: (
        (
            r"prioriti[sz]",
            r"trade[- ]offs?",
            r"conflicting priorities",
            r"ruthless",
            r"focus on what matters",
        ),
        (r"roadmap", r"balanc(e|ing)", r"competing"),
    ),
    Competency.COMMUNICATION: (
        (
            r"communicat",
            r"written and verbal",
            r"verbal and written",
            r"present(ing)? (findings|to)",
            r"storytelling",
            r"non-technical",
            r"explain",
        ),
        (
            r"presentations?",
            r"documentation",
            r"writ(e|ing) (design docs|docs|documentation|specs?|crisp|clear|the storyline)",
        ),
    ),
    Competency.DATA: (
        (
            r"data[- ]driven",
            r"a/b tests?",
            r"a/b testing",
            r"decisions? (with|based on|backed by) data",
            r"(answer|test) (questions|them|hypothes\w+) with data",
        ),
        (
            r"metrics?",
            r"experiment",
            r"analy[sz]",
            r"dashboards?",
            r"insights?",
            r"kpis?\b",
            r"measur",
        ),
    ),
    Competency.INNOVATION: (
        (r"innovat", r"prototyp", r"novel", r"next[- ]generation", r"invent"),
        (r"research\b", r"new (ideas|approaches|products)", r"creativ"),
    ),
    Competency.ADAPTABILITY: (
        (
            r"adapt",
            r"chang(e|es|ing) (priorities|requirements|quickly)",
            r"wear many hats",
            r"thrive (in|on) change",
            r"through change",
        ),
        (r"evolving", r"flexib", r"growing fast", r"fast[- ]growing"),
    ),
}


def _compile(phrases: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(r"\b" + phrase, re.IGNORECASE) for phrase in phrases]


_PATTERNS: dict[Competency, list[tuple[re.Pattern[str], int]]] = {
    competency: [(p, STRONG) for p in _compile(strong)] + [(p, 1) for p in _compile(weak)]
    for competency, (strong, weak) in _PHRASES.items()
}


def theme_weights(text: str) -> dict[Competency, int]:
    """Each competency's weight in the text (only those that occur)."""
    return {competency: weight for competency, (weight, _) in _scan(text).items()}


def find_themes(text: str, *, limit: int = MAX_THEMES) -> list[Competency]:
    """The competencies to prepare stories for, heaviest first; ties keep the first mention."""
    found = _scan(text)
    ranked = sorted(found, key=lambda c: (-found[c][0], found[c][1]))
    return ranked[:limit]


def _scan(text: str) -> dict[Competency, tuple[int, int]]:
    """(weight, where it is first mentioned) of each competency the text mentions."""
    found: dict[Competency, tuple[int, int]] = {}
    for competency, patterns in _PATTERNS.items():
        weight, first = 0, len(text)
        for pattern, pattern_weight in patterns:
            if match := pattern.search(text):
                weight += pattern_weight
                first = min(first, match.start())
        if weight:
            found[competency] = (weight, first)
    return found
