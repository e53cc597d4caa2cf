"""Time tix against grep on generated workspaces, and print a table of medians.

    python bench/run.py --sizes 1000 10000 --runs 5 --style native

For each size it generates a workspace (``bench/generate.py``), then times each command cold
(no index: ``.tix/`` removed before every run) and warm (index in place, and each command run
once untimed first, so that its own caches are too: ``tix grep``'s texts), as separate
processes the way a person or a hook runs them, plus ``grep -r`` on the same files as the
floor. The commands are timed in rounds, each command once a round (cold rounds, then the
reading commands' warm rounds, then the writing ones'), so that a slow spell of the machine
weighs on all of them alike. It prints the median of ``--runs`` runs per command, each
command's ratio to ``grep -r``, and its peak memory (max RSS of one run, cold and warm), as a
Markdown table for docs/performance.md. "Startup" is ``tix list --json`` in an empty
workspace: what any command costs before it reads a ticket.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMANDS: list[tuple[str, list[str]]] = [
    ("list --json", ["list", "--json"]),
    ("board", ["board", "--plain"]),
    ("ready", ["ready"]),
    ("blocked", ["blocked"]),
    ("validate", ["validate"]),
    ("grep", ["grep", "-c", "retry"]),
    ("rollup sprint", ["rollup", "sprint"]),
    # Already blocked after its first (untimed) run: finds and checks the ticket, writes nothing.
    ("update", ["update", "BEN-000001", "blocked", "bench", "--force"]),
    # Writes every run (review and todo in turn), each run after the previous one's write.
    ("update, writing", ["update", "BEN-000002", "{status}", "--force"]),
]
STATUSES_IN_TURN = ("review", "todo")
WRITING = [name for name, arguments in COMMANDS if arguments[0] == "update"]
READING = [name for name, _ in COMMANDS if name not in WRITING]


def tix(folder: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "tix", "-C", str(folder), *args]


Command = list[str] | Callable[[], list[str]]


def in_turn(command: list[str]) -> Command:
    """``command``, with ``{status}`` replaced by each of ``STATUSES_IN_TURN`` in turn."""
    if "{status}" not in command:
        return command
    turns = itertools.cycle(STATUSES_IN_TURN)
    return lambda: [part.replace("{status}", next(turns)) for part in command]


def timed(command: Command, before: object = None) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run of ``command``."""
    if callable(before):
        before()
    if callable(command):
        command = command()
    start = time.perf_counter()
    process = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def median(command: Command, runs: int, before: object = None) -> float:
    return statistics.median(timed(command, before)[0] for _ in range(runs))


def peak_mib(command: Command, before: object = None) -> float:
    """Peak memory of one run of ``command`` alone (measured from a process of its own, since
    a process only learns the largest of all its children)."""
    if callable(before):
        before()
    if callable(command):
        command = command()
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    return int(out.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--style", choices=["native", "epic", "table"], default="native")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tix-bench"))
    args = parser.parse_args()
    # Time tix as an installed program runs: from compiled bytecode. With this variable set
    # (some containers and CI images set it), an editable install compiles every tix module
    # on every run, about 40 ms that no user with a normal Python pays.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    bare = median([sys.executable, "-c", "pass"], args.runs)
    version = median([sys.executable, "-m", "tix", "--version"], args.runs)
    beside = Path(sys.executable).with_name("tix")
    script = str(beside) if beside.exists() else shutil.which("tix")
    version_script = median([script, "--version"], args.runs) if script else float("nan")
    empty = args.work / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    startup = median(tix(empty, ["list", "--json"]), args.runs)
    print(
        f"python -c pass: {bare * 1000:.0f} ms; tix --version: {version_script * 1000:.0f} ms "
        f"(console script), {version * 1000:.0f} ms (python -m tix); "
        f"startup (tix list --json, no tickets): {startup * 1000:.0f} ms\n"
    )
    for size in args.sizes:
        folder = args.work / f"{args.style}-{size}"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--tickets",
                str(size),
                "--style",
                args.style,
                "--out",
                str(folder),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        floor = median(["grep", "-r", "retry", str(folder)], args.runs)
        print(f"### {size:,} {args.style} tickets (grep -r: {floor * 1000:.0f} ms)\n")
        print("| command | cold (ms) | warm (ms) | warm / grep -r | peak MiB cold / warm |")
        print("|---|---:|---:|---:|---:|")

        def drop_index(folder: Path = folder) -> None:
            shutil.rmtree(folder / ".tix", ignore_errors=True)

        def warm_index(folder: Path = folder) -> None:
            subprocess.run(tix(folder, ["list"]), stdout=subprocess.DEVNULL, check=False)

        commands = {name: in_turn(tix(folder, arguments)) for name, arguments in COMMANDS}
        # Every command once per round, round after round: a slow spell of the machine
        # (they last minutes on a shared one) falls on every command alike, not on one.
        cold: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                cold[name].append(timed(command, drop_index)[0])
        cold_peak = {name: peak_mib(command, drop_index) for name, command in commands.items()}
        # The reading commands' rounds, then the writing ones': a write changes the files
        # the next reading run would find.
        warm: dict[str, list[float]] = {name: [] for name in commands}
        warm_peak: dict[str, float] = {}
        for group in (READING, WRITING):
            warm_index()
            for name in group:  # each command's own caches in place (tix grep's texts)
                timed(commands[name])
            for _ in range(args.runs):
                for name in group:
                    warm[name].append(timed(commands[name])[0])
            for name in group:
                warm_peak[name] = peak_mib(commands[name])
        for name in commands:
            warm_median = statistics.median(warm[name])
            print(
                f"| {name} | {statistics.median(cold[name]) * 1000:.0f} "
                f"| {warm_median * 1000:.0f} | {warm_median / floor:.1f} "
                f"| {cold_peak[name]:.0f} / {warm_peak[name]:.0f} |",
                flush=True,
            )
        print()


if __name__ == "__main__":
    main()
