"""Write the SVG pictures of the board and a rollup used in README.md and docs/board.md.

Run from the repository root after changing how the board looks:

    python scripts/screenshots.py

It draws ``examples/demo`` with the same renderables ``tix board`` and ``tix rollup`` print,
through rich's SVG export, at a fixed width so the pictures do not depend on the terminal.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tix.graph import DependencyGraph
from tix.render.board import board, build_columns, rollup_table
from tix.rollup import rollup
from tix.vocabulary import PriorityVocabulary
from tix.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"


def main() -> None:
    workspace = Workspace.open(ROOT / "examples" / "demo")
    catalog = workspace.load(strict=True)
    statuses = workspace.knowledge.statuses
    priorities = PriorityVocabulary(workspace.config.priorities)
    graph = DependencyGraph(catalog, statuses, priorities)
    IMAGES.mkdir(parents=True, exist_ok=True)

    console = Console(record=True, width=140, force_terminal=True, file=io.StringIO())
    columns = build_columns(catalog.tickets, statuses.statuses, priorities)
    console.print(board(columns, graph, priorities, console.width))
    console.save_svg(str(IMAGES / "board.svg"), title="tix board")

    console = Console(record=True, width=100, force_terminal=True, file=io.StringIO())
    groups = rollup(catalog, "epic", statuses, priorities, workspace.config)
    console.print(rollup_table(groups, "epic"))
    console.save_svg(str(IMAGES / "rollup.svg"), title="tix rollup epic")
    print(f"wrote {IMAGES / 'board.svg'} and {IMAGES / 'rollup.svg'}")


if __name__ == "__main__":
    main()
