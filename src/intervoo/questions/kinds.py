"""Which kind of interview question a detected question is.

Each kind has weighted cue patterns over the normalized question text; the
highest total wins, ties go to the kind listed first (the more specific one).
Weights: 3 = the phrase alone decides, 2 = a strong hint, 1 = topical vocabulary.
"""

from __future__ import annotations

import re

from intervoo.events import QuestionKind

_Cues = tuple[tuple[re.Pattern[str], float, int], ...]


def _cues(*pairs: tuple[str, float] | tuple[str, float, int]) -> _Cues:
    """(pattern, weight[, how many matches count]); most cues count once."""
    return tuple((re.compile(pair[0]), pair[1], pair[2] if len(pair) == 3 else 1) for pair in pairs)


_TECH_TERMS = (
    r"\b(?:api|apis|sql|nosql|no sequel|database|databases|index|indexes|indices|query|queries"
    r"|cache|caching|thread|threads|process|processes|mutex|semaphore|lock|locks|deadlock"
    r"|race condition|python|java|javascript|typescript|kotlin|golang|rust|c\+\+|react|vue"
    r"|kubernetes|docker|container|containers|aws|gcp|azure|terraform|linux|algorithm"
    r"|algorithms|complexity|big o|hash|hashmap|hash map|tree|trees|graph|linked list|array"
    r"|arrays|recursion|recursive|memory|garbage collection|heap|stack|queue|sort|sorting"
    r"|binary|string|strings|integer|regex|encryption|oauth|jwt|dns|http|https|tcp|udp|rest"
    r"|grpc|graphql|microservices?|monolith|unit tests?|testing|tested|ci|git|merge|rebase"
    r"|function|functions|class|classes|interface|inheritance|polymorphism|closure|closures"
    r"|async|asynchronous|promise|promises|compiler|pointer|pointers|join|joins|transaction"
    r"|transactions|acid|schema|normalization|virtual dom|dependency injection|code review"
    r"|debug|debugging|bug|tests?|legacy code|endpoint|latency|concurrency|concurrent"
    r"|parallelism|tuple|list"
    r"|lists|dictionary|object|objects|type system|types|postgres|mysql|redis|kafka|mongo"
    r"|spark|pandas|framework|library|libraries|protocol|handshake|tls|ssl|socket|sockets"
    r"|load balancer|consistency|idempotent|injection|xss|csrf|code|coding|program|programming"
    r"|performance|optimi[sz]e|refactor|technical debt|data structure|data structures"
    r"|b tree|palindrome|binary search|tcp ip|url|browser|browsers|compile|runtime)\b"
)

_CUES: tuple[tuple[QuestionKind, _Cues], ...] = (
    (
        QuestionKind.CLOSING,
        _cues(
            (r"\bquestions? (?:for|about) (?:me|us)\b", 3),
            (r"\bwhat questions\b", 3),
            (r"\b(?:any|final) (?:other |final |more |further )?questions\b", 2.5),
            (
                r"\banything (?:else )?you (?:would like|would want|want|wanted)"
                r" to (?:ask|add|share)\b",
                3,
            ),
            (r"\banything (?:else )?(?:we should|you want us to|you would like us to) know\b", 3),
            (r"\banything (?:else )?(?:i|we) can (?:tell|share with|answer for) you\b", 3),
            (r"\bwhat else can (?:i|we) tell you\b", 3),
            (r"\bwhat would you like to know about\b", 3),
            (r"\banything (?:for|to ask) (?:me|us)\b", 3),
            (r"\banything you (?:would like|want) to know\b", 3),
            (r"\b(?:before we (?:wrap|finish|end|close)|to wrap up|wrap up)\b", 1),
        ),
    ),
    (
        QuestionKind.LOGISTICS,
        _cues(
            (r"\b(?:salary|compensation|pay range|pay|equity|bonus)\b", 3),
            # "rate" alone is as often a rate limiter or an error rate: only a person's rate.
            (r"\b(?:(?:day|daily|hourly|your|expected|current|desired) rate|what rate)\b", 3),
            (r"\bnotice\b", 3),
            (r"\b(?:start date|able to start|could you start|can you start|soon .*start)\b", 3),
            (r"\b(?:visa|sponsorship|sponsor|work permit|authori[sz]ed to work|citizenship)\b", 3),
            (r"\b(?:relocat\w*|commute|travel|on call|time ?zone|located|based in)\b", 3),
            (r"\b(?:in the office|office .*days|days a week|hybrid|remote|onsite|on site)\b", 2),
            (r"\b(?:other (?:offers?|companies|interviews|processes)|interviewing (?:with|at))", 3),
            (r"\b(?:currently employed|full time|part time|contract|availability|available)\b", 2),
        ),
    ),
    (
        QuestionKind.SYSTEM_DESIGN,
        _cues(
            (r"\bdesign\b", 2.5),
            (r"\b(?:architect|architecture|high level|from scratch|back of the envelope)\b", 2.5),
            (r"\b(?:scale|scaling|scalable|shard\w*|replicat\w*|partition\w*)\b", 2),
            (
                r"\b(?:millions?|billions?|thousands) (?:of )?(?:\w+ )?(?:users|requests|events"
                r"|messages|writes|reads|photos|rows)\b",
                2,
            ),
            (r"\b(?:a (?:million|billion)|per second|a day|concurrent users)\b", 1.5),
            (r"\b(?:distributed|highly available|availability|across regions|multi region)\b", 1.5),
            (
                r"\b(?:url shortener|rate limiter|news feed|crawler|leaderboard|scheduler|key value"
                r" store|notification system|chat (?:app|application|service|system)"
                r"|autocomplete|streaming service|booking system|parking lot)\b",
                2,
            ),
            (
                r"\blike (?:twitter|uber|netflix|dropbox|bitly|google docs|instagram|youtube"
                r"|whatsapp|slack|airbnb)\b",
                2,
            ),
            (r"\bhow would you (?:build|structure|make)\b", 1),
            (r"\bcomponents\b", 1.5),
            (r"\b(?:system|service|platform|pipeline|backend)\b", 0.5),
        ),
    ),
    (
        QuestionKind.BEHAVIORAL,
        _cues(
            (r"\ba time (?:when|where|that|you|in which)\b", 3),
            (r"\b(?:a|an) (?:situation|example|instance|occasion)\b", 2.5),
            (
                r"\b(?:have you ever|has there ever"
                r"|ever (?:had|been|made|faced|worked|disagreed))\b",
                2.5,
            ),
            (r"\bwhat would you do if\b", 3),
            (
                r"\bhow (?:would|did|do|have) you (?:usually |typically )?(?:handle|deal|approach"
                r"|manage|respond|react|resolve|navigate)\w*\b",
                2,
            ),
            (
                r"\b(?:conflict|disagree\w*|mistake|fail\w*|feedback|deadline|persuad\w*"
                r"|influenc\w*|leadership|mentor\w*|stakeholder|risk|ambiguity|pressure"
                r"|prioriti[sz]\w*|bad news|say no|said no|wrong|initiative|difficult|hardest"
                r"|toughest|challenge|challenging|setback|went above|commitment|sideways)\b",
                1.5,
            ),
            (r"\b(?:coworker|teammate|colleague|manager|team|customer|client)\b", 0.5),
            (r"\b(?:what did you learn|differently)\b", 1.5),
            (r"\ba (?:project|time|decision|moment) (?:you|where|that|when)\b", 1.5),
        ),
    ),
    (
        QuestionKind.MOTIVATION,
        _cues(
            (r"\bwhy (?:do|would|did) you (?:want|wanna|apply|applied|choose|pick)\b", 3),
            (r"\bwhy (?:us|here|this|our|now|the company|join|work)\b", 3),
            (r"\bwhy (?:are|were) you (?:interested|looking|leaving|applying|excited)\b", 3),
            (r"\bwhy (?:did|do) you (?:decide to )?(?:leave|look|want to leave)\b", 3),
            (r"\b(?:attract\w*|appeal\w*|excite\w*|exciting|drew|draws|drawn)\b", 2),
            (
                r"\b(?:work here|work for us|join us|joining us|this (?:role|position|job|company"
                r"|team|opportunity)|our (?:company|team|mission|product|culture|values))\b",
                2,
            ),
            (r"\b(?:know about (?:us|our|what we)|about what we do)\b", 3),
            (r"\b(?:looking for in|next (?:role|job|position)|get out of|something new)\b", 2),
            (
                r"\b(?:leav\w* your|leave (?:your|the)|apply|applied"
                r"|interested in|interests you)\b",
                2,
            ),
            (r"\bwhy\b", 0.5),
        ),
    ),
    (
        QuestionKind.PERSONAL,
        _cues(
            (r"\b(?:yourself|about you|who you are)\b", 3),
            (r"\b(?:strength|strengths|weakness|weaknesses|improve about)\b", 3),
            (
                r"\b(?:describe you|say about you"
                r"|(?:would|do) (?:your|people) \w+ (?:say|describe))\b",
                3,
            ),
            (
                r"\b(?:(?:in|next) (?:a few|\w+) years|long term|career goals|goals|ambition\w*)\b",
                2.5,
            ),
            (r"\b(?:leadership|working|work|management|communication|learning) style\b", 2.5),
            (r"\b(?:outside (?:of )?work|for fun|hobbies|free time|passionate|passion)\b", 3),
            (r"\b(?:hire you|different from other|unique|stand out)\b", 3),
            (
                r"\b(?:motivat\w*|proud|working style|work style|work best|organi[sz]ed|keep"
                r" learning|values|personality|friends|colleagues describe)\b",
                2,
            ),
        ),
    ),
    (
        QuestionKind.RESUME,
        _cues(
            (r"\b(?:resume|background|career so far|career path)\b", 3),
            (r"\byour (?:time|role|work|tenure|experience) (?:at|with|on|in)\b", 3),
            (
                r"\byour (?:last|previous|current|former|old) (?:job|role|company|position"
                r"|employer|team|workplace)\b",
                2.5,
            ),
            (r"\byou (?:mentioned|listed|wrote|noted)\b", 2),
            (
                r"(?:^|\bi see |\bi noticed |\bi saw |\bso )you"
                r" (?:were|worked|led|built|managed|spent"
                r"|joined|ran|reduced|shipped|moved|did)\b",
                2,
            ),
            (
                r"\b(?:the|that|this|your) (?:\w+ )?(?:project|migration|platform|redesign)"
                r" (?:you|on your|that you)\b",
                2,
            ),
            (r"\bthe \w+ project\b", 1.5),
            (
                r"\b(?:responsibilit\w*|tech lead|reported to you|contribution|day to day"
                r"|typical day|get into|got into|move from|moved from)\b",
                2,
            ),
            (
                r"\bat (?:google|amazon|microsoft|meta|facebook|apple|netflix|stripe|shopify|uber"
                r"|airbnb|acme|your)\b",
                2,
            ),
        ),
    ),
    (
        QuestionKind.TECHNICAL,
        _cues(
            (_TECH_TERMS, 1.2, 3),
            (
                r"\bdesign (?:the |a |an )?(?:database )?(?:schema|class|classes|data model|tables?"
                r"|interface)\b",
                2.5,
            ),
            (
                r"\b(?:difference between|trade ?offs?|what is (?:a|an)|how does|how do you (?:test"
                r"|debug|prevent|handle errors|optimi[sz]e))\b",
                1.5,
            ),
            (r"\b(?:write|implement|code up)\b", 2),
            (r"\b(?:experience with|familiar|worked with|approach to)\b", 1.5),
        ),
    ),
)

# With no cue at all, a question is most often about how the candidate works.
_FALLBACK = QuestionKind.BEHAVIORAL

# "how would you design / build / architect X": X is a system, so the words that
# describe it ("rate limiter", "pay their friends", "remote config", "time zone")
# are not about the candidate. Past forms ("the platform you built") are not frames.
_DESIGN_FRAME = re.compile(
    r"\b(?:design|architect)\b"
    r"|\b(?:would|could|will|can|should) (?:you|we) (?:go about )?(?:build|scale|structure)\b"
    r"|^(?:build|let us build|let us design)\b"
)
# Kinds about the candidate as a person: their cues only count before a design frame.
_ABOUT_CANDIDATE = frozenset(
    {
        QuestionKind.CLOSING,
        QuestionKind.LOGISTICS,
        QuestionKind.MOTIVATION,
        QuestionKind.PERSONAL,
        QuestionKind.RESUME,
    }
)


def score_kinds(text: str) -> dict[QuestionKind, float]:
    """Cue totals per kind for normalized question text (words joined by single spaces)."""
    scores: dict[QuestionKind, float] = {}
    frame = _DESIGN_FRAME.search(text)
    before_frame = text[: frame.start()] if frame else text
    for kind, cues in _CUES:
        scored = before_frame if kind in _ABOUT_CANDIDATE else text
        total = 0.0
        for pattern, weight, cap in cues:
            if cap == 1:
                total += weight if pattern.search(scored) else 0.0
            else:
                total += weight * min(cap, len(pattern.findall(scored)))
        if total:
            scores[kind] = total
    return scores


def kind_of(text: str) -> tuple[QuestionKind, float]:
    """The kind and a 0..1 certainty for normalized question text (0 = no cue at all)."""
    scores = score_kinds(text)
    if not scores:
        return _FALLBACK, 0.0
    ranked = sorted(scores.items(), key=lambda item: -item[1])  # stable: ties keep cue order
    best_kind, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # Sure when the winner is clear of the runner-up and rests on more than a faint cue.
    certainty = (best - runner_up) / best * min(1.0, best / 2.0)
    return best_kind, round(certainty, 3)
