"""The publication rules: when a story may be public, and why it is withheld when not.

A story is public only when ``status: published``, its ``publish_on`` (if any) is not after
today, and, for a lived-experience story, its consent is recorded, not withdrawn and not
past its review date. Everything downstream sees only the stories this module lets through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from generator.model import Story

REVIEW_WARNING_DAYS = 30


@dataclass(frozen=True)
class Decision:
    """Whether a story is public today, and if not, every reason why."""

    public: bool
    reasons: tuple[str, ...] = ()
    previewable: bool = False
    """May be shown in a local preview (``peerhub serve``) behind a "not public" banner."""
    fixes: tuple[str, ...] = ()
    """What staff can do about each reason, in the same order."""


def decide(story: Story, today: date) -> Decision:
    """Apply the rules of the design to one story."""
    meta = story.meta
    reasons: list[tuple[str, str]] = []
    if meta.status != "published":
        reasons.append(
            (f"status is {meta.status}, not published", "write status: published when it is ready")
        )
    if meta.publish_on is not None and meta.publish_on > today:
        reasons.append(
            (
                f"embargoed until {meta.publish_on.isoformat()}",
                "it goes public on that day by itself; change publish_on if the day is wrong",
            )
        )
    consent = meta.consent
    withdrawn = consent is not None and consent.withdrawn
    if meta.kind == "lived-experience":
        if consent is None or consent.recorded is None:
            reasons.append(
                (
                    "no consent recorded (consent.recorded)",
                    "once the storyteller has given consent, write the day under consent: "
                    "recorded: YYYY-MM-DD, with review: YYYY-MM-DD",
                )
            )
        elif withdrawn:
            reasons.append(("consent withdrawn", "the storyteller withdrew consent: it stays off the site"))
        elif consent.recorded > today:
            reasons.append(
                (
                    f"consent is recorded on {consent.recorded.isoformat()}, after today",
                    "consent.recorded is the day consent was given: correct the date",
                )
            )
        elif consent.review is not None and consent.review < today:
            reasons.append(
                (
                    f"consent review date {consent.review.isoformat()} has passed; "
                    "re-confirm consent and set a new review date",
                    "ask the storyteller to re-confirm consent, then set consent.review "
                    "to the next review day",
                )
            )
    elif withdrawn:
        reasons.append(("consent withdrawn", "the storyteller withdrew consent: it stays off the site"))
    return Decision(
        public=not reasons,
        reasons=tuple(r for r, _ in reasons),
        previewable=not withdrawn,
        fixes=tuple(f for _, f in reasons),
    )


def review_due(story: Story, today: date, days: int = REVIEW_WARNING_DAYS) -> date | None:
    """The consent review date when it falls within ``days`` from today (still public)."""
    consent = story.meta.consent
    if consent is None or consent.review is None or consent.withdrawn:
        return None
    if today <= consent.review <= today + timedelta(days=days):
        return consent.review
    return None
