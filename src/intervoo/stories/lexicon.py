"""The vocabulary of behavioral interviews: stopwords, concepts and competency cues.

Interview questions and the stories that answer them rarely share words ("a
disagreement with your manager" vs "I challenged my VP"). Each concept groups
the everyday ways of saying one idea; a cue is a word or a short phrase and is
stemmed like the text it is matched against. Competencies are then defined as
sets of concepts, so the classifier and the retriever read the same lexicon.
"""

from __future__ import annotations

from intervoo.stories.model import Competency

# Function words plus the framing every interview question shares ("tell me
# about a time", "describe", "give an example"): they say nothing about which
# story fits.
STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being
    both but by can could did do does doing done each either else ever for from further get
    got had has have having he her here hers him his how i if in into is it its itself just
    me more most my myself no nor of off on once only or other our ours out over own per
    really same she should so some such than that the their theirs them then there these
    they this those through to too under until up us very was we were what when where which
    while who whom why will with would you your yours yourself one ones thing things
    tell describe give example examples share walk talk time times situation situations
    recall instance moment occasion experience experiences kind sort let like please us
    want think deal dealt handle handled handling approach made make help helped helping
    become became put something someone everyone anyone anything way ways new big real
    able work working worked also still even much many lot well good great best ever
    """.split()
)

# fmt: off
CONCEPTS: dict[str, tuple[str, ...]] = {
    "superior": (
        "boss", "manager", "supervisor", "vp", "cto", "ceo", "cfo", "coo", "director",
        "executive", "exec", "head of", "higher up", "founder", "leadership", "senior leader",
        "someone senior", "more senior", "senior", "your manager", "my lead", "skip level",
    ),
    "peer": (
        "colleague", "coworker", "co-worker", "peer", "teammate", "team member", "counterpart",
        "fellow", "another team", "other team",
    ),
    "disagree": (
        "disagree", "disagreement", "push back", "pushed back", "pushback", "challenged my",
        "challenged the", "challenged a", "challenged his", "challenged her", "challenged their",
        "questioned", "not convinced", "different view", "overrule", "veto", "oppose", "object",
        "objection", "argue", "argued", "argument", "against", "not agree",
        "didn't agree", "talk out of", "talked out of", "wrong direction",
    ),
    "conflict": (
        "conflict", "clash", "clashed", "friction", "tension", "fight", "dispute", "difficult",
        "hostile", "blunt", "sarcastic", "upset", "tense",
    ),
    "persuade": (
        "persuade", "convince", "buy-in", "buy in", "win over", "adopt", "adoption", "influence",
        "get others", "sell the idea", "make the case", "lobby", "rally",
        "advocate", "pitch", "case for", "won over", "sell",
    ),
    "no_authority": (
        "without authority", "no authority", "formal authority", "don't report",
        "didn't report", "not report", "reported to me", "report to you", "outside your team",
        "other groups", "other teams", "across teams", "none of",
    ),
    "failure": (
        "fail", "failed", "failure", "mistake", "flop", "flopped", "went wrong", "go wrong",
        "didn't work", "did not work", "not go as planned", "didn't go", "setback", "wrong",
        "underestimate", "misjudge", "slip", "slipped", "missed", "not meet", "didn't meet",
        "badly", "regret", "corrupt", "corrupted", "bug", "damage", "oversight", "overlooked",
        "fell short", "dropped the ball", "bad call", "flaw",
    ),
    "lesson": (
        "learn", "learned", "lesson", "takeaway", "reflect", "in hindsight", "since",
        "afterwards", "next time", "changed how",
    ),
    "ownership": (
        "responsibility", "responsible", "accountable", "accountability", "own it", "owned",
        "ownership", "my fault", "blame", "blameless", "postmortem", "post-mortem", "my change",
        "my problem", "own up", "rolled back", "roll back", "i caused", "you caused",
    ),
    "outage": (
        "outage", "went down", "go down", "was down", "site down", "offline", "crash", "incident",
        "paged",
        "page", "on call", "on-call", "read-only", "emergency", "crisis", "fire", "broke",
        "broken", "in production", "night", "woke", "restore", "recover", "recovery",
    ),
    "pressure": (
        "deadline", "cutoff", "cut-off", "tight", "pressure", "crunch", "intense", "stress",
        "stressful",
        "high stakes", "time-sensitive", "weeks before", "days before", "rush", "urgent",
        "days notice", "little time", "short notice", "runs out", "weeks away", "race",
        "last minute", "time pressure", "on time", "cannot move", "could not miss",
    ),
    "customer": (
        "customer", "client", "account", "user", "buyer", "prospect", "shopper", "consumer",
        "end user", "users",
    ),
    "unhappy": (
        "unhappy", "angry", "upset", "complain", "complaint", "threaten", "churn", "walk away",
        "leave", "frustrated", "escalation", "escalate", "dissatisfied", "demand", "demanding",
        "special treatment",
    ),
    "mentor": (
        "mentor", "coach", "teach", "train", "grow", "develop", "junior", "intern",
        "less experienced", "early career", "new hire", "pair", "paired", "student",
        "apprentice", "guide", "skills", "promoted", "supervise",
    ),
    "ambiguity": (
        "vague", "unclear", "ambiguous", "ambiguity", "undefined", "not well defined",
        "no definition", "no metric", "no numbers", "nobody can say", "open-ended",
        "poorly defined", "uncertain", "uncertainty", "no scope", "what it meant",
        "actually meant", "real problem", "real pain",
    ),
    "prioritize": (
        "prioritize", "priority", "priorities", "competing", "say no", "saying no", "backlog",
        "requests", "trade-off", "tradeoff", "decide what", "what to drop", "cut scope",
        "cut the scope", "focus", "too many", "everything seems urgent", "dropping", "drop",
        "balance", "balancing",
    ),
    "data": (
        "data", "analysis", "analyze", "analyzed", "metric", "metrics", "numbers", "experiment",
        "a/b", "evidence", "logs", "measure", "measured", "dashboard", "statistics",
        "quantitative", "tracked", "insight",
    ),
    "lead_team": (
        "lead", "led", "leader", "leading", "manage", "managing", "team", "reorg",
        "reorganization", "morale", "motivate", "inherit", "inherited", "direct reports",
        "people manager", "my team", "took over", "taking over", "program",
    ),
    "initiative": (
        "initiative", "without being asked", "nobody asked", "no one asked", "not part of",
        "own time",
        "volunteer", "volunteered", "nobody owned", "no one assigned", "nobody's job",
        "beyond", "proactive", "on my own", "self-started", "took it upon", "extra mile",
        "above and beyond",
    ),
    "communicate": (
        "explain", "present", "presentation", "non-technical", "non-expert", "plain language",
        "memo", "audience", "board", "briefing", "brief", "jargon", "communicate",
        "communication", "written", "writing", "update", "inform", "informed", "translate",
        "simple", "complex", "complicated", "slide",
    ),
    "technical": (
        "design", "designed", "architecture", "system", "latency", "performance", "scale",
        "scalability", "api", "service", "cache", "concurrent", "technically", "technical",
        "algorithm", "database", "infrastructure", "engineering", "code", "throughput",
        "p99", "queue", "built", "end to end", "optimize", "slow", "fast",
    ),
    "collaborate": (
        "collaborate", "collaboration", "cross-functional", "cross functional", "departments",
        "functions", "disciplines", "together", "marketing", "legal", "designer", "support",
        "operations", "partner", "align", "aligned", "coordinate", "teamed up", "teamwork",
        "several teams", "many teams",
    ),
    "change": (
        "adapt", "change", "changed", "sudden", "suddenly", "unexpected", "shift", "pivot",
        "overnight", "pandemic", "closed", "disrupt", "disappeared", "reworked", "re-plan",
        "new direction", "strategy",
    ),
    "innovation": (
        "creative", "creativity", "innovative", "innovation", "new idea", "invent", "novel",
        "prototype", "tried something new", "new approach", "experimental", "original",
        "came up with", "brought to life", "machine learning", "classifier",
    ),
    "feedback": (
        "feedback", "difficult conversation", "tough conversation", "hard conversation",
        "criticism", "critique", "underperform", "underperforming", "performance issue",
        "talk over", "talked over", "in private", "privately", "direct conversation",
    ),
    "negotiate": (
        "negotiate", "negotiation", "bargain", "bargaining", "vendor", "supplier", "contract",
        "quote", "terms", "renewal", "deal",
    ),
    "cost": (
        "cost", "costs", "save money", "saved", "saving", "spend", "spending", "bill", "budget",
        "cheaper", "expensive", "money", "reduce costs", "dollars",
    ),
    "hiring": (
        "hire", "hiring", "recruit", "recruiting", "interview", "interviewer", "candidate",
        "talent", "offer acceptance", "build a team", "from scratch", "headcount",
    ),
    "ethics": (
        "ethical", "ethic", "ethics", "honest", "honesty", "integrity", "dark pattern",
        "right thing", "what was right", "mislead", "hide", "hiding", "truth", "keep quiet",
        "refuse", "refused", "wrong", "trust",
    ),
    "learn_fast": (
        "learn quickly", "learn fast", "new language", "unfamiliar", "ramp up",
        "ramping up", "up to speed", "never used", "knowing nothing", "self-taught",
        "taught yourself", "study", "studied", "new technology", "new industry", "pick up",
    ),
    "process": (
        "process", "runbook", "rotation", "checklist", "standard", "standardize", "playbook",
        "guidelines", "chaos", "chaotic", "order",
    ),
    "compliance": (
        "regulatory", "regulation", "compliance", "compliant", "audit", "gdpr", "legal",
        "privacy", "personal data", "customs", "law",
    ),
    "onboarding": (
        "onboarding", "onboard", "newcomer", "new hires", "ramp-up", "get started",
        "documentation", "docs", "guide",
    ),
    "career": (
        "career", "switch", "switching", "transition", "move into", "changed roles",
        "change roles", "path", "background", "promoted",
    ),
    "remote": (
        "remote", "distributed", "time zones", "timezones", "async", "asynchronous",
        "same hours", "across the world", "video",
    ),
    "legacy": (
        "legacy", "monolith", "old code", "rewrite", "refactor", "refactoring", "modernize",
        "tech debt", "technical debt", "maintenance", "migration", "migrate", "microservice",
        "microservices", "split", "break up", "extract", "decompose", "strangler",
    ),
    "reliability": (
        "reliability", "reliable", "uptime", "stability", "stable", "flaky", "incidents",
        "resilience", "availability",
    ),
    "sales": (
        "sale", "sales", "revenue", "close the deal", "deal closed", "prospect", "win the deal",
        "win a sale", "closed", "pipeline", "quota",
    ),
}
# fmt: on

# Each competency is recognized by the concepts that signal it. A question or
# story is scored per competency by how many of those concept mentions it has.
COMPETENCY_CONCEPTS: dict[Competency, tuple[str, ...]] = {
    Competency.LEADERSHIP: ("lead_team", "hiring"),
    Competency.OWNERSHIP: ("ownership",),
    Competency.CONFLICT: ("conflict", "disagree"),
    Competency.FAILURE: ("failure", "lesson"),
    Competency.AMBIGUITY: ("ambiguity",),
    Competency.PRESSURE: ("pressure", "outage"),
    Competency.INFLUENCE: ("persuade", "no_authority", "disagree", "negotiate"),
    Competency.CUSTOMER: ("customer", "unhappy", "sales"),
    Competency.TECHNICAL: ("technical", "legacy", "reliability"),
    Competency.TEAMWORK: ("collaborate", "peer"),
    Competency.MENTORING: ("mentor", "onboarding"),
    Competency.INITIATIVE: ("initiative",),
    Competency.PRIORITIZATION: ("prioritize",),
    Competency.COMMUNICATION: ("communicate", "feedback"),
    Competency.DATA: ("data",),
    Competency.INNOVATION: ("innovation",),
    Competency.ADAPTABILITY: ("change", "learn_fast", "remote"),
}
