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
    # Who the story is with: questions name a role ("your boss"), stories a title ("our CTO").
    "superior": (
        "boss", "manager", "supervisor", "vp", "vice president", "cto", "ceo", "cfo", "coo",
        "cio", "director", "executive", "exec", "head of", "higher up", "higher-ups", "founder",
        "co-founder", "leadership", "senior leader", "senior leadership", "someone senior",
        "more senior", "senior", "your manager", "my manager", "my lead", "skip level",
        "skip-level", "chief", "president", "line manager", "superior", "management",
        "someone above", "above me", "above you", "principal", "higher ranking",
    ),
    "peer": (
        "colleague", "coworker", "co-worker", "peer", "teammate", "team member", "counterpart",
        "fellow", "another team", "other team", "partner team", "sister team",
        "another department", "same level", "someone you worked with", "work alongside",
    ),
    "stakeholder": (
        "stakeholder", "sponsor", "the business", "business partners", "internal customers",
        "leadership team", "executives",
    ),
    # Disagreement, conflict and persuasion.
    "disagree": (
        "disagree", "disagreement", "push back", "pushed back", "pushback", "challenged my",
        "challenged the", "challenged a", "challenged his", "challenged her",
        "challenged their", "challenging my", "challenging a", "challenge a decision",
        "not convinced", "different view", "different opinion",
        "overrule", "veto", "oppose", "object", "objection", "argue", "argument", "against",
        "not agree", "didn't agree", "did not agree", "talk out of", "talked out of",
        "wrong direction", "dissent", "stand up to", "stood up to", "went against",
        "go against", "bad idea", "i thought", "i believed", "i felt", "counter-proposal",
        "counterproposal", "say no", "said no", "saying no",
    ),
    "conflict": (
        "conflict", "clash", "friction", "tension", "fight", "dispute", "difficult", "hostile",
        "blunt", "sarcastic", "upset", "tense", "heated", "feud", "not getting along",
        "didn't get along", "rude", "toxic", "resent", "resentment",
        "working relationship", "disrespect", "dismissive", "abrasive", "aggressive",
        "hostility", "animosity", "confront", "confrontation", "compromise", "common ground",
        "mediate", "resolution", "de-escalate", "complained about",
    ),
    "persuade": (
        "persuade", "persuasion", "convince", "buy-in", "buy in", "win over", "won over",
        "adopt", "adoption", "influence", "get others", "sell the idea", "make the case",
        "made the case", "business case", "lobby", "rally", "advocate", "pitch", "case for",
        "sell", "champion", "ally", "allies", "coalition", "consensus", "bring around",
        "brought around", "got them to", "get them to", "sign off", "sign-off", "approval",
        "skeptical", "skeptic", "reluctant",
    ),
    "no_authority": (
        "without authority", "no authority", "formal authority", "don't report",
        "didn't report", "did not report", "not report", "reported to me", "report to you",
        "outside your team", "outside my team", "other groups", "other teams", "across teams",
        "none of", "no formal", "without formal", "no power", "not my team", "no one reported",
        "nobody reported", "other managers", "other sites", "individual contributor",
        "no direct",
    ),
    "negotiate": (
        "negotiate", "renegotiate", "bargain", "vendor", "supplier", "contract", "quote",
        "terms", "renewal", "deal", "haggle", "concession", "counteroffer", "leverage",
        "settlement",
    ),
    # Mistakes, and what was learned from them.
    "failure": (
        "fail", "failure", "mistake", "flop", "went wrong", "go wrong", "goes wrong",
        "didn't work", "did not work", "not go as planned", "didn't go", "setback", "wrong",
        "underestimate", "overestimate", "misjudge", "slip", "missed", "missed deadlines",
        "missed a deadline", "not meet",
        "didn't meet", "badly", "regret", "corrupt", "bug", "damage", "oversight", "overlook",
        "fell short", "dropped the ball", "bad call", "flaw", "fell flat", "didn't succeed",
        "did not succeed", "unsuccessful", "didn't pan out", "backfire", "misstep", "blunder",
        "messed up", "screwed up", "error", "wrong call", "bad decision", "poor decision",
        "nobody used", "no one used", "low adoption", "overconfident", "hunch",
        "without asking", "never asked", "without talking", "should have", "not proud",
        "disappoint",
    ),
    "lesson": (
        "learn", "lesson", "takeaway", "reflect", "in hindsight", "since", "afterwards",
        "next time", "changed how", "ever since", "since then", "from then on", "going forward",
        "taught me", "realize", "looking back", "retrospective", "my next", "never again",
        "has not happened again", "hasn't happened again",
    ),
    "ownership": (
        "responsibility", "responsible", "accountable", "accountability", "own it", "owned",
        "ownership", "my fault", "blame", "blameless", "postmortem", "post-mortem", "my change",
        "my problem", "own up", "owned up", "rolled back", "roll back", "i caused",
        "you caused", "took responsibility", "take responsibility", "admit", "my own",
        "i flagged", "told my manager", "told my lead", "came forward", "saw it through",
        "end to end", "end-to-end", "start to finish", "nobody owned",
    ),
    # Crises and time pressure.
    "outage": (
        "outage", "went down", "go down", "was down", "site down", "offline", "crash",
        "incident", "paged", "page", "on call", "on-call", "read-only", "emergency", "crisis",
        "fire", "broke down", "broken", "in production", "night", "woke", "restore", "recover",
        "recovery", "downtime", "disaster", "war room", "firefight", "catastrophe", "critical",
        "worst possible", "everything at once", "all at once", "chaotic", "chaos",
    ),
    "pressure": (
        "deadline", "cutoff", "cut-off", "tight", "pressure", "crunch", "intense", "stress",
        "stressful", "high stakes", "stakes", "time-sensitive", "weeks before", "days before",
        "rush", "urgent", "days notice", "little time", "short notice", "runs out",
        "weeks away", "days away", "race", "last minute", "time pressure", "on time",
        "cannot move", "could not miss", "due date", "launch date", "go-live", "go live",
        "peak", "busiest", "spike", "flood", "overwhelm", "workload", "under pressure",
        "overnight",
    ),
    # Customers and the people a service is for.
    "customer": (
        "customer", "client", "account", "user", "buyer", "prospect", "shopper", "consumer",
        "end user", "guest", "ticket", "support ticket", "customer service",
        "customer support", "help desk", "helpdesk", "subscriber", "passenger", "tenant", "citizen",
    ),
    "unhappy": (
        "unhappy", "angry", "upset", "complain", "complaint", "threaten", "churn", "walk away",
        "leave", "frustrated", "escalation", "escalate", "dissatisfied", "demand", "demanding",
        "special treatment", "irate", "annoyed", "win back", "won back", "retain", "renew",
        "bad review", "negative review", "service failure", "apologize", "apology",
        "acknowledged", "made it right", "refund", "compensate", "take their business",
    ),
    # Growing other people.
    "mentor": (
        "mentor", "coach", "teach", "train", "grow", "develop", "junior", "intern",
        "less experienced", "early career", "new hire", "pair", "paired", "student",
        "apprentice", "guide", "skills", "promoted", "supervise", "trainee", "protege",
        "self-sufficient",
    ),
    "onboarding": (
        "onboarding", "onboard", "newcomer", "new hires", "ramp-up", "get started",
        "documentation", "docs", "guide", "starter",
    ),
    # Unclear problems.
    "ambiguity": (
        "vague", "unclear", "ambiguous", "ambiguity", "undefined", "not well defined",
        "no definition", "no metric", "no numbers", "nobody can say", "open-ended",
        "poorly defined", "uncertain", "uncertainty", "no scope", "what it meant",
        "actually meant", "real problem", "real pain", "no direction", "no guidance",
        "no instructions", "no clear", "not clear", "no spec", "no requirements", "no brief",
        "no playbook", "work out what", "worked out what", "definition", "murky", "fuzzy",
        "nebulous", "gray area", "grey area", "incomplete information", "missing information",
        "without all the facts", "different expectations", "concrete", "no precedent",
        "nobody had defined",
    ),
    # Choosing what to do first.
    "prioritize": (
        "prioritize", "priority", "competing", "say no", "saying no", "backlog", "requests",
        "trade-off", "tradeoff", "decide what", "what to drop", "cut scope", "cut the scope",
        "focus", "too many", "everything seems urgent", "balance", "triage", "rank",
        "most important", "matters most", "postpone", "defer", "delegate", "competing demands",
        "conflicting demands", "too much", "capacity", "bandwidth", "overloaded", "juggle",
        "multitask", "short-staffed", "understaffed", "short staffed", "impact versus effort",
    ),
    "data": (
        "data", "analysis", "analyze", "analytics", "metric", "numbers", "experiment", "a/b",
        "evidence", "logs", "measure", "dashboard", "statistics", "quantitative", "tracked",
        "insight", "trend", "pattern", "root cause", "survey", "baseline", "kpi", "benchmark",
        "quantify", "spreadsheet", "sql", "queries", "historical", "facts", "evidence-based",
        "hypothesis", "trial", "correlation",
    ),
    # Leading a team.
    "lead_team": (
        "lead", "leader", "manage", "team of", "reorg", "reorganization", "morale", "motivate",
        "inherit", "direct reports", "people manager", "my team", "took over", "taking over",
        "program", "my staff", "turnover", "attrition", "quit", "burnout", "burned out",
        "culture", "one to one", "one-on-one", "vision", "set goals", "empower",
        "rebuild the team", "stop people leaving", "responsible for a team", "in charge",
    ),
    "hiring": (
        "hire", "recruit", "interview", "interviewer", "candidate", "talent", "offer acceptance",
        "build a team", "from scratch", "headcount", "recruitment", "vacancies", "vacancy",
        "open positions", "open roles", "grow the team", "grew the team",
    ),
    "initiative": (
        "initiative", "without being asked", "nobody asked", "no one asked", "not part of",
        "own time", "volunteer", "nobody owned", "no one assigned", "nobody's job", "beyond",
        "proactive", "on my own", "self-started", "took it upon", "extra mile",
        "above and beyond", "wasn't my job", "not my job", "outside my role",
        "before anyone asked", "before anyone", "spotted", "saw an opportunity",
        "took it on", "stepped up", "step up", "took charge", "spare time", "side project",
        "unprompted", "nobody was assigned", "wasn't part", "was not part",
    ),
    # Explaining and informing.
    "communicate": (
        "explain", "present", "presentation", "non-technical", "non-expert", "plain language",
        "memo", "audience", "board", "briefing", "brief", "jargon", "communicate",
        "communication", "written", "writing", "update", "inform", "translate", "simple",
        "complex", "complicated", "slide", "plain words", "plain english", "simple terms",
        "layman", "lay terms", "understood", "clarity", "articulate", "visual", "diagram",
        "one page", "one-pager", "faq", "town hall", "all-hands", "announce", "kept informed",
        "keep informed",
    ),
    "bad_news": (
        "bad news", "delay", "late", "slipped", "behind schedule", "setback", "transparent",
        "transparency", "honest", "expectations", "manage expectations", "the truth",
        "real date", "hard conversation", "difficult conversation", "tough conversation",
    ),
    "feedback": (
        "feedback", "difficult conversation", "tough conversation", "hard conversation",
        "criticism", "critique", "underperform", "underperforming", "performance issue",
        "talk over", "talked over", "in private", "privately", "direct conversation",
        "constructive", "below standard", "below expectations", "improvement plan",
        "sat down with",
    ),
    # Craft.
    "technical": (
        "design", "designed", "architecture", "system", "latency", "performance", "scale",
        "scalability", "api", "service", "cache", "concurrent", "technically", "technical",
        "algorithm", "database", "infrastructure", "engineering", "code", "throughput", "p99",
        "queue", "built", "end to end", "optimize", "slow", "fast", "troubleshoot", "debug",
        "diagnose", "configure", "configuration", "software", "hardware", "integration",
        "automation", "script", "pipeline", "platform", "expertise", "expert", "in-depth",
        "hands-on", "complex technical", "technical problem",
    ),
    "legacy": (
        "legacy", "monolith", "old code", "rewrite", "refactor", "refactoring", "modernize",
        "tech debt", "technical debt", "maintenance", "migration", "migrate", "microservice",
        "microservices", "split", "break up", "extract", "decompose", "strangler",
        "old system", "outdated", "aging", "overhaul", "modernization", "large application",
        "break apart", "broke apart", "smaller services", "replatform",
    ),
    "reliability": (
        "reliability", "reliable", "uptime", "stability", "stable", "flaky", "incidents",
        "resilience", "availability", "robust", "resilient", "redundancy", "failover", "backup",
    ),
    "efficiency": (
        "efficient", "efficiency", "faster", "streamline", "bottleneck", "waiting",
        "cycle time", "productivity", "productive", "lean", "time saved", "hours per week",
        "manual", "by hand", "automate",
    ),
    "collaborate": (
        "collaborate", "collaboration", "cross-functional", "cross functional", "departments",
        "functions", "disciplines", "together", "marketing", "legal", "support",
        "partner", "align", "aligned", "coordinate", "teamed up", "teamwork",
        "several teams", "many teams", "cross-team", "across teams", "across departments",
        "other departments", "multiple departments", "interdisciplinary", "multidisciplinary",
        "other disciplines", "different functions", "jointly", "shared goal", "common goal",
        "partnered", "liaise", "coordination", "finance", "sales and support", "hr",
        "human resources", "procurement",
    ),
    # Change and learning.
    "change": (
        "adapt", "change", "sudden", "suddenly", "unexpected", "shift", "pivot", "overnight",
        "pandemic", "closed", "disrupt", "disappeared", "reworked", "re-plan", "new direction",
        "strategy", "adjust", "transform", "transformation", "restructure", "new system",
        "new process", "new tool", "rollout", "roll out", "go-live", "implementation",
        "transition", "flexible", "flexibility", "curveball", "plans changed", "upheaval",
    ),
    "learn_fast": (
        "learn quickly", "learn fast", "new language", "unfamiliar", "ramp up", "ramping up",
        "up to speed", "never used", "knowing nothing", "self-taught", "taught yourself",
        "study", "new technology", "new industry", "pick up", "learning curve", "new to",
        "new field", "new domain", "new area", "never done", "no experience",
        "without experience", "crash course", "read up",
    ),
    "innovation": (
        "creative", "creativity", "innovative", "innovation", "new idea", "invent", "novel",
        "prototype", "tried something new", "new approach", "experimental", "original",
        "came up with", "brought to life", "machine learning", "classifier", "outside the box",
        "out of the box", "inventive", "ingenious", "idea", "pioneer", "reimagine", "improvise",
        "workaround", "hackathon", "new way", "new method", "unconventional", "invention",
    ),
    "cost": (
        "cost", "save money", "saved", "saving", "spend", "bill", "budget", "cheaper",
        "expensive", "money", "reduce costs", "dollars", "savings", "overspend", "expense",
        "frugal", "roi", "return on investment", "financial", "profit", "margin",
    ),
    "ethics": (
        "ethical", "ethic", "ethics", "honest", "honesty", "integrity", "dark pattern",
        "right thing", "what was right", "mislead", "hide", "hiding", "truth", "keep quiet",
        "refuse", "wrong", "trust", "principles", "values", "conscience",
        "uncomfortable", "cut corners", "cutting corners", "falsify", "fake", "lie", "deceive",
        "cover up", "covered up", "misrepresent", "not right", "felt wrong", "speak up",
        "spoke up",
    ),
    "process": (
        "process", "runbook", "rotation", "checklist", "standard", "standardize", "playbook",
        "guidelines", "chaos", "chaotic", "workflow", "procedure", "protocol",
        "standard work", "consistency", "consistent", "repeatable", "framework", "template",
        "systematic", "routine",
    ),
    "compliance": (
        "regulatory", "regulation", "compliance", "compliant", "audit", "gdpr", "legal",
        "privacy", "personal data", "customs", "law", "auditor", "certification", "license",
        "licensing", "policy", "regulator", "government", "penalty",
    ),
    "career": (
        "career", "switch", "switching", "transition", "move into", "changed roles",
        "change roles", "path", "background", "promoted", "previous job", "prior role",
        "journey", "change careers", "career change", "retrain", "degree", "studied",
        "university", "started out", "started my career", "resume", "cv",
    ),
    "remote": (
        "remote", "distributed", "time zones", "timezones", "async", "asynchronous",
        "same hours", "across the world", "video", "online", "remotely", "from home",
        "work from home", "off-site",
    ),
    "sales": (
        "sale", "sales", "revenue", "close the deal", "deal closed", "prospect", "win the deal",
        "win a sale", "closed", "pipeline", "quota",
    ),
    "open_source": (
        "open source", "open-source", "upstream", "maintainers", "third-party", "third party",
        "library", "community", "pull request", "patch",
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
    Competency.COMMUNICATION: ("communicate", "feedback", "bad_news"),
    Competency.DATA: ("data",),
    Competency.INNOVATION: ("innovation",),
    Competency.ADAPTABILITY: ("change", "learn_fast", "remote"),
}
