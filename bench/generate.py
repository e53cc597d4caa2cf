"""Write benchmark workspaces: N tickets in one of tix's styles, with realistic content.

    python bench/generate.py --tickets 10000 --style native --out /tmp/tix-bench/native-10000

Styles: ``native`` (one front-matter file per ticket), ``epic`` (epic files of about 50
tickets under headings, bold field lines), ``table`` (table rows, 100 per table, a few tables
per file). Every workspace has a random dependency DAG (each ticket depends on up to three
earlier ones), sprints, priorities, statuses, estimates, points and acceptance criteria, and
a ``.tix.yaml`` as a workspace set up with ``tix init`` has. The same seed gives the same
files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS = [
    "api",
    "cache",
    "queue",
    "worker",
    "parser",
    "schema",
    "client",
    "server",
    "login",
    "token",
    "session",
    "export",
    "import",
    "report",
    "metric",
    "alert",
    "deploy",
    "build",
    "index",
    "search",
    "upload",
    "download",
    "retry",
    "timeout",
    "config",
    "migration",
    "backup",
    "restore",
    "audit",
    "billing",
    "invoice",
    "webhook",
    "email",
    "notification",
    "dashboard",
]
STATUSES = ["todo"] * 5 + ["in-progress"] * 2 + ["review", "done", "done", "done", "blocked"]
EMOJI = {
    "todo": "🔴 Todo",
    "in-progress": "🟡 In Progress",
    "review": "🔵 Review",
    "done": "🟢 Done",
    "blocked": "⚫ Blocked",
}
TABLE_EMOJI = {"todo": "⬜", "in-progress": "🔄", "review": "🔍", "done": "✅", "blocked": "❌"}


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def tickets(n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    found = []
    for i in range(1, n + 1):
        deps = sorted(
            {rng.randint(max(1, i - 200), i - 1) for _ in range(rng.randint(0, 3))}
            if i > 1
            else set()
        )
        found.append(
            {
                "id": f"BEN-{i:06d}",
                "title": sentence(rng, rng.randint(3, 8)),
                "status": rng.choice(STATUSES),
                "priority": f"P{rng.randint(0, 3)}",
                "sprint": f"Sprint {1 + (i - 1) * 20 // n}",
                "estimate": f"{rng.randint(1, 16)}h",
                "points": rng.choice([1, 2, 3, 5, 8]),
                "assignee": rng.choice(["ana", "bo", "chen", "dana", "eli", None]),
                "deps": [f"BEN-{d:06d}" for d in deps],
                "body": "\n\n".join(
                    sentence(rng, rng.randint(12, 30)) + "." for _ in range(rng.randint(1, 3))
                ),
                "criteria": [
                    (sentence(rng, 5), rng.random() < 0.3) for _ in range(rng.randint(1, 4))
                ],
            }
        )
    return found


def native(root: Path, items: list[dict[str, object]]) -> None:
    folder = root / "tickets"
    folder.mkdir(parents=True)
    for t in items:
        deps = ", ".join(t["deps"])  # type: ignore[arg-type]
        criteria = "\n".join(f"- [{'x' if done else ' '}] {text}" for text, done in t["criteria"])  # type: ignore[attr-defined]
        assignee = f"assignee: {t['assignee']}\n" if t["assignee"] else ""
        (folder / f"{t['id']}.md").write_text(
            f"---\nid: {t['id']}\ntitle: {t['title']}\nstatus: {t['status']}\n"
            f"priority: {t['priority']}\n"
            f"{assignee}sprint: {t['sprint']}\nestimate: {t['estimate']}\npoints: {t['points']}\n"
            f"depends_on: [{deps}]\n---\n\n{t['body']}\n\n## Acceptance Criteria\n\n{criteria}\n",
            encoding="utf-8",
        )


def epic(root: Path, items: list[dict[str, object]]) -> None:
    (root / "README.md").write_text(
        "# Tickets\n\n## Status Definitions\n\n"
        + "\n".join(f"- {EMOJI[s].split()[0]} **{EMOJI[s].split(' ', 1)[1]}**: ..." for s in EMOJI)
        + "\n",
        encoding="utf-8",
    )
    for number, start in enumerate(range(0, len(items), 50), 1):
        parts = [
            f"# Epic {number}: {sentence(random.Random(number), 3)}\n\n"
            "**Total Estimate**: unknown\n"
        ]
        for t in items[start : start + 50]:
            criteria = "\n".join(
                f"- [{'x' if done else ' '}] {text}" for text, done in t["criteria"]
            )  # type: ignore[attr-defined]
            parts.append(
                f"---\n\n## {t['id']}: {t['title']}\n\n**Status:** {EMOJI[t['status']]}  \n"  # type: ignore[index]
                f"**Priority:** {t['priority']}  \n**Estimate:** {t['estimate']}  \n"
                f"**Dependencies:** {', '.join(t['deps']) or 'None'}  \n"  # type: ignore[arg-type]
                f"**Assignee:** {t['assignee'] or 'Unassigned'}\n\n"
                f"### Description\n\n{t['body']}\n\n"
                f"### Acceptance Criteria\n\n{criteria}\n"
            )
        (root / f"epic-{number:04d}.md").write_text("\n".join(parts), encoding="utf-8")


def table(root: Path, items: list[dict[str, object]]) -> None:
    for number, start in enumerate(range(0, len(items), 500), 1):
        lines = [f"# Tasks {number}\n"]
        for group, offset in enumerate(range(start, min(start + 500, len(items)), 100), 1):
            lines += [
                f"\n## Phase {number}.{group}",
                "| # | Task | Status | Priority | Owner |",
                "|---|------|--------|----------|-------|",
            ]
            for t in items[offset : offset + 100]:
                lines.append(
                    f"| {t['id']} | {t['title']} | {TABLE_EMOJI[t['status']]} | {t['priority']} "
                    f"| {t['assignee'] or ''} |"
                )  # type: ignore[index]
        lines += ["", "## Legend", *(f"- {emoji} {name}" for name, emoji in TABLE_EMOJI.items())]
        (root / f"tasks-{number:04d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--style", choices=["native", "epic", "table"], default="native")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    {"native": native, "epic": epic, "table": table}[args.style](
        args.out, tickets(args.tickets, args.seed)
    )
    # A workspace set up with `tix init` has a config file: time reading it too.
    (args.out / ".tix.yaml").write_text(
        "# tix configuration (written by bench/generate.py)\n"
        'tickets: ["**/*.md"]\n'
        "board:\n  max_cards: 50\n",
        encoding="utf-8",
    )
    print(f"wrote {args.tickets} {args.style} tickets to {args.out}")


if __name__ == "__main__":
    main()
