"""The candidate's name, contact details and links, from the top of the resume. Pure functions."""

from __future__ import annotations

import re

from intervoo.resume.schema import Basics, Location, Profile
from intervoo.resume.sections import squeeze_space, strip_bullet
from intervoo.resume.vocab import looks_like_place, title_score

# Each pattern may start only where its first run of characters starts (the lookbehinds),
# and within a run it can backtrack only linearly: linear time on any line (issue 18).
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w.])\+?\(?\d[\d\s().-]{7,30}\d(?![\w.])")
URL_RE = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|dev|net|org|me"
    r"|ai|co|app|it|de|fr|in|jp|ie|uk|es)(?![a-z0-9-])(?:/[\w./~%-]*)?",
    re.IGNORECASE,
)
_YEAR_RANGE_RE = re.compile(r"(19|20)\d\d\s*[-–]\s*(19|20)\d\d")
_NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub", "gitlab": "GitLab", "twitter": "Twitter",
             "x.com": "X", "stackoverflow": "Stack Overflow", "medium": "Medium",
             "behance": "Behance", "dribbble": "Dribbble"}  # fmt: skip
_FIELD_SPLIT_RE = re.compile(r"\s?(?:\t|[|·•◆♦]|\s[–—-]\s)\s?")  # on squeeze_space()d text
_NAME_RE = re.compile(r"^[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ýa-z][\w'’.-]*){1,3}$")


def parse_basics(header: list[str], full_text: str) -> Basics:
    """Name and label from the first lines; email, phone and links from anywhere near the top."""
    fields = [
        f
        for line in header
        for f in _FIELD_SPLIT_RE.split(squeeze_space(strip_bullet(line)))
        if f.strip()
    ]
    basics = Basics()
    top = full_text[:3000]
    if email := EMAIL_RE.search(top):
        basics.email = email.group(0)
    if phone := _find_phone(top):
        basics.phone = phone
    basics.profiles = _profiles(top)
    basics.url = _website("\n".join(header))
    for text in fields:
        text = text.strip()
        if _is_contact(text):
            continue
        if basics.name is None and _NAME_RE.match(text) and title_score(text) <= 0:
            basics.name = _title_case(text)
        elif basics.location is None and looks_like_place(text):
            basics.location = _location(text)
        elif basics.name and basics.label is None and title_score(text) > 0 and len(text) < 60:
            basics.label = text
    return basics


def _find_phone(text: str) -> str | None:
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 9 <= len(digits) <= 15 and not _YEAR_RANGE_RE.fullmatch(match.group(0).strip()):
            return match.group(0).strip()
    return None


def _is_contact(text: str) -> bool:
    return bool(EMAIL_RE.search(text) or URL_RE.fullmatch(text) or _find_phone(text) == text)


def _urls(text: str) -> list[str]:
    urls = []
    for match in URL_RE.finditer(EMAIL_RE.sub(" ", text)):
        url = match.group(0).rstrip("./")
        host = re.sub(r"^https?://", "", url).split("/")[0]
        if "." in host and not host[:1].isdigit():
            urls.append(url if url.startswith("http") else f"https://{url}")
    return urls


def _profiles(text: str) -> list[Profile]:
    profiles = []
    for url in _urls(text):
        network = next((n for key, n in _NETWORKS.items() if key in url.lower()), None)
        if network:
            username = url.rstrip("/").rsplit("/", 1)[-1]
            profiles.append(Profile(network=network, username=username, url=url))
    return profiles


def _website(header: str) -> str | None:
    """A personal site: a link in the header that is not a known network."""
    for url in _urls(header):
        if not any(key in url.lower() for key in _NETWORKS):
            return url
    return None


def _location(text: str) -> Location:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and len(parts[1]) == 2 and parts[1].isupper():
        return Location(city=parts[0], region=parts[1], countryCode="US")
    if len(parts) == 2:
        return Location(city=parts[0], region=parts[1])
    return Location(city=text)


def _title_case(name: str) -> str:
    """ "JAMES O'CONNOR" -> "James O'Connor"; names already in mixed case are kept."""
    if not name.isupper():
        return name
    return re.sub(r"(?<=['’-])([a-z])", lambda m: m.group(1).upper(), name.title())
