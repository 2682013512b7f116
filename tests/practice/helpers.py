"""Shared fixtures data for the practice tests: a resume, a target and scripted answers."""

from __future__ import annotations

from intervoo.companies.model import Target
from intervoo.resume.schema import ParsedResume, Resume, WorkEntry
from intervoo.store import Database, ResumeRepo, TargetRepo

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


def seed_user(db: Database, *, company: str = "stripe", role: str = "Backend Engineer") -> str:
    """The local user with the resume above and an active target."""
    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        ResumeRepo(session, user_id).save(ParsedResume(resume=RESUME, source_format="json"))
        TargetRepo(session, user_id).set_active(Target(company_slug=company, role=role))
    return user_id
