"""Shared fixtures data for the practice tests: a resume, a target and scripted answers."""

from __future__ import annotations

from intervoo.companies.model import Target
from intervoo.companies.target_repo import TargetRepo
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import ParsedResume, Resume, WorkEntry
from intervoo.store import Database

RESUME = Resume(
    work=[
        WorkEntry(
            id="w-fernwood",
            name="Fernwood",
            position="Senior Backend Engineer",
            current=True,
            highlights=["Led the migration of our monolith to 12 services on Kubernetes"],
        ),
        WorkEntry(id="w-quill", name="Quill", position="Backend Engineer", endDate="2020"),
    ]
)

COST_STORY = (
    "At Fernwood our cloud bill had grown to about $90k a month and finance was worried. "
    "I was asked to cut cloud costs without slowing the product teams down. "
    "I tagged every resource by team and built a weekly cost report so each team saw its spend. "
    "Then I moved our batch jobs to spot instances and shut down idle staging clusters at night. "
    "Within three months the bill dropped by 35%, which saved about $380k a year."
)
MIGRATION_STORY = (
    "When I joined Fernwood, every release of our monolith took the site down for an hour. "
    "My goal was to let teams deploy on their own without downtime. "
    "I split the billing module out first and ran the old and new paths side by side for a month. "
    "Then we moved one module at a time to Kubernetes, with a rollback plan for each step. "
    "Deploys went from once a week to several times a day, with no customer-facing downtime."
)
MOTIVATION = (
    "Um, I like building payment systems, and Stripe's focus on users and rigor matches how I "
    "work, you know."
)
CLOSING = "Yes: how does the team decide what to build next quarter?"

# One question per shape with a strong answer (for these tests only; the judge's own
# labelled set is tests/practice/data/relevance_*.json).
SHAPED = {
    "story": (
        "Tell me about a time you debugged a hard problem in production.",
        "At Fernwood our search API started returning errors for about one request in fifty, "
        "only at night. I was on call, so finding the cause was mine. The error logs showed "
        "nothing useful, so I compared traces of failing and healthy requests and saw the "
        "failures all hit one replica during its nightly backup. I moved the backup to a "
        "standby replica and added an alert on replica lag. The errors went to zero that "
        "week, and the alert caught a similar problem two months later.",
    ),
    "design": (
        "How would you design a photo sharing service for millions of users?",
        "First I'd pin down the requirements: users upload photos, followers see them in a "
        "feed, and about ten million uploads a day, so roughly a hundred a second at peak. "
        "Uploads go straight to object storage through signed URLs, so the API servers never "
        "carry the bytes. A queue feeds workers that make thumbnails. Metadata lives in a "
        "sharded PostgreSQL keyed by user, and a CDN serves images, because reads outnumber "
        "writes a hundred to one. The trade-off is eventual consistency: a new photo may take "
        "a second to appear, which we accept instead of paying for synchronous replication "
        "across regions. To scale further we add shards and workers horizontally.",
    ),
    "career": (
        "How does the Backend Engineer role fit into your career plans?",
        "I want to grow into a staff engineer who designs the platform other teams build on. "
        "For the last four years at Fernwood I've built payment services, and this Backend "
        "Engineer role is the next step: it owns the ledger service, so I'd take on design "
        "decisions across a team and mentor newer engineers. In three years I'd like to lead "
        "the architecture of a product area, and this role is where I'd build that judgment.",
    ),
    "logistics": (
        "When would you be able to start?",
        "I can start four weeks after an offer: my notice period is one month.",
    ),
    "concept": (
        "What is a database index, and when does it help?",
        "A database index is a separate sorted structure, usually a B-tree, that maps column "
        "values to the rows holding them, so the database can find matching rows without "
        "scanning the whole table. It helps queries that filter or sort on the indexed "
        "columns, for example looking up orders by customer id. The cost is slower writes and "
        "more storage, since every insert also updates the index, whereas a full scan needs "
        "no extra structure.",
    ),
    "intro": (
        "Tell me about yourself.",
        "I'm a senior backend engineer with seven years of experience, most of it in Python "
        "and Go. For the last three years I've been at Fernwood, where I led the migration of "
        "our monolith to 12 services on Kubernetes, so teams now deploy several times a day "
        "instead of once a week. Before that I built the billing APIs at Quill. I'm at my "
        "best on systems where reliability matters, and I'm looking for a role where I can "
        "own a platform that other teams build on, which is what drew me to this position.",
    ),
}
# A polished, specific, quantified story that answers none of the questions above.
OFF_TOPIC = (
    "Last summer I organised a reunion for 60 members of my family across three "
    "generations. I set up a shared spreadsheet, booked a venue by the lake six months "
    "ahead and negotiated the catering down by 20%. I made a schedule with activities for "
    "the kids and sent weekly reminders. In the end 58 of 60 people came, and we stayed "
    "under budget by 400 euros."
)


def seed_user(db: Database, *, company: str = "stripe", role: str = "Backend Engineer") -> str:
    """The local user with the resume above and an active target."""
    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        ResumeRepo(session, user_id).save(ParsedResume(resume=RESUME, source_format="json"))
        TargetRepo(session, user_id).set_active(Target(company_slug=company, role=role))
    return user_id
