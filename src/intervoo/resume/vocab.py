"""Word lists that tell a job title from an employer from a place. Pure functions."""

from __future__ import annotations

import re

TITLE_WORDS = frozenset(
    """
engineer engineers engineering developer developers programmer manager director analyst designer
scientist consultant intern internship lead head architect specialist coordinator officer vp
president cto ceo cfo coo cpo ciso founder co-founder cofounder associate administrator researcher
editor writer accountant nurse teacher professor instructor technician representative assistant
owner partner principal staff senior sr sr. junior jr jr. sre recruiter strategist marketer advisor
auditor supervisor executive contractor freelance freelancer fellow trainee apprentice tutor
lecturer chef pharmacist therapist paralegal attorney lawyer counsel clerk cashier agent
postdoc postdoctoral student volunteer operator mechanic electrician physician doctor
surgeon dentist pilot planner buyer producer photographer illustrator animator copywriter
journalist reporter translator scrum product owner devops sdet qa tester evangelist advocate
chief vice secretary treasurer controller bookkeeper economist statistician mathematician
baker cook driver barista carpenter plumber welder
""".split()
)
COMPANY_WORDS = frozenset(
    """
inc inc. llc l.l.c. ltd ltd. limited gmbh ag sa s.a. plc corp corp. corporation co co. company
companies labs lab technologies technology tech systems solutions group bank university college
hospital agency partners capital software studio studios health foundation institute ventures
holdings industries enterprises media networks games airlines motors pharmaceuticals consulting
services international global bv b.v. nv oy ab as srl s.r.l. spa s.p.a. pty kk k.k. department
ministry council school academy clinic insurance logistics energy
""".split()
)
US_STATES = frozenset(
    """
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC
""".split()
)
US_STATE_NAMES = frozenset(
    """
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada new hampshire jersey mexico york carolina
north south dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont
virginia washington west wisconsin wyoming ontario quebec columbia alberta
""".split()
)
COUNTRIES = frozenset(
    """
usa us uk united kingdom states germany france spain italy portugal netherlands belgium ireland
india china japan korea singapore australia canada mexico brazil argentina chile nigeria kenya
egypt israel sweden norway denmark finland poland austria switzerland czechia greece turkey
england scotland wales uae emirates pakistan bangladesh vietnam indonesia philippines malaysia
thailand ukraine romania hungary south africa zealand
""".split()
)
REMOTE_RE = re.compile(r"^\(?(?:fully\s+)?remote\)?$|^hybrid$|^on-?site$", re.IGNORECASE)
_CITY_STATE_RE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} ([A-Z]{2})$")
_PLACE_RE = re.compile(r"^[A-Z][\w.'’ -]*,\s*([A-Za-z][A-Za-z .]*)$")


def _words(text: str) -> list[str]:
    return [w.strip("()[],;:").lower() for w in text.split() if w.strip("()[],;:")]


def title_score(text: str) -> float:
    """How much a piece reads like a job title; the last word counts most ("Software Engineer")."""
    words = _words(text)
    if not words:
        return 0.0
    score = sum(1.0 for w in words if w in TITLE_WORDS)
    if words[-1] in TITLE_WORDS:
        score += 1.5
    if " of " in f" {text.lower()} " and words[0] in TITLE_WORDS:
        score += 1.0  # "VP of Engineering", "Head of Growth"
    if words[-1] in COMPANY_WORDS:
        score -= 1.5
    return score


def company_score(text: str) -> float:
    words = _words(text)
    if not words:
        return 0.0
    score = sum(1.0 for w in words if w in COMPANY_WORDS)
    if words[-1] in COMPANY_WORDS:
        score += 1.0
    if re.search(r"\w\.(?:com|io|ai|it|co|de|fr|net|org)\b", text, re.IGNORECASE):
        score += 2.0
    return score


def looks_like_place(text: str) -> bool:
    """ "Austin, TX", "Berlin, Germany", "Remote" — a location, not an employer."""
    text = text.strip()
    if REMOTE_RE.match(text):
        return True
    spaced = _CITY_STATE_RE.match(text)  # "Boston MA"
    if spaced and spaced.group(1) in US_STATES:
        return True
    match = _PLACE_RE.match(text)
    if not match:
        return text.lower() in COUNTRIES
    tail = match.group(1).strip()
    if tail.upper() in US_STATES and len(tail) == 2 and tail.isupper():
        return True
    words = tail.lower().replace(".", "").split()
    return all(word in COUNTRIES for word in words) or all(w in US_STATE_NAMES for w in words)
