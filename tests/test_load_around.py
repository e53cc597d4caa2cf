"""``Workspace.load_around``: a command about one ticket reads only the files it needs from the
index, and answers exactly as a command that loads every ticket."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Copy, Tix
from tix.catalog import Catalog
from tix.edit.operations import Editor
from tix.errors import TixError
from tix.workspace import Workspace

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


@pytest.mark.parametrize("folder", CORPUS_FOLDERS)
def test_every_reference_finds_what_the_whole_catalog_finds(corpus_copy: Copy, folder: str) -> None:
    root = corpus_copy(folder)
    whole = Workspace.open(root).load()
    references = {t.id for t in whole.tickets}
    references |= {t.id.lower() for t in whole.tickets}
    references |= {alias for t in whole.tickets for alias in t.aliases}
    references |= {t.path for t in whole.tickets} | {t.location for t in whole.tickets}
    for reference in sorted(references):
        around = Workspace.open(root).load_around(reference)
        assert around is not None, reference
        assert found(around, reference) == found(whole, reference), reference


@pytest.mark.parametrize("folder", CORPUS_FOLDERS)
def test_dependencies_and_status_forms_are_those_of_the_whole_workspace(
    corpus_copy: Copy, folder: str
) -> None:
    root = corpus_copy(folder)
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


def test_it_reads_only_the_files_it_needs(tmp_path: Path) -> None:
    for number in range(1, 1201):
        depends = f"\ndepends_on: [A-{number - 1}]" if number > 1 else ""
        (tmp_path / f"A-{number}.md").write_text(
            f"---\nid: A-{number}\ntitle: T{number}\nstatus: todo{depends}\n---\n"
        )
    both(tmp_path, "A-700")
    around = Workspace.open(tmp_path).load_around("a-700")
    assert around is not None
    assert sorted(t.id for t in around.tickets) == ["A-699", "A-700"]
    assert around.find("A-700").depends_on == ["A-699"]
    assert around.status_census == {("frontmatter", "todo", "todo"): 1200}


def test_anything_the_index_does_not_know_loads_the_whole_workspace(tmp_path: Path) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    (tmp_path / "A-2.md").write_text("---\nid: A-2\nstatus: todo\n---\n")
    assert Workspace.open(tmp_path).load_around("A-1") is None  # no index yet
    Workspace.open(tmp_path).load()
    assert Workspace.open(tmp_path).load_around("A-1") is not None
    assert Workspace.open(tmp_path).load_around("A-3") is None  # load() suggests what is close
    (tmp_path / "A-3.md").write_text("---\nid: A-3\nstatus: todo\n---\n")  # a new file
    assert Workspace.open(tmp_path).load_around("A-1") is None
    Workspace.open(tmp_path).load()
    (tmp_path / "A-3.md").unlink()  # a file gone
    assert Workspace.open(tmp_path).load_around("A-1") is None
    Workspace.open(tmp_path).load()
    path = tmp_path / "A-2.md"
    stat = path.stat()
    path.write_text("---\nid: A-2\nstatus: done\n---\n")  # same size, same time
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert Workspace.open(tmp_path).load_around("A-1") is None
    Workspace.open(tmp_path).load()
    path.write_text("---\nid: A-2\nstatus: [broken\n---\n")
    Workspace.open(tmp_path).load()
    assert Workspace.open(tmp_path).load_around("A-1") is None  # a broken file is reported


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
