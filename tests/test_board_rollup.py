"""tix board and tix rollup on the corpus and the demo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import EXAMPLES, Copy, Tix
from tix.estimates import parse_estimate


def test_danube_board(tix: Tix, corpus_copy: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    folder = corpus_copy("danube") / "docs" / "tickets"
    result = tix("-C", folder, "board")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[1]
    for column in ("🔴 Todo (31)", "🟡 In Progress (0)", "🟢 Done (0)", "⚫ Blocked (0)"):
        assert column in header
    assert len(re.findall(r"│ DANUBE-\d{3}  P\d", result.stdout)) == 31
    assert tix("-C", folder, "update", "DANUBE-001", "done").exit_code == 0
    board = json.loads(tix("-C", folder, "board", "--json").stdout)
    by_status = {c["status"]: [card["id"] for card in c["cards"]] for c in board["columns"]}
    assert by_status["done"] == ["DANUBE-001"]
    assert len(by_status["todo"]) == 30
    assert [c["status"] for c in board["columns"]] == [
        "todo",
        "in-progress",
        "review",
        "done",
        "blocked",
    ]
    first = board["columns"][0]
    assert set(first) == {"status", "label", "emoji", "wip_limit", "cards"}
    assert (first["emoji"], first["wip_limit"]) == ("🔴", None)


@pytest.mark.parametrize("width", [80, 200])
def test_chinese_titles_keep_the_borders_straight(
    tix: Tix, corpus_copy: Copy, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    folder = corpus_copy("nona-kronos") / "tickets"
    result = tix("-C", folder, "board")
    assert result.exit_code == 0
    assert "设备无关化支持" in result.stdout
    lines = result.stdout.splitlines()
    assert lines
    assert {cell_len(line) for line in lines} == {width}


def test_plain_board_has_no_escape_sequences(tix: Tix, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    result = tix("-C", EXAMPLES / "demo", "board")
    assert "\x1b" not in result.stdout
    coloured = tix("--color", "always", "-C", EXAMPLES / "demo", "board")
    assert "\x1b[" in coloured.stdout
    forced_plain = tix("--color", "always", "-C", EXAMPLES / "demo", "board", "--plain")
    assert "\x1b" not in forced_plain.stdout


def test_board_cards_and_lanes(tix: Tix, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    result = tix("-C", EXAMPLES / "demo", "board")
    assert "⛔ blocked: Waiting" in result.stdout
    assert "⏳ waits on LH-003" in result.stdout
    assert "@alice · 5 pts" in result.stdout
    lanes = json.loads(tix("-C", EXAMPLES / "demo", "board", "--by", "sprint", "--json").stdout)
    assert lanes["by"] == "sprint"
    assert [c["lane"] for c in lanes["columns"][::5]] == ["Sprint 1", "Sprint 2", "(none)"]
    only = json.loads(tix("-C", EXAMPLES / "demo", "board", "--assignee", "alice", "--json").stdout)
    assert sorted(card["id"] for c in only["columns"] for card in c["cards"]) == [
        "LH-001",
        "LH-002",
        "LH-004",
    ]


def test_wip_limit_and_hidden_columns(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    (tmp_path / ".tix.yaml").write_text(
        "statuses:\n  - {key: todo, category: todo}\n"
        "  - {key: doing, category: active, wip_limit: 1}\n"
        "  - {key: done, category: done}\nboard:\n  hide_empty: true\n"
    )
    for n in (1, 2):
        (tmp_path / f"W-{n}.md").write_text(f"---\nid: W-{n}\nstatus: doing\n---\n")
    data = json.loads(tix("-C", tmp_path, "board", "--json").stdout)
    assert [(c["status"], c["wip_limit"], len(c["cards"])) for c in data["columns"]] == [
        ("doing", 1, 2)
    ]
    assert "Doing (2/1)" in tix("-C", tmp_path, "board").stdout


def test_a_long_column_draws_its_most_urgent_cards_and_counts_the_rest(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    for n in range(1, 8):
        priority = "P0" if n == 6 else "P2"
        (tmp_path / f"L-{n}.md").write_text(f"---\nid: L-{n}\npriority: {priority}\n---\n")
    drawn = tix("-C", tmp_path, "board", "--limit", "3").stdout
    assert "Todo (7)" in drawn and "… 4 more" in drawn
    assert [n for n in range(1, 8) if f"L-{n} " in drawn] == [1, 2, 6]  # P0 first, then L-1, L-2
    assert "more" not in tix("-C", tmp_path, "board", "--all").stdout
    assert "… 4 more" not in tix("-C", tmp_path, "board").stdout  # 50 by default
    (tmp_path / ".tix.yaml").write_text("board:\n  max_cards: 5\n")
    assert "… 2 more" in tix("-C", tmp_path, "board").stdout
    cards = json.loads(tix("-C", tmp_path, "board", "--json").stdout)["columns"][0]["cards"]
    assert len(cards) == 7  # the JSON has every card


def test_danube_rollup_epic(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    data = json.loads(tix("-C", folder, "rollup", "epic", "--json").stdout)
    assert data["by"] == "epic"
    groups = data["groups"]
    assert [g["total"] for g in groups] == [5, 4, 4, 3, 4, 3, 3, 5]
    assert [g["estimate_total_hours"] for g in groups] == [24, 30, 32, 20, 28, 20, 18, 28]
    assert groups[0]["label"] == "Epic 1: Foundation"
    assert set(groups[0]) >= {
        "name",
        "total",
        "by_status",
        "done_percent",
        "estimate_total_hours",
        "estimate_done_hours",
        "estimate_unknown",
        "points_total",
        "points_done",
    }
    assert groups[0]["by_status"] == {"todo": 5}


def test_jira_rollup_sprint(tix: Tix, corpus_copy: Copy) -> None:
    data = json.loads(tix("-C", corpus_copy("jira-roadmap"), "rollup", "sprint", "--json").stdout)
    assert [(g["name"], g["points_total"]) for g in data["groups"]] == [
        ("Sprint 1", 18),
        ("Sprint 2", 13),
        ("Sprint 3", 16),
        ("Sprint 4", 22),
        ("Sprint 5", 13),
        ("Sprint 6", 24),
    ]


def test_rollup_done_unknown_none_and_milestones(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / ".tix.yaml").write_text(
        "milestones:\n  - {key: M2, name: Beta, target: Week 4, epics: [Core]}\n"
        "  - {key: M1, name: Alpha, target: Week 2}\n"
    )
    tickets = {
        "R-1": "status: done\nepic: Core\nestimate: 2-4 hours\npoints: 3",
        "R-2": "status: todo\nepic: Core\nestimate: Ongoing\npoints: 2",
        "R-3": "status: todo\nmilestone: M1\nestimate: 1d",
        "R-4": "status: todo",
    }
    for ticket_id, fields in tickets.items():
        (tmp_path / f"{ticket_id}.md").write_text(f"---\nid: {ticket_id}\n{fields}\n---\n")
    epics = json.loads(tix("-C", tmp_path, "rollup", "epic", "--json").stdout)["groups"]
    core = epics[0]
    assert (core["name"], core["total"], core["done_percent"]) == ("Core", 2, 50.0)
    assert (
        core["estimate_total_hours"],
        core["estimate_done_hours"],
        core["estimate_unknown"],
    ) == (3, 3, 1)
    assert (core["points_total"], core["points_done"]) == (5, 3)
    assert epics[-1]["name"] == "(none)"
    milestones = json.loads(tix("-C", tmp_path, "rollup", "milestone", "--json").stdout)["groups"]
    assert [(g["name"], g["total"], g["target"]) for g in milestones] == [
        ("M2", 2, "Week 4"),
        ("M1", 1, "Week 2"),
        ("(none)", 1, None),
    ]
    text = tix("-C", tmp_path, "rollup", "milestone").stdout
    assert "M2: Beta" in text and "Week 4" in text


def test_rollup_counts_every_ticket_and_the_board_json_says_why(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tickets = {
        "S-1": "status: Someday\nestimated_hours: 3\npoints: 5 pts",
        "S-2": "status: blocked\nblocked_reason: Waiting for budget\npoints: 2",
        "S-3": "status: todo\ndepends_on: [S-2]",
    }
    for ticket_id, fields in tickets.items():
        (tmp_path / f"{ticket_id}.md").write_text(f"---\nid: {ticket_id}\n{fields}\n---\n")
    [group] = json.loads(tix("-C", tmp_path, "rollup", "priority", "--json").stdout)["groups"]
    assert group["by_category"] == {"unknown": 1, "blocked": 1, "todo": 1}
    assert (group["estimate_total_hours"], group["estimate_unknown"]) == (3, 0)
    assert group["points_total"] == 7
    # A status tix does not know has its own column, so no ticket goes missing from the table.
    header, row = tix("-C", tmp_path, "rollup", "priority").stdout.splitlines()
    assert re.split(r" {2,}", header)[:6] == ["Priority", "Todo", "Doing", "Done", "Block", "Other"]
    assert re.split(r" {2,}", row)[:6] == ["(none)", "1", "0", "0", "1", "1"]
    monkeypatch.setenv("COLUMNS", "120")
    columns = json.loads(tix("-C", tmp_path, "board", "--json").stdout)["columns"]
    cards = {card["id"]: card for column in columns for card in column["cards"]}
    assert (cards["S-2"]["blocked_reason"], cards["S-2"]["waiting_on"]) == (
        "Waiting for budget",
        [],
    )
    assert (cards["S-3"]["blocked_reason"], cards["S-3"]["waiting_on"]) == (None, ["S-2"])


def test_init_offers_the_readmes_milestone_table(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    assert tix("-C", folder, "init").exit_code == 0
    config = (folder / ".tix.yaml").read_text()
    assert '  - {key: "M1", name: "Foundation", target: "Week 1-2", epics: ["Epic 1"]}' in config
    groups = json.loads(tix("-C", folder, "rollup", "milestone", "--json").stdout)["groups"]
    assert [(g["name"], g["total"], g["target"]) for g in groups] == [
        ("M1", 5, "Week 1-2"),
        ("M2", 4, "Week 3-4"),
        ("M3", 4, "Week 5-7"),
        ("M4", 3, "Week 8-9"),
        ("M5", 4, "Week 10-11"),
        ("M6", 3, "Week 12"),
        ("M7", 3, "Week 13-14"),
        ("M8", 5, "Week 15"),
    ]


@pytest.mark.parametrize("folder", ["danube", "jira-roadmap", "support-tracker", "cryptointel"])
def test_piped_rollup_has_the_cells_of_the_rich_table(
    tix: Tix, corpus_copy: Copy, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus_copy(folder)
    monkeypatch.setenv("COLUMNS", "250")  # rich folds nothing
    for by in ("sprint", "milestone", "epic", "assignee", "priority"):
        plain = tix("-C", root, "rollup", by).stdout.splitlines()
        drawn = tix("-C", root, "--color", "always", "rollup", by)
        rich = re.sub(r"\x1b\[[0-9;]*m", "", drawn.stdout).splitlines()
        rich = [line for line in rich if line.strip() and not line.strip().startswith("─")]
        assert plain, (folder, by)
        assert [re.split(r" {2,}", line.strip()) for line in plain] == [
            re.split(r" {2,}", line.strip()) for line in rich
        ], (folder, by)
        assert all(line == line.rstrip() for line in plain)
        header = plain[0]
        for line in plain[1:]:  # the numbers end where their headings end
            for heading in ("Todo", "Doing", "Done", "Block", "Hours", "Points"):
                end = header.index(heading) + len(heading)
                assert line[end - 1] != " " and line[end : end + 1] in ("", " "), (line, heading)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("2h", 2, 2),
        ("4 h", 4, 4),
        ("1.5 hours", 1.5, 1.5),
        ("2-3 hours", 2, 3),
        ("1 week", 40, 40),
        ("3d", 24, 24),
        ("30 min", 0.5, 0.5),
        ("2 days (12 hours)", 12, 12),
        ("1–2 weeks", 40, 80),
        ("3", 3, 3),  # a number alone is hours (estimated_hours: 3)
        ("2-3", 2, 3),
        ("1h30m", 1.5, 1.5),
        ("1d 4h", 12, 12),
    ],
)
def test_estimates(text: str, low: float, high: float) -> None:
    estimate = parse_estimate(text)
    assert estimate is not None and (estimate.low, estimate.high) == (low, high)


@pytest.mark.parametrize(
    "text", ["Ongoing", "TBD", "", "15-30 min/day", "soon", "3 apples", "1h x", "h"]
)
def test_unreadable_estimates(text: str) -> None:
    assert parse_estimate(text) is None


@pytest.mark.parametrize("folder", ["demo", "danube", "nona-kronos", "cryptointel"])
@pytest.mark.parametrize("width", [30, 80, 120, 200])
@pytest.mark.parametrize("max_cards", [0, 2])
def test_the_plain_board_is_the_board_rich_draws(
    corpus_copy: Copy, folder: str, width: int, max_cards: int
) -> None:
    """Piped, the board is drawn without rich, and must look exactly as rich draws it (but for
    the spaces rich puts after a lane's title)."""
    import io

    from rich.console import Console

    from tix.graph import DependencyGraph
    from tix.render.board import board, build_columns, plain_board
    from tix.vocabulary import PriorityVocabulary
    from tix.workspace import Workspace

    workspace = Workspace.open(EXAMPLES / "demo" if folder == "demo" else corpus_copy(folder))
    catalog = workspace.load(use_cache=False)
    priorities = PriorityVocabulary(workspace.config.priorities)
    graph = DependencyGraph(catalog, workspace.knowledge.statuses, priorities)
    columns = build_columns(catalog.tickets, workspace.knowledge.statuses.statuses, priorities)
    drawn = io.StringIO()
    console = Console(file=drawn, width=width, color_system=None, no_color=True, emoji=False)
    console.print(board(columns, graph, priorities, width, title="Lane", max_cards=max_cards))
    plain = plain_board(columns, graph, priorities, width, title="Lane", max_cards=max_cards)
    assert plain == [
        line.rstrip(" ") if n == 0 else line for n, line in enumerate(drawn.getvalue().splitlines())
    ]
