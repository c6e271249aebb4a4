"""The overview of many conversations: one row per session, one list of all agreements.

Pure: ``OverviewBuilder.add`` takes one session at a time and keeps only a small summary row
(never the session), so the overview of thousands of sessions stays small. ``build`` links
follow-ups to the sessions they follow and sorts the agreements, overdue ones first.
``overview_data`` is the stable JSON shape (docs/overzicht.md); ``chart`` draws nothing, it
only computes the bars of the inline SVG chart in the HTML overview.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.session.instrument import Instrument
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.verslag.anonymise import Anonymiser, anonymiser_for
from kwaliteit_cli.verslag.context import dutch_date
from kwaliteit_cli.verslag.text import json_text

FORMAT_VERSION = 1
VERDICTS = ("ja", "deels", "nee", "")  # the check-out's group verdict; "" = not (yet) given
VERDICT_LABELS = {"ja": "ja", "deels": "deels", "nee": "nee", "": "nog niet gevraagd"}


@dataclass(frozen=True)
class OverviewFilter:
    """Which sessions to include: a period (both ends included) and a partnership."""

    start: dt.date | None = None
    end: dt.date | None = None
    partnership: str = ""

    def matches(self, date: dt.date | None, partnership: str) -> bool:
        if self.start or self.end:
            if date is None:
                return False
            if self.start and date < self.start:
                return False
            if self.end and date > self.end:
                return False
        wanted = " ".join(self.partnership.split()).casefold()
        return not wanted or wanted in " ".join(partnership.split()).casefold()


@dataclass(frozen=True, slots=True)
class SessionRef:
    """Enough to name a session in a link: which file, which title, which date."""

    file: str
    title: str
    date: dt.date | None


@dataclass(slots=True)
class SessionRow:
    file: str
    key: str  # the session's identity: its id (unique; schema 3, derived for older files)
    date: dt.date | None
    title: str
    partnership: str
    joint_question: str
    rounds: int
    answered: bool | None  # the last process check; None when there was none
    meaningful: str  # the check-out's group verdict (ja, deels, nee) or ""
    completed: bool
    ref: SessionRef  # shared by this row's agreements and by links to it
    follows: SessionRef | None = None
    follows_key: str = ""  # the earlier session's id, or "legacy:" and its created_at
    followed_by: list[SessionRef] = field(default_factory=list)
    question_open: bool = False  # wrapped up with the joint question still open
    external: bool = False  # led by a procesbegeleider from outside the partnership
    legacy_key: str = ""  # how a follow-up written before schema 3 points at this session
    follows_keys: list[str] = field(default_factory=list)  # the rows it was linked to


@dataclass(slots=True)
class AgreementRow:
    what: str
    who: str
    due: dt.date | None
    due_text: str
    session: SessionRef
    session_key: str
    index: int
    original: str = ""  # the text as typed, to match what a follow-up said about it
    status: str = ""  # what a later follow-up said came of it: done, under_way, dropped
    status_note: str = ""
    status_date: dt.date | None = None
    overdue: bool = False
    days_overdue: int = 0


@dataclass(frozen=True, slots=True)
class _Report:
    """What a follow-up session said about the earlier session's agreements."""

    follower: SessionRow
    date: dt.date | None
    statuses: tuple[tuple[str, str, str], ...]  # (what, status, note) per earlier agreement


@dataclass(frozen=True)
class Overview:
    today: dt.date
    filters: OverviewFilter
    sessions: list[SessionRow]
    agreements: list[AgreementRow]


LEGACY = "legacy:"


def session_key(created_at: dt.datetime | None, date: dt.date | None, title: str) -> str:
    if created_at is not None:
        return created_at.isoformat()
    return f"{date.isoformat() if date else ''}|{title}"


def _meaningful_ids(instrument: Instrument) -> set[str]:
    return {
        q.id
        for q in instrument.phase("check-out").questions
        if q.kind == "meaningful" and q.addressee == "wij"
    }


def _owner(names: Anonymiser, owner: str, owner_name: str) -> str:
    if owner:
        return names.label(owner)
    if owner_name:
        return names.outsider(owner_name)
    return texts.GROUP_LABEL


class OverviewBuilder:
    """Collects small rows, one session at a time; ``build`` finishes the overview."""

    def __init__(
        self,
        filters: OverviewFilter | None = None,
        *,
        anonymous: bool = False,
        neutral: bool = False,
    ) -> None:
        self.filters = filters or OverviewFilter()
        self.anonymous = anonymous
        self.neutral = neutral
        self.sessions: list[SessionRow] = []
        self.agreements: list[AgreementRow] = []
        self._reports: list[_Report] = []

    def add(self, session: Session, file: str, instrument: Instrument) -> bool:
        """Summarise one session; False when the filters leave it out."""
        m = session.meeting
        if not self.filters.matches(m.date, m.partnership):
            return False
        key = session.id or session_key(session.created_at, m.date, m.title)
        # Every text of the row goes through the session's anonymiser (a no-op by default).
        names = anonymiser_for(session, active=self.anonymous, neutral=self.neutral)
        scrub = names.scrub
        title = scrub(m.title)
        wanted = _meaningful_ids(instrument)
        verdict = next(
            (
                a.choice
                for a in session.answers
                if a.phase == "check-out" and a.question in wanted and a.choice in VERDICTS
            ),
            "",
        )
        last = max(session.decisions, key=lambda d: d.round, default=None)
        row = SessionRow(
            file=file,
            key=key,
            date=m.date,
            title=title,
            partnership=sys.intern(scrub(m.partnership)),  # a few partnerships, many sessions
            joint_question=scrub(session.current_joint_question()),
            rounds=session.rounds(),
            answered=None if last is None else last.answerable,
            meaningful=verdict,
            completed=session.completed,
            question_open=session.wrap_up() is not None,
            external=bool(m.facilitator) and m.facilitator_external,
            ref=SessionRef(file, title, m.date),
            legacy_key=LEGACY + session_key(session.created_at, m.date, m.title),
        )
        follow_up = session.follow_up
        if follow_up is not None:
            row.follows = SessionRef(follow_up.file, scrub(follow_up.title), follow_up.date)
            row.follows_key = follow_up.id or LEGACY + session_key(
                follow_up.created_at, follow_up.date, follow_up.title
            )
            self._reports.append(
                _Report(
                    row,
                    m.date,
                    tuple((a.what, a.status, scrub(a.note)) for a in follow_up.agreements),
                )
            )
        self.sessions.append(row)
        for index, a in enumerate(session.agreements):
            self.agreements.append(
                AgreementRow(
                    what=scrub(a.what),
                    who=_owner(names, a.owner, a.owner_name),
                    due=a.due,
                    due_text=scrub(a.due_text),
                    session=row.ref,
                    session_key=key,
                    index=index,
                    original=a.what,
                )
            )
        return True

    def build(self, today: dt.date) -> Overview:
        """Link follow-ups, take over what came of each agreement, and sort."""
        by_key: dict[str, list[SessionRow]] = {}
        for row in self.sessions:
            by_key.setdefault(row.key, []).append(row)
            by_key.setdefault(row.legacy_key, []).append(row)
        for row in self.sessions:
            for earlier in by_key.get(row.follows_key, []) if row.follows_key else []:
                if earlier is row:
                    continue  # two sessions of the same second: never a follow-up of itself
                row.follows = earlier.ref
                row.follows_keys.append(earlier.key)
                earlier.followed_by.append(row.ref)
        latest: dict[tuple[str, int], tuple[dt.date, str, str, str]] = {}
        for report in self._reports:
            for index, (what, status, note) in enumerate(report.statuses):
                if not status:
                    continue
                when = report.date or dt.date.min
                for earlier_key in report.follower.follows_keys:
                    current = latest.get((earlier_key, index))
                    if current is None or when >= current[0]:
                        latest[(earlier_key, index)] = (when, what, status, note)
        for item in self.agreements:
            found = latest.get((item.session_key, item.index))
            if found and found[1] == (item.original or item.what):
                when, _, item.status, item.status_note = found
                item.status_date = None if when == dt.date.min else when
            open_ = item.status not in ("done", "dropped")
            if item.due is not None and item.due < today and open_:
                item.overdue = True
                item.days_overdue = (today - item.due).days
        self.sessions.sort(key=lambda r: (r.date or dt.date.max, r.title.casefold(), r.file))
        self.agreements.sort(key=_agreement_order)
        return Overview(today, self.filters, self.sessions, self.agreements)


def _agreement_order(item: AgreementRow) -> tuple[Any, ...]:
    """Overdue first (longest overdue on top), then by due date, then those without a date."""
    return (
        not item.overdue,
        item.due is None,
        item.due or dt.date.max,
        item.session.date or dt.date.max,
        item.session.file,
        item.index,
    )


# --- the stable shape (JSON) and the template context ------------------------------------


def _ref(ref: SessionRef | None) -> dict[str, str] | None:
    if ref is None:
        return None
    return {
        "file": ref.file,
        "title": ref.title,
        "date": ref.date.isoformat() if ref.date else "",
        "date_text": dutch_date(ref.date),
    }


def session_dicts(overview: Overview) -> Iterator[dict[str, Any]]:
    for row in overview.sessions:
        yield {
            "file": row.file,
            "date": row.date.isoformat() if row.date else "",
            "date_text": dutch_date(row.date),
            "title": row.title,
            "partnership": row.partnership,
            "joint_question": row.joint_question,
            "rounds": row.rounds,
            "answered": row.answered,
            "question_open": row.question_open,
            "external_facilitator": row.external,
            "meaningful": row.meaningful,
            "completed": row.completed,
            "follows": _ref(row.follows),
            "followed_by": [_ref(ref) for ref in row.followed_by],
        }


def agreement_dicts(overview: Overview) -> Iterator[dict[str, Any]]:
    for item in overview.agreements:
        yield {
            "what": item.what,
            "who": item.who,
            "due": item.due.isoformat() if item.due else "",
            "due_text": dutch_date(item.due) if item.due else item.due_text,
            "overdue": item.overdue,
            "days_overdue": item.days_overdue,
            "status": item.status,
            "status_text": texts.FOLLOW_UP_STATUS_LABELS.get(item.status, ""),
            "status_note": item.status_note,
            "session": _ref(item.session),
        }


def overview_head(overview: Overview) -> dict[str, Any]:
    """Everything of the JSON shape except the two long lists."""
    f = overview.filters
    return {
        "format_version": FORMAT_VERSION,
        "today": overview.today.isoformat(),
        "filters": {
            "from": f.start.isoformat() if f.start else "",
            "to": f.end.isoformat() if f.end else "",
            "partnership": f.partnership,
        },
        "counts": {
            "sessions": len(overview.sessions),
            "answered": sum(1 for row in overview.sessions if row.answered),
            "question_open": sum(1 for row in overview.sessions if row.question_open),
            "agreements": len(overview.agreements),
            "overdue": sum(1 for item in overview.agreements if item.overdue),
        },
        "partnerships": partnership_counts(overview.sessions),
    }


def partnership_counts(rows: Sequence[SessionRow]) -> list[dict[str, Any]]:
    """Per partnership: how many conversations, with and without an external begeleider.

    The method advises an external procesbegeleider the first times; this shows who did.
    """
    counts: dict[str, list[int]] = {}
    for row in rows:
        name = " ".join(row.partnership.split())
        found = counts.setdefault(name, [0, 0])
        found[0 if row.external else 1] += 1
    return [
        {
            "partnership": name,
            "sessions": with_ + without,
            "with_external": with_,
            "without_external": without,
        }
        for name, (with_, without) in sorted(counts.items(), key=lambda i: i[0].casefold())
    ]


def overview_data(overview: Overview) -> dict[str, Any]:
    """The overview as plain data: the JSON output, documented in docs/overzicht.md."""
    return {
        **overview_head(overview),
        "sessions": list(session_dicts(overview)),
        "agreements": list(agreement_dicts(overview)),
    }


def _dumps(value: object) -> str:
    return json_text(value)


def _json_chunks(overview: Overview) -> Iterator[str]:
    """The same text as ``json.dumps(overview_data(...), indent=2)``, one item at a time."""
    head = _dumps(overview_head(overview))
    yield head[: -len("\n}")]
    for key, items in (
        ("sessions", session_dicts(overview)),
        ("agreements", agreement_dicts(overview)),
    ):
        yield f',\n  "{key}": ['
        first = True
        for item in items:
            text = _dumps(item).replace("\n", "\n    ")
            yield ("\n    " if first else ",\n    ") + text
            first = False
        yield "]" if first else "\n  ]"
    yield "\n}\n"


# --- the chart ---------------------------------------------------------------------------


def _bucket(date: dt.date, unit: str) -> tuple[int, int]:
    if unit == "month":
        return date.year, date.month
    if unit == "quarter":
        return date.year, (date.month - 1) // 3 + 1
    return date.year, 1


def _next_bucket(bucket: tuple[int, int], unit: str) -> tuple[int, int]:
    year, part = bucket
    last = {"month": 12, "quarter": 4, "year": 1}[unit]
    return (year + 1, 1) if part >= last else (year, part + 1)


def _bucket_label(bucket: tuple[int, int], unit: str) -> str:
    year, part = bucket
    if unit == "month":
        return f"{MONTH_ABBREVIATIONS[part - 1]} {year % 100:02d}"
    if unit == "quarter":
        return f"K{part} {year}"
    return str(year)


def nice_step(largest: int, most_ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50, ...) giving at most ``most_ticks`` steps up to largest."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if -(-largest // step) <= most_ticks:
                return step
        magnitude *= 10


MAX_BARS = 24
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)


def chart(rows: Sequence[SessionRow], width: int = 720, height: int = 240) -> dict[str, Any]:
    """Stacked bars: per month (or quarter, or year), how many conversations the group itself
    judged at the check-out to have made the data meaningful (ja / deels / nee / not asked).

    Returns geometry for the template; empty periods between the first and the last session
    are kept, so the time axis is honest. Sessions without a date are counted apart.
    """
    dated = [(row.date, row.meaningful) for row in rows if row.date is not None]
    undated = sum(1 for row in rows if row.date is None)
    if not dated:
        return {"bars": [], "width": width, "height": height, "undated": undated}
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    unit = "month"
    for unit in ("month", "quarter", "year"):
        count, bucket = 1, _bucket(first, unit)
        while bucket != _bucket(last, unit):
            bucket, count = _next_bucket(bucket, unit), count + 1
        if count <= MAX_BARS:
            break
    counts: dict[tuple[int, int], dict[str, int]] = {}
    bucket = _bucket(first, unit)
    while True:
        counts[bucket] = dict.fromkeys(VERDICTS, 0)
        if bucket == _bucket(last, unit):
            break
        bucket = _next_bucket(bucket, unit)
    for date, verdict in dated:
        counts[_bucket(date, unit)][verdict] += 1
    step = nice_step(max(sum(c.values()) for c in counts.values()))
    tallest = step * -(-max(sum(c.values()) for c in counts.values()) // step)
    left, bottom, top = 36, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    slot = plot_w / len(counts)
    bar_w = max(2.0, slot * 0.7)
    bars = []
    for number, (key, tally) in enumerate(counts.items()):
        x = left + number * slot + (slot - bar_w) / 2
        y = float(top + plot_h)
        segments = []
        for verdict in VERDICTS:
            amount = tally[verdict]
            if not amount:
                continue
            h = plot_h * amount / tallest
            y -= h
            segments.append(
                {
                    "verdict": verdict or "open",
                    "label": VERDICT_LABELS[verdict],
                    "count": amount,
                    "y": round(y, 1),
                    "height": round(h, 1),
                }
            )
        bars.append(
            {
                "label": _bucket_label(key, unit),
                "x": round(x, 1),
                "width": round(bar_w, 1),
                "center": round(x + bar_w / 2, 1),
                "total": sum(tally.values()),
                "segments": segments,
            }
        )
    every = max(1, -(-len(bars) // 12))  # at most twelve labels under the axis
    for number, bar in enumerate(bars):
        bar["show_label"] = number % every == 0
    ticks = range(0, tallest + 1, step)
    return {
        "width": width,
        "height": height,
        "unit": {"month": "maand", "quarter": "kwartaal", "year": "jaar"}[unit],
        "bars": bars,
        "axis_y": top + plot_h,
        "left": left,
        "right": width - 8,
        "ticks": [
            {"value": value, "y": round(top + plot_h - plot_h * value / tallest, 1)}
            for value in ticks
        ],
        "legend": [{"verdict": v or "open", "label": VERDICT_LABELS[v]} for v in VERDICTS],
        "undated": undated,
    }


def render_overview(overview: Overview, fmt: str) -> Iterator[str]:
    """The overview as Markdown, HTML (with the chart) or JSON, in pieces.

    The pieces are made while they are written, so the whole text (which grows with the
    number of sessions) is never in memory at once; only the summary rows are.
    """
    if fmt == "json":
        yield from _json_chunks(overview)
        return
    from kwaliteit_cli.verslag.render import template_chunks

    context = {
        **overview_head(overview),
        "sessions": session_dicts(overview),
        "agreements": agreement_dicts(overview),
        "today_text": dutch_date(overview.today),
        "chart": chart(overview.sessions) if fmt == "html" else None,
    }
    yield from template_chunks(f"overzicht.{fmt}.j2", context, html=fmt == "html")
