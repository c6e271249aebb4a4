"""The overview: one row per session, all agreements with the overdue ones first, and links."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import html5lib
import pytest

from kwaliteit_cli.conversation.replies import start_follow_up
from kwaliteit_cli.session.file import save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Agreement, Session
from kwaliteit_cli.verslag.overview import (
    Overview,
    OverviewBuilder,
    OverviewFilter,
    SessionRef,
    SessionRow,
    chart,
    nice_step,
    overview_data,
    render_overview,
)
from tests.conftest import START, CliRunner

INSTRUMENT = load_instrument(None)
TODAY = dt.date(2026, 6, 1)


def variant(
    base: Session,
    title: str,
    day: dt.date,
    partnership: str = "Opleidingsschool Rivierenland",
    agreements: list[tuple[str, dt.date | None]] | None = None,
) -> Session:
    session = copy.deepcopy(base)
    session.meeting.title = title
    session.meeting.date = day
    session.meeting.partnership = partnership
    session.created_at = dt.datetime.combine(day, dt.time(15), START.tzinfo)
    if agreements is not None:
        session.agreements = [
            Agreement(what, START, owner="p1", due=due) for what, due in agreements
        ]
    return session


def build(sessions: list[Session], filters: OverviewFilter | None = None) -> Overview:
    builder = OverviewBuilder(filters)
    for number, session in enumerate(sessions):
        builder.add(session, f"s{number}.toml", INSTRUMENT)
    return builder.build(TODAY)


def test_a_row_per_session_with_question_rounds_and_answer(nse_session: Session) -> None:
    overview = build([nse_session])
    (row,) = overview.sessions
    assert row.title == "NSE 2026: begeleiding op de stageschool"
    assert row.partnership == "Opleidingsschool Rivierenland"
    assert row.joint_question == nse_session.current_joint_question()
    assert row.rounds == 2
    assert row.answered is True  # the last process check said yes
    assert row.meaningful == "ja"


def test_a_conversation_that_ended_unanswered_says_so(nse_session: Session) -> None:
    nse_session.decisions[-1].answerable = False
    assert build([nse_session]).sessions[0].answered is False
    nse_session.decisions = []
    assert build([nse_session]).sessions[0].answered is None


def test_overdue_agreements_come_first_longest_overdue_on_top(nse_session: Session) -> None:
    first = variant(
        nse_session,
        "Voorjaar",
        dt.date(2026, 3, 1),
        agreements=[("later", dt.date(2026, 9, 1)), ("zonder datum", None)],
    )
    second = variant(
        nse_session,
        "Najaar",
        dt.date(2026, 4, 1),
        agreements=[("bijna", dt.date(2026, 5, 30)), ("lang", dt.date(2026, 4, 10))],
    )
    items = build([first, second]).agreements
    assert [a.what for a in items] == ["lang", "bijna", "later", "zonder datum"]
    assert [a.overdue for a in items] == [True, True, False, False]
    assert items[0].days_overdue == (TODAY - dt.date(2026, 4, 10)).days
    assert items[0].who == "Sanne de Wit"
    assert items[0].session.title == "Najaar"


def test_an_agreement_due_today_is_not_overdue(nse_session: Session) -> None:
    session = variant(nse_session, "x", dt.date(2026, 5, 1), agreements=[("vandaag", TODAY)])
    assert build([session]).agreements[0].overdue is False


def test_filters_by_period_both_ends_included_and_by_partnership(nse_session: Session) -> None:
    sessions = [
        variant(nse_session, "januari", dt.date(2026, 1, 31)),
        variant(nse_session, "februari", dt.date(2026, 2, 1)),
        variant(nse_session, "maart", dt.date(2026, 3, 31), "Samen Opleiden Utrecht"),
        variant(nse_session, "april", dt.date(2026, 4, 1)),
    ]
    period = OverviewFilter(dt.date(2026, 2, 1), dt.date(2026, 3, 31))
    assert [r.title for r in build(sessions, period).sessions] == ["februari", "maart"]
    utrecht = OverviewFilter(partnership="  samen   opleiden ")
    assert [r.title for r in build(sessions, utrecht).sessions] == ["maart"]
    overview = build(sessions, OverviewFilter(dt.date(2026, 4, 1)))
    assert [r.title for r in overview.sessions] == ["april"]
    assert {a.session.title for a in overview.agreements} == {"april"}


def test_a_session_without_date_falls_outside_any_period(nse_session: Session) -> None:
    undated = variant(nse_session, "ongedateerd", dt.date(2026, 1, 1))
    undated.meeting.date = None
    assert build([undated]).sessions[0].date is None
    assert build([undated], OverviewFilter(end=dt.date(2030, 1, 1))).sessions == []


def test_a_follow_up_links_both_ways_and_settles_its_agreements(nse_session: Session) -> None:
    earlier = variant(
        nse_session,
        "Eerst",
        dt.date(2026, 1, 10),
        agreements=[("klaar", dt.date(2026, 2, 1)), ("loopt", dt.date(2026, 2, 1))],
    )
    later = variant(nse_session, "Daarna", dt.date(2026, 3, 10), agreements=[])
    start_follow_up(later, earlier, "eerst.toml")
    assert later.follow_up is not None
    later.follow_up.agreements[0].status = "done"
    later.follow_up.agreements[1].status = "under_way"
    later.follow_up.agreements[1].note = "wacht op cijfers"
    overview = build([later, earlier])
    rows = {r.title: r for r in overview.sessions}
    assert rows["Daarna"].follows is not None and rows["Daarna"].follows.file == "s1.toml"
    assert [ref.title for ref in rows["Eerst"].followed_by] == ["Daarna"]
    items = {a.what: a for a in overview.agreements}
    assert items["klaar"].status == "done" and not items["klaar"].overdue
    assert items["loopt"].status == "under_way" and items["loopt"].overdue
    assert items["loopt"].status_note == "wacht op cijfers"


def test_a_follow_up_of_a_session_outside_the_overview_still_names_it(
    nse_session: Session,
) -> None:
    earlier = variant(nse_session, "Vorig jaar", dt.date(2025, 1, 10))
    later = variant(nse_session, "Dit jaar", dt.date(2026, 3, 10))
    start_follow_up(later, earlier, "vorig-jaar.toml")
    (row,) = build([later]).sessions
    assert row.follows is not None
    assert (row.follows.file, row.follows.title) == ("vorig-jaar.toml", "Vorig jaar")


def test_the_json_shape_is_stable(nse_session: Session) -> None:
    data = overview_data(build([nse_session]))
    assert list(data) == [
        "format_version",
        "today",
        "filters",
        "counts",
        "partnerships",
        "sessions",
        "agreements",
    ]
    assert data["format_version"] == 1
    assert list(data["sessions"][0]) == [
        "file",
        "date",
        "date_text",
        "title",
        "partnership",
        "joint_question",
        "rounds",
        "answered",
        "question_open",
        "external_facilitator",
        "meaningful",
        "completed",
        "follows",
        "followed_by",
    ]
    assert list(data["agreements"][0]) == [
        "what",
        "who",
        "due",
        "due_text",
        "overdue",
        "days_overdue",
        "status",
        "status_text",
        "status_note",
        "session",
    ]
    assert data["counts"] == {
        "sessions": 1,
        "answered": 1,
        "question_open": 0,
        "agreements": 3,
        "overdue": 2,
    }
    assert data["partnerships"] == [
        {
            "partnership": "Opleidingsschool Rivierenland",
            "sessions": 1,
            "with_external": 1,
            "without_external": 0,
        }
    ]
    json.dumps(data)  # plain data only


def test_json_written_piece_by_piece_equals_the_whole_document(nse_session: Session) -> None:
    earlier = variant(nse_session, "Eerst", dt.date(2026, 1, 10))
    later = variant(nse_session, "Daarna", dt.date(2026, 3, 10), agreements=[])
    start_follow_up(later, earlier, "eerst.toml")
    for sessions in ([], [earlier], [earlier, later]):
        overview = build(sessions)
        whole = json.dumps(overview_data(overview), ensure_ascii=False, indent=2) + "\n"
        assert "".join(render_overview(overview, "json")) == whole


# --- the chart -------------------------------------------------------------------------------


def row(day: dt.date | None, verdict: str = "ja") -> SessionRow:
    return SessionRow(
        "f", "k", day, "t", "p", "q", 1, True, verdict, True, SessionRef("f", "t", day)
    )


def test_chart_has_a_bar_per_month_including_empty_months() -> None:
    rows = [
        row(dt.date(2026, 1, 5)),
        row(dt.date(2026, 1, 20), "nee"),
        row(dt.date(2026, 4, 1), "deels"),
        row(None),
    ]
    drawn = chart(rows)
    assert [b["label"] for b in drawn["bars"]] == ["jan 26", "feb 26", "mrt 26", "apr 26"]
    assert [b["total"] for b in drawn["bars"]] == [2, 0, 0, 1]
    assert [s["verdict"] for s in drawn["bars"][0]["segments"]] == ["ja", "nee"]
    assert drawn["undated"] == 1
    bottom = drawn["axis_y"]
    first = drawn["bars"][0]["segments"]
    assert first[0]["y"] + first[0]["height"] == pytest.approx(bottom, abs=0.2)
    assert first[1]["y"] + first[1]["height"] == pytest.approx(first[0]["y"], abs=0.2)


def test_chart_labels_at_most_twelve_months_so_they_do_not_overlap() -> None:
    two_years = [row(dt.date(2025, 1, 1)), row(dt.date(2026, 10, 1))]  # 22 months
    bars = chart(two_years)["bars"]
    assert len(bars) == 22
    shown = [b["label"] for b in bars if b["show_label"]]
    assert len(shown) <= 12
    assert shown[:2] == ["jan 25", "mrt 25"]


def test_chart_groups_by_quarter_or_year_for_long_periods() -> None:
    three_years = [row(dt.date(2024, 1, 1)), row(dt.date(2026, 12, 31))]
    assert chart(three_years)["unit"] == "kwartaal"
    assert len(chart(three_years)["bars"]) == 12
    decades = [row(dt.date(2001, 1, 1)), row(dt.date(2026, 1, 1))]
    assert chart(decades)["unit"] == "jaar"


def test_chart_without_dated_sessions_has_no_bars() -> None:
    assert chart([row(None)])["bars"] == []


@pytest.mark.parametrize(("largest", "step"), [(1, 1), (5, 1), (6, 2), (23, 5), (99, 20)])
def test_axis_steps_are_round(largest: int, step: int) -> None:
    assert nice_step(largest) == step


# --- rendering -------------------------------------------------------------------------------


def hostile(nse_session: Session) -> Session:
    session = variant(nse_session, "<script>alert(1)</script> | *vet*", dt.date(2026, 3, 1))
    session.agreements[0].what = "<img src=x onerror=alert(1)> | [link](http://x)"
    return session


def test_html_is_one_self_contained_page_with_an_svg_chart(nse_session: Session) -> None:
    overview = build([hostile(nse_session)])
    page = "".join(render_overview(overview, "html"))
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    tags = {element.tag.split("}")[-1] for element in tree.iter()}
    assert {"svg", "rect", "table"} <= tags
    assert not tags & {"script", "img", "iframe", "link", "object"}  # nothing runs or loads
    assert "&lt;script&gt;" in page
    assert "over tijd" in page


def test_markdown_escapes_what_people_typed(nse_session: Session) -> None:
    overview = build([hostile(nse_session)])
    text = "".join(render_overview(overview, "md"))
    assert "\\<script\\>" in text and "\\| \\*vet\\*" in text
    assert "\\[link\\]" in text
    # every row of a table has as many cells as its header: no pipe typed by a person counts
    for table in text.split("\n\n"):
        rows = [line for line in table.splitlines() if line.startswith("|")]
        cells = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
        assert len(cells) <= 1, table


def test_cli_overzicht_json_with_filters_and_reference_date(
    cli: CliRunner, nse_session: Session, tmp_path: Path
) -> None:
    for number, day in enumerate((dt.date(2026, 1, 5), dt.date(2026, 3, 12))):
        save_session(variant(nse_session, f"gesprek {number}", day), tmp_path / f"{number}.toml")
    result = cli(
        "overzicht",
        tmp_path,
        "--format",
        "json",
        "--van",
        "1-2-2026",
        "--peildatum",
        "2026-04-20",
        "--partnerschap",
        "rivierenland",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["title"] for s in data["sessions"]] == ["gesprek 1"]
    assert data["filters"] == {"from": "2026-02-01", "to": "", "partnership": "rivierenland"}
    assert data["today"] == "2026-04-20"
    assert [a["overdue"] for a in data["agreements"]] == [True, False, False]
    assert result.stderr == ""


def test_cli_overzicht_names_a_broken_file_and_still_gives_the_overview(
    cli: CliRunner, nse_session: Session, tmp_path: Path
) -> None:
    save_session(nse_session, tmp_path / "goed.toml")
    (tmp_path / "kapot.toml").write_text("schema_version = 2\n[meeting\n", "utf-8")
    result = cli("overzicht", tmp_path)
    assert result.returncode == 1
    assert "kapot.toml" in result.stderr
    assert "| NSE 2026: begeleiding op de stageschool |" in result.stdout


@pytest.mark.parametrize(
    "args",
    [("--van", "morgen"), ("--van", "2026-05-01", "--tot", "2026-04-01"), ("--format", "pdf")],
)
def test_cli_overzicht_usage_errors(cli: CliRunner, args: tuple[str, ...], tmp_path: Path) -> None:
    result = cli("overzicht", tmp_path, *args)
    assert result.returncode == 2
    assert result.stdout == ""


def test_cli_overzicht_html_to_a_file(cli: CliRunner, nse_session: Session, tmp_path: Path) -> None:
    save_session(nse_session, tmp_path / "a.toml")
    result = cli("overzicht", tmp_path / "a.toml", "-f", "html", "-o", tmp_path / "o.html")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "<svg" in (tmp_path / "o.html").read_text("utf-8")
