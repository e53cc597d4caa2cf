"""``Workspace.load_around``: a command about one ticket reads only the files it needs from the
index, and answers exactly as a command that loads every ticket."""

from __future__ import annotations

import builtins
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Copy, Tix
from tests.test_cache import age, files_parsed
from tix.catalog import Catalog
from tix.edit.operations import Editor
from tix.errors import TixError
from tix.workspace import Workspace
from tix.workspace.discovery import Discovery

CORPUS_FOLDERS = ["danube", "jira-roadmap", "nona-kronos", "cryptointel", "support-tracker"]


def both(root: Path, reference: str) -> tuple[Catalog | None, Catalog]:
    """The catalog ``load_around`` gives (after a load wrote the index), and the whole one."""
    whole = Workspace.open(root).load()
    return Workspace.open(root).load_around(reference), whole


def found(catalog: Catalog, reference: str) -> str:
    try:
        ticket = catalog.find(reference)
    except TixError as exc:
        return f"error: {exc}"
    return f"{ticket.location} {ticket.id} {ticket.status}"


def touch(root: Path) -> None:
    """Give every file of ``root`` the time of now: an index written in the next two seconds
    counts them racily clean, and its header does not know the workspace whole."""
    for path in root.rglob("*"):
        if path.is_file() and ".tix" not in path.parts:
            os.utime(path)


def fast_paths(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each ``load_around`` from now on that found the workspace as the index's header
    knew it, whether it answered from the index's table alone."""
    taken: list[bool] = []
    real = Workspace._load_around_unchanged

    def recording(self: Workspace, *arguments: object) -> Catalog | None:
        catalog = real(self, *arguments)  # type: ignore[arg-type]
        taken.append(catalog is not None)
        return catalog

    monkeypatch.setattr(Workspace, "_load_around_unchanged", recording)
    return taken


@pytest.mark.parametrize("aged", [False, True], ids=["just-touched", "an-hour-old"])
@pytest.mark.parametrize("folder", CORPUS_FOLDERS)
def test_every_reference_finds_what_the_whole_catalog_finds(
    corpus_copy: Copy, folder: str, aged: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Just touched, the files are racily clean and each is checked against the index's
    table; an hour old, the index's header knows the whole workspace (its files key)."""
    root = corpus_copy(folder)
    age(root) if aged else touch(root)
    taken = fast_paths(monkeypatch)
    whole = Workspace.open(root).load()
    references = {t.id for t in whole.tickets}
    references |= {t.id.lower() for t in whole.tickets}
    references |= {alias for t in whole.tickets for alias in t.aliases}
    references |= {t.path for t in whole.tickets} | {t.location for t in whole.tickets}
    for reference in sorted(references):
        around = Workspace.open(root).load_around(reference)
        assert around is not None, reference
        assert found(around, reference) == found(whole, reference), reference
    assert taken == ([True] * len(references) if aged else [])


@pytest.mark.parametrize("aged", [False, True], ids=["just-touched", "an-hour-old"])
@pytest.mark.parametrize("folder", CORPUS_FOLDERS)
def test_dependencies_and_status_forms_are_those_of_the_whole_workspace(
    corpus_copy: Copy, folder: str, aged: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus_copy(folder)
    age(root) if aged else touch(root)
    taken = fast_paths(monkeypatch)
    workspace = Workspace.open(root)
    whole = Editor(workspace, workspace.load())
    statuses = workspace.knowledge.statuses
    for ticket in whole.catalog.tickets:
        if len(whole.catalog.with_id(ticket.id)) > 1:
            continue
        around = Workspace.open(root).load_around(ticket.id)
        assert around is not None
        part = Editor(workspace, around)
        assert part.open_dependencies(around.find(ticket.id)) == whole.open_dependencies(ticket)
        for status in statuses.statuses:
            for typed in (None, status.key, status.label):
                assert part.writer.form(
                    status.key, path=ticket.path, dialect=ticket.dialect, typed=typed
                ) == whole.writer.form(
                    status.key, path=ticket.path, dialect=ticket.dialect, typed=typed
                ), (ticket.id, status.key, typed)
    assert taken and all(taken) if aged else taken == []


@pytest.mark.parametrize("aged", [False, True], ids=["just-written", "an-hour-old"])
def test_it_reads_only_the_files_it_needs(tmp_path: Path, aged: bool) -> None:
    for number in range(1, 1201):
        depends = f"\ndepends_on: [A-{number - 1}]" if number > 1 else ""
        (tmp_path / f"A-{number}.md").write_text(
            f"---\nid: A-{number}\ntitle: T{number}\nstatus: todo{depends}\n---\n"
        )
    if aged:
        age(tmp_path)
    both(tmp_path, "A-700")
    around = Workspace.open(tmp_path).load_around("a-700")
    assert around is not None
    assert sorted(t.id for t in around.tickets) == ["A-699", "A-700"]
    assert around.find("A-700").depends_on == ["A-699"]
    assert around.status_census == {("frontmatter", "todo", "todo"): 1200}


def test_files_changed_since_the_index_are_read_and_parsed(tmp_path: Path) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\ndepends_on: [A-2]\n---\n")
    (tmp_path / "A-2.md").write_text("---\nid: A-2\nstatus: todo\n---\n")
    assert Workspace.open(tmp_path).load_around("A-1") is None  # no index yet
    Workspace.open(tmp_path).load()
    assert Workspace.open(tmp_path).load_around("A-3") is None  # load() suggests what is close
    path = tmp_path / "A-2.md"
    stat = path.stat()
    path.write_text("---\nid: A-2\nstatus: done\n---\n")  # same size, same time
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (tmp_path / "A-3.md").write_text("---\nid: A-3\nstatus: doing\n---\n")  # a new file
    around = Workspace.open(tmp_path).load_around("A-1")
    assert around is not None
    assert [(t.id, t.status) for t in around.tickets] == [("A-1", "todo"), ("A-2", "done")]
    new = Workspace.open(tmp_path).load_around("a-3")
    assert new is not None and new.find("A-3").status == "in-progress"
    assert new.status_census == {
        ("frontmatter", "todo", "todo"): 1,
        ("frontmatter", "done", "done"): 1,
        ("frontmatter", "in-progress", "doing"): 1,
    }
    (tmp_path / "A-3.md").unlink()  # a file gone
    assert Workspace.open(tmp_path).load_around("A-3") is None
    path.write_text("---\nid: A-2\nstatus: [broken\n---\n")
    assert Workspace.open(tmp_path).load_around("A-1") is None  # load() reports it


def test_many_changed_files_load_the_whole_workspace(tmp_path: Path) -> None:
    from tix.workspace import CHANGED_FILES_AROUND

    for number in range(CHANGED_FILES_AROUND + 1):
        (tmp_path / f"A-{number}.md").write_text(f"---\nid: A-{number}\nstatus: todo\n---\n")
    Workspace.open(tmp_path).load()
    for number in range(CHANGED_FILES_AROUND):
        (tmp_path / f"A-{number}.md").write_text(f"---\nid: A-{number}\nstatus: done\n---\n")
    assert Workspace.open(tmp_path).load_around("A-1") is not None
    (tmp_path / f"A-{CHANGED_FILES_AROUND}.md").write_text("---\nid: A-x\nstatus: done\n---\n")
    assert Workspace.open(tmp_path).load_around("A-1") is None


def test_a_changed_legend_loads_the_whole_workspace(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Legend\n\n- 🟣 Todo\n")
    (tmp_path / "epic.md").write_text("# Epic\n\n## A-1: One\n\n**Status:** 🟣\n")
    Workspace.open(tmp_path).load()
    around = Workspace.open(tmp_path).load_around("A-1")
    assert around is not None and around.find("A-1").status == "todo"
    (tmp_path / "README.md").write_text("# Legend\n\n- 🟣 Done\n")
    assert Workspace.open(tmp_path).load_around("A-1") is None


def test_update_and_show_work_from_the_index_alone(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\ntitle: One\nstatus: todo\n---\nBody.\n")
    (tmp_path / "A-2.md").write_text(
        "---\nid: A-2\ntitle: Two\nstatus: todo\ndepends_on: [A-1]\n---\n"
    )
    assert tix("-C", tmp_path, "list").exit_code == 0  # writes the index

    def no_whole_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole workspace was loaded")

    monkeypatch.setattr(Workspace, "load", no_whole_load)
    result = tix("-C", tmp_path, "update", "A-2", "doing")
    assert result.exit_code == 1
    assert "depends on tickets that are not done: A-1" in result.stderr
    assert "Body." in tix("-C", tmp_path, "show", "a-1").stdout
    assert tix("-C", tmp_path, "update", "A-1", "done").exit_code == 0
    assert "status: done" in (tmp_path / "A-1.md").read_text()
    # A-1 is done now (the edit put its file into the index), so A-2 may start.
    assert tix("-C", tmp_path, "update", "A-2", "doing").exit_code == 0
    assert "status: doing" in (tmp_path / "A-2.md").read_text()


def test_an_edit_leaves_the_index_knowing_the_file(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\ntitle: One\nstatus: todo\n---\n")
    (tmp_path / "epic.md").write_text(
        "# Epic\n\n## E-1: First\n\n**Status:** Todo\n**Depends on:** E-9\n\n"
        "## E-2: Second\n\n**Status:** Done\n**Depends on:** E-1, E-8\n"
    )
    assert tix("-C", tmp_path, "list").exit_code == 0  # writes the index
    assert tix("-C", tmp_path, "update", "A-1", "done").exit_code == 0
    assert tix("-C", tmp_path, "update", "E-1", "in-progress", "--force").exit_code == 0
    parsed = files_parsed(monkeypatch)
    warm = Workspace.open(tmp_path).load()
    assert parsed == []  # the index knew both files as tix wrote them
    cold = Workspace.open(tmp_path).load(use_cache=False)
    assert [t.summary() for t in warm.tickets] == [t.summary() for t in cold.tickets]
    assert warm.find("E-1").status == "in-progress"
    # Problems are located from the line tables the edit left: the same places as a reread.
    located = tix("-C", tmp_path, "validate")
    assert located.stdout == tix("-C", tmp_path, "--no-cache", "validate").stdout
    assert "epic.md:11:" in located.stdout  # E-2's dependency on E-8, below the edited line
    assert tix("-C", tmp_path, "--no-cache", "update", "A-1", "todo").exit_code == 0
    parsed.clear()
    Workspace.open(tmp_path).load()
    assert parsed == ["A-1.md"]  # an edit without the index leaves it alone


def index_written_ns(root: Path) -> int:
    from tix.workspace import cache

    found = cache._read_pieces(root / ".tix" / "cache" / "index.bin", {})
    assert found is not None
    return int(found[0]["written_ns"])


def test_an_edit_keeps_files_racily_clean_when_one_changed_unseen(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed in the clock tick the index was written, its stat the same (times too
    coarse to show it): the edit's load reads it, since its digest differs, and the index
    the edit writes keeps its write time, so that the file is still checked by its digest
    however much later the next command comes."""
    from tix import workspace
    from tix.workspace import cache

    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    (tmp_path / "A-2.md").write_text("---\nid: A-2\nstatus: todo\n---\n")
    assert tix("-C", tmp_path, "list").exit_code == 0
    before = index_written_ns(tmp_path)
    path = tmp_path / "A-2.md"
    stat = path.stat()
    path.write_text("---\nid: A-2\nstatus: done\n---\n")  # same size
    discover = workspace.discover

    def coarse_times(*arguments: object) -> Discovery:
        found = discover(*arguments)  # type: ignore[arg-type]
        found.stats["A-2.md"] = stat  # the file system shows no change
        return found

    monkeypatch.setattr(workspace, "discover", coarse_times)
    later = time.time_ns() + 10 * cache.RACY_NANOSECONDS
    monkeypatch.setattr(time, "time_ns", lambda: later)
    assert tix("-C", tmp_path, "update", "A-1", "done").exit_code == 0
    assert index_written_ns(tmp_path) == before
    assert Workspace.open(tmp_path).load().find("A-2").status == "done"


def test_an_edit_after_the_seconds_of_a_checkout_settles_its_files(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files indexed in the seconds they were written (a fresh clone) are racily clean:
    each command reads them to be sure. An edit whose load checked every one of them, more
    than two seconds later, writes the index as of then: the commands after it read none."""
    from tests.test_cache import racily_clean
    from tix.workspace import cache

    for number in range(1, 5):
        (tmp_path / f"A-{number}.md").write_text(f"---\nid: A-{number}\nstatus: todo\n---\n")
    assert tix("-C", tmp_path, "list").exit_code == 0
    assert racily_clean(tmp_path) == ["A-1.md", "A-2.md", "A-3.md", "A-4.md"]
    later = time.time_ns() + 10 * cache.RACY_NANOSECONDS
    monkeypatch.setattr(time, "time_ns", lambda: later)
    assert tix("-C", tmp_path, "show", "A-2").exit_code == 0  # no edit: nothing written
    assert racily_clean(tmp_path) == ["A-1.md", "A-2.md", "A-3.md", "A-4.md"]
    assert tix("-C", tmp_path, "update", "A-2", "done").exit_code == 0
    assert racily_clean(tmp_path) == []
    assert index_written_ns(tmp_path) == later
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file: Any, *arguments: Any, **options: Any) -> Any:
        opened.append(Path(file).name)
        return real_open(file, *arguments, **options)

    monkeypatch.setattr(builtins, "open", recording_open)
    around = Workspace.open(tmp_path).load_around("A-3")
    assert around is not None and [t.id for t in around.tickets] == ["A-3"]
    # Only the file tix wrote is read to be sure (its time may not show a change yet).
    assert [name for name in opened if name.endswith(".md")] == ["A-2.md"]
    monkeypatch.undo()
    assert {t.id: t.status for t in Workspace.open(tmp_path).load().tickets} == {
        "A-1": "todo",
        "A-2": "done",
        "A-3": "todo",
        "A-4": "todo",
    }


def test_small_pieces_keep_every_file_in_its_place(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pieces of a few files, an index has many: the table's pieces, the rows' pieces,
    and an edit's update of one of them must all keep each file with its own entry."""
    from tix.workspace import cache

    monkeypatch.setattr(cache, "FILES_PER_TABLE_PIECE", 7)
    monkeypatch.setattr(cache, "FILES_PER_PIECE", 5)
    for number in range(1, 41):
        depends = f"\ndepends_on: [A-{number - 1}]" if number > 1 else ""
        (tmp_path / f"A-{number:02d}.md").write_text(
            f"---\nid: A-{number}\ntitle: T{number}\nstatus: todo{depends}\n---\n"
        )
    assert tix("-C", tmp_path, "list").exit_code == 0
    for ticket in ("A-38", "A-9", "A-1", "A-23"):
        assert tix("-C", tmp_path, "update", ticket, "done", "--force").exit_code == 0
    around = Workspace.open(tmp_path).load_around("A-24")
    assert around is not None
    assert [(t.id, t.status) for t in around.tickets] == [("A-23", "done"), ("A-24", "todo")]
    parsed = files_parsed(monkeypatch)
    warm = Workspace.open(tmp_path).load()
    assert parsed == []  # every edit found its file's place in the index
    cold = Workspace.open(tmp_path).load(use_cache=False)
    assert [t.summary() for t in warm.tickets] == [t.summary() for t in cold.tickets]
    assert {t.id for t in warm.tickets if t.status == "done"} == {"A-38", "A-9", "A-1", "A-23"}


def test_an_edit_puts_its_file_into_the_index_as_the_index_is_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit reuses the index it was opened with only while that is still the file: here
    another tix writes it in between (after another file changed), and both changes stay."""
    from tix.workspace import cache

    for name in ("A-1", "A-2"):
        (tmp_path / f"{name}.md").write_text(f"---\nid: {name}\nstatus: todo\n---\n")
    Workspace.open(tmp_path).load()
    read = []
    real_read, real_remember = cache._read_pieces, Workspace.remember
    monkeypatch.setattr(cache, "_read_pieces", lambda *a: read.append(a) or real_read(*a))

    others_write = False

    def remember(self: Workspace, *arguments: object) -> bool:
        if others_write:
            (tmp_path / "A-2.md").write_text("---\nid: A-2\nstatus: doing\n---\n")
            Workspace.open(tmp_path).load()  # another tix: reads A-2, writes the index
        read.clear()
        return real_remember(self, *arguments)  # type: ignore[arg-type]

    def edit(status: str) -> None:
        workspace = Workspace.open(tmp_path)
        Editor(workspace, workspace.load_around("A-1")).update_status("A-1", status)

    monkeypatch.setattr(Workspace, "remember", remember)
    edit("done")
    assert read == []  # the index the edit was opened with, as it read it
    others_write = True
    edit("todo")
    assert len(read) == 1  # read again: it is not the file it was
    parsed = files_parsed(monkeypatch)
    warm = Workspace.open(tmp_path).load()
    assert parsed == []
    assert [(t.id, t.status) for t in warm.tickets] == [("A-1", "todo"), ("A-2", "in-progress")]
