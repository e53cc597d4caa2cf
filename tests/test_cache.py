"""The persistent index: unchanged files are not read again, and nothing stale is ever used."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Tix
from tix.errors import TixError
from tix.workspace import Workspace, cache
from tix.workspace.cache import RACY_NANOSECONDS, Index


def ticket(status: str = "todo", title: str = "First") -> str:
    return f"---\nid: C-1\ntitle: {title}\nstatus: {status}\n---\nBody text.\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "C-1.md").write_text(ticket())
    (tmp_path / "C-2.md").write_text("---\nid: C-2\nstatus: done\n---\n")
    return tmp_path


def files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files tix reads from now on, as they are read."""
    read: list[str] = []
    real = Workspace.read_document
    monkeypatch.setattr(
        Workspace,
        "read_document",
        lambda self, relpath, absolute=None: read.append(relpath) or real(self, relpath, absolute),
    )
    return read


def files_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The files tix parses from now on, as they are parsed."""
    parsed: list[str | None] = []
    real = Workspace.parse
    monkeypatch.setattr(
        Workspace, "parse", lambda self, doc: parsed.append(doc.path) or real(self, doc)
    )
    return parsed


def index_file(root: Path) -> Path:
    return root / ".tix" / "cache" / "index.bin"


def test_a_second_run_uses_the_index(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Workspace.open(workspace).load()
    assert index_file(workspace).is_file()
    assert (workspace / ".tix" / ".gitignore").read_text().endswith("*\n")
    parsed = files_parsed(monkeypatch)
    second = Workspace.open(workspace).load()
    assert parsed == []
    assert [t.summary() for t in second.tickets] == [t.summary() for t in first.tickets]
    assert second.with_bodies(second.tickets)[0].body == "Body text.\n"
    (workspace / "C-2.md").write_text("---\nid: C-2\nstatus: todo\n---\n")
    third = Workspace.open(workspace).load()
    assert parsed == ["C-2.md"]
    assert third.find("C-2").status == "todo"


def test_an_edit_with_the_same_size_in_the_same_second_is_seen(workspace: Path) -> None:
    path = workspace / "C-1.md"
    stat = path.stat()
    Workspace.open(workspace).load()
    path.write_text(ticket(status="done"))  # "todo" -> "done": same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same modification time
    assert path.stat().st_size == stat.st_size
    assert Workspace.open(workspace).load().find("C-1").status == "done"


def racily_clean(root: Path) -> list[str]:
    """The files the index of ``root`` counts racily clean (read on each load to be sure)."""
    index = Index.open(root, Workspace.open(root).config)
    assert index.entries
    return sorted(
        relpath
        for relpath, entry in index.entries.items()
        if entry.mtime_ns >= index.written_ns - RACY_NANOSECONDS
    )


def test_racily_clean_files_are_made_clean_once_their_time_is_past(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Workspace.open(workspace).load()  # indexed in the seconds the files were written
    assert racily_clean(workspace) == ["C-1.md", "C-2.md"]
    later = time.time_ns() + 10 * RACY_NANOSECONDS
    monkeypatch.setattr(cache.time, "time_ns", lambda: later)
    Workspace.open(workspace).load()  # reads them, finds them unchanged, writes the index
    assert racily_clean(workspace) == []
    assert Workspace.open(workspace).load().find("C-1").status == "todo"


def flip(data: bytes, at: int) -> bytes:
    """``data`` with one bit of byte ``at`` flipped (of its middle byte when ``at`` is not in
    it: ``data`` is not a file of pieces)."""
    at = at if 0 <= at < len(data) else len(data) // 2
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


DAMAGES = [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: data.replace(b"todo", b"done"),  # edited: the checksum no longer fits
    lambda data: b"not json at all",
    lambda data: b'{"format": "someone-else"}\n{}',
    lambda data: b"",
    lambda data: data.replace(b'"version":', b'"version":9, "x":'),
    lambda data: flip(data, 8),  # a bit of the first piece (the table)
    lambda data: flip(data, len(data) - 9 - int.from_bytes(data[-8:], "little")),  # the last
]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_index_is_ignored_and_rebuilt(
    workspace: Path, damage: Callable[[bytes], bytes]
) -> None:
    Workspace.open(workspace).load()
    index_file(workspace).write_bytes(damage(index_file(workspace).read_bytes()))
    assert Workspace.open(workspace).load_around("C-1") is None
    assert Index.open(workspace, Workspace.open(workspace).config).entries == {}
    catalog = Workspace.open(workspace).load()
    assert [(t.id, t.status) for t in catalog.tickets] == [("C-1", "todo"), ("C-2", "done")]
    assert catalog.problems == []
    assert Index.open(workspace, Workspace.open(workspace).config).entries  # rebuilt


def test_an_index_copied_from_another_folder_is_not_read(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    config = Workspace.open(workspace).config
    Workspace.open(workspace).load()
    assert Index.open(workspace, config).entries
    copy = tmp_path_factory.mktemp("elsewhere") / "copy"
    shutil.copytree(workspace, copy)  # .tix/cache/index.bin too, byte for byte
    assert Index.open(copy, config).entries == {}
    assert [t.id for t in Workspace.open(copy).load().tickets] == ["C-1", "C-2"]
    assert Index.open(copy, config).entries  # its own index, written by that load


def test_a_config_change_invalidates_the_index(workspace: Path) -> None:
    Workspace.open(workspace).load()
    (workspace / ".tix.yaml").write_text("status_aliases:\n  done: [todo-ish]\n")
    (workspace / "C-1.md").write_text(ticket(status="todo-ish"))
    assert Workspace.open(workspace).load().find("C-1").status == "done"


RICH_CONFIG = """\
tickets: "**/*.md"
statuses:
  - backlog
  - {key: doing, label: Doing it, emoji: "🔨", aliases: [wip], category: active, wip_limit: 3}
  - done
priorities: [1, 2]
milestones:
  - {key: M1, name: First, target: Week 1, epics: [E-1]}
board: {hide_empty: true, max_cards: 7}
fields: {depends_on: [waits_for]}
"""


def test_a_validated_config_is_kept_and_read_back_without_validating(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tix.model import Config

    config_file = workspace / ".tix.yaml"
    config_file.write_text(RICH_CONFIG)
    validated = Workspace.open(workspace).config
    assert (workspace / ".tix" / "cache" / "config.json").is_file()

    def not_again(data: object) -> Config:
        raise AssertionError("validated again")

    monkeypatch.setattr(Config, "from_mapping", not_again)
    kept = Workspace.open(workspace).config
    assert kept == validated and kept.declared == validated.declared
    assert kept.to_json() == validated.to_json()
    # Other bytes (the same size, at once) are validated again; so is anything with --no-cache.
    config_file.write_text(RICH_CONFIG.replace("max_cards: 7", "max_cards: 8"))
    with pytest.raises(AssertionError, match="validated again"):
        Workspace.open(workspace)
    config_file.write_text(RICH_CONFIG)
    with pytest.raises(AssertionError, match="validated again"):
        Workspace.open(workspace, use_cache=False)


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_kept_config_is_ignored(
    workspace: Path, damage: Callable[[bytes], bytes]
) -> None:
    (workspace / ".tix.yaml").write_text(RICH_CONFIG)
    validated = Workspace.open(workspace).config
    kept = workspace / ".tix" / "cache" / "config.json"
    kept.write_bytes(damage(kept.read_bytes()))
    assert Workspace.open(workspace).config.to_json() == validated.to_json()
    # A config kept for a file that is now invalid is not used: the error is reported.
    (workspace / ".tix.yaml").write_text(RICH_CONFIG.replace("max_cards: 7", "max_cards: -7"))
    with pytest.raises(TixError, match=r"board\.max_cards"):
        Workspace.open(workspace)


def test_grep_reads_the_kept_texts_of_unchanged_files(
    workspace: Path, tix: Tix, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tix("-C", workspace, "grep", "Body|status").stdout
    assert (workspace / ".tix" / "cache" / "text.bin").is_file()
    read = files_read(monkeypatch)
    assert tix("-C", workspace, "grep", "Body|status").stdout == first
    assert read == []
    # An edit that keeps the size and the modification time is still seen, and read.
    path = workspace / "C-1.md"
    stat = path.stat()
    path.write_text(ticket(title="Fixed"))  # "First" -> "Fixed": same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert tix("-C", workspace, "grep", "Fixed").stdout == "C-1.md:3:C-1: title: Fixed\n"
    assert read == ["C-1.md"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_kept_texts_are_ignored(
    workspace: Path, tix: Tix, damage: Callable[[bytes], bytes]
) -> None:
    first = tix("-C", workspace, "grep", "todo|done").stdout
    kept = workspace / ".tix" / "cache" / "text.bin"
    kept.write_bytes(damage(kept.read_bytes()))
    assert tix("-C", workspace, "grep", "todo|done").stdout == first
    assert first.count("\n") == 2


def test_a_legend_change_rereads_every_file(tmp_path: Path) -> None:
    (tmp_path / "T-1.md").write_text("# T-1: x\n\n**Status:** 🟣\n")
    assert Workspace.open(tmp_path).load().find("T-1").status == "🟣"
    (tmp_path / "README.md").write_text("## Legend\n- 🟣 Done\n")
    assert Workspace.open(tmp_path).load().find("T-1").status == "done"


def test_no_cache(workspace: Path, tix: Tix) -> None:
    (workspace / ".tix.yaml").write_text("board: {max_cards: 5}\n")
    result = tix("--no-cache", "-C", workspace, "list", "--json")
    assert len(json.loads(result.stdout)) == 2
    assert tix("--no-cache", "-C", workspace, "grep", "Body").stdout == "C-1.md:6:C-1: Body text.\n"
    assert not (workspace / ".tix").exists()  # no index, no kept config, no kept texts


def test_a_read_only_workspace_works_without_an_index(workspace: Path) -> None:
    workspace.chmod(0o555)
    try:
        assert len(Workspace.open(workspace).load().tickets) == 2
    finally:
        workspace.chmod(0o755)


def test_show_and_text_queries_read_bodies_back(workspace: Path, tix: Tix) -> None:
    tix("-C", workspace, "list")  # builds the index
    assert "Body text." in tix("-C", workspace, "show", "C-1").stdout
    assert tix("-C", workspace, "list", "body", "--format", "{id}").stdout == "C-1\n"
    assert (
        json.loads(tix("-C", workspace, "show", "C-1", "--json").stdout)["body"] == "Body text.\n"
    )


def test_edits_and_the_index_agree(workspace: Path, tix: Tix) -> None:
    tix("-C", workspace, "list")
    assert tix("-C", workspace, "update", "C-1", "in-progress").exit_code == 0
    assert (
        json.loads(tix("-C", workspace, "show", "C-1", "--json").stdout)["status"] == "in-progress"
    )
    assert tix("-C", workspace, "set", "C-1", "priority=P1").exit_code == 0
    assert tix("-C", workspace, "list", "priority:P1", "--format", "{id}").stdout == "C-1\n"


def test_every_ticket_field_survives_the_index() -> None:
    """The index stores a ticket as a row of its fields; each one must come back in its place
    (the body is read from the file on demand, and only the spans reads need are kept)."""
    from tix.dialects.base import FileResult
    from tix.model import TICKET_FIELDS, Criterion, Ticket
    from tix.workspace.cache import result_from_row, result_row

    values: dict[str, object] = {name: f"value of {name}" for name in TICKET_FIELDS}
    values.update(
        assignees=["ana", "bo"],
        labels=["api"],
        depends_on=["C-2"],
        depends_on_unresolved=["all earlier work"],
        points=3,
        line=7,
        aliases=["OLD-1"],
        criteria=[Criterion("works", True, 9, 120), Criterion("documented", False, 10, 140)],
        extra={"team": "core", "links": ["a", "b"]},
        body="",
        spans={"ticket": (0, 200), "status": (20, 24), "status.key": (12, 18)},
    )
    original = Ticket(**values)  # type: ignore[arg-type]
    stored = marshal.loads(marshal.dumps(result_row(FileResult([original], [], "frontmatter"))))
    restored = result_from_row(stored).tickets[0]
    for name in TICKET_FIELDS:
        if name != "spans":
            assert getattr(restored, name) == getattr(original, name), name
    assert restored.spans == {"ticket": (0, 200), "status": (20, 24)}
    assert all(isinstance(criterion, Criterion) for criterion in restored.criteria)
    # A ticket read from the index goes back into it as it came (another file changed).
    again = marshal.loads(marshal.dumps(result_row(FileResult([restored], [], "frontmatter"))))
    assert again == stored


def test_packed_spans_read_as_the_dict_they_were_made_from() -> None:
    from tix.workspace.cache import PackedSpans

    spans = {"ticket": (0, 70_000), "body": (40, 69_999), "status": (12, 16), "x.key": (1, 2)}
    packed = PackedSpans(*PackedSpans.pack(spans))
    assert "status" in packed and "x.key" not in packed and "missing" not in packed
    assert packed["body"] == (40, 69_999) and packed.get("missing") is None
    assert list(packed) == ["ticket", "body", "status"] and len(packed) == 3
    assert dict(packed.items()) == {k: v for k, v in spans.items() if k != "x.key"}
    assert packed == {k: v for k, v in spans.items() if k != "x.key"}
    with pytest.raises(KeyError):
        packed["x.key"]
    assert PackedSpans(*PackedSpans.pack({})) == {}


def test_a_mode_change_is_seen(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod keeps size and modification time but moves the change time: the file is read
    again (so one made unreadable is reported rather than served from the index)."""
    Workspace.open(workspace).load()
    read = files_read(monkeypatch)
    Workspace.open(workspace).load()
    assert read == []
    os.chmod(workspace / "C-1.md", 0o600)  # noqa: PTH101
    Workspace.open(workspace).load()
    assert read == ["C-1.md"]


LOCATED = {
    "lf.md": "---\nid: L-1\nstatus: done\ndepends_on: [L-2]\n---\n",
    "crlf.md": "---\r\nid: L-2\r\nstatus: doing\r\ndepends_on: [L-3, L-9]\r\n---\r\n",
    "bom.md": "\ufeff---\nid: L-3\ntitle: Café ☕ straße\nstatus: nope\n---\n",
    "cr.md": "# Épica\r\r## L-4: Old Mac\r**Status:** done\r**Depends on:** L-1, L-4\r",
    "epic.md": "# Epic\n\n## L-5: One\n\n**Status:** 🚧 doing\n**Depends:** L-6\n\n"
    "## L-6: Two — ünïcode\n\n**Status:** ✅ done\n**Depends:** L-5\n",
}


@pytest.mark.parametrize("corpus_folder", [None, "danube", "jira-roadmap", "cryptointel"])
def test_validate_locates_problems_from_the_index_as_from_the_files(
    tmp_path: Path,
    corpus_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    corpus_folder: str | None,
) -> None:
    from tix.validate import Validator
    from tix.vocabulary import PriorityVocabulary

    if corpus_folder is None:
        root = tmp_path / "located"
        root.mkdir()
        for name, text in LOCATED.items():
            (root / name).write_bytes(text.encode())
    else:
        root = corpus_copy(corpus_folder)

    def problems(use_cache: bool) -> list[tuple[str, int, int, str]]:
        workspace = Workspace.open(root)
        catalog = workspace.load(use_cache=use_cache)
        validator = Validator(
            catalog, workspace.knowledge.statuses, PriorityVocabulary(workspace.config.priorities)
        )
        return [(p.path, p.line, p.col, p.code) for p in validator.run()]

    from_files = problems(use_cache=False)
    assert from_files
    if corpus_folder is None:  # located at the values, not at the tickets' lines
        assert {(path, line, col) for path, line, col, _ in from_files} == {
            ("bom.md", 4, 9),
            ("cr.md", 5, 17),
            ("crlf.md", 3, 9),
            ("crlf.md", 4, 13),
            ("epic.md", 6, 14),
            ("epic.md", 10, 13),
            ("epic.md", 11, 14),  # the cycle L-5 -> L-6 -> L-5, at each of its tickets
            ("lf.md", 3, 9),
        }
    problems(use_cache=True)  # writes the index
    read = files_read(monkeypatch)
    assert problems(use_cache=True) == from_files
    assert read == []


def age(root: Path) -> None:
    """Make every file of ``root`` an hour old, as files are that were not just written: an
    index written now then counts none of them racily clean."""
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for path in root.rglob("*"):
        if path.is_file() and ".tix" not in path.parts:
            os.utime(path, ns=(an_hour_ago, an_hour_ago))


def whole_loads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each load from now on, whether it took the workspace whole from the index."""
    taken: list[bool] = []
    real = Workspace._load_unchanged

    def recording(self: Workspace, *arguments: Any) -> object:
        catalog = real(self, *arguments)
        taken.append(catalog is not None)
        return catalog

    monkeypatch.setattr(Workspace, "_load_unchanged", recording)
    return taken


def everything_loaded(root: Path, *, use_cache: bool = True) -> dict[str, object]:
    """What a load of ``root`` gives, in a form to compare: every ticket's fields (the body
    is read back), epics, problems, index documents, damage, legends, and where validate
    locates each problem."""
    from tix.validate import Validator
    from tix.vocabulary import PriorityVocabulary

    workspace = Workspace.open(root)
    catalog = workspace.load(use_cache=use_cache)
    problems = Validator(
        catalog, workspace.knowledge.statuses, PriorityVocabulary(workspace.config.priorities)
    ).run()
    return {
        "tickets": [t.values() for t in catalog.with_bodies(catalog.tickets)],
        "spans": [
            {name: t.spans[name] for name in ("ticket", "body", "status") if name in t.spans}
            for t in catalog.tickets
        ],
        "epics": [epic.to_json() for epic in catalog.epics],
        "load problems": [p.sort_key() for p in catalog.problems],
        "index documents": catalog.index_documents,
        "damage": catalog.damage,
        "legend files": workspace.legend_files,
        "statuses": workspace.knowledge.statuses.statuses,
        "validate": [(p.path, p.line, p.col, p.code, p.message) for p in problems],
    }


@pytest.mark.parametrize(
    "folder",
    ["danube", "jira-roadmap", "cryptointel", "nona-kronos", "mojibake", "support-tracker"],
)
def test_an_unchanged_workspace_is_taken_whole_as_it_reads_file_by_file(
    corpus_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    root = corpus_copy(folder)
    age(root)
    from_files = everything_loaded(root, use_cache=False)
    taken = whole_loads(monkeypatch)
    assert everything_loaded(root) == from_files  # reads every file, writes the index
    assert everything_loaded(root) == from_files  # reads none (but the bodies it shows)
    assert taken == [False, True]


def test_a_workspace_is_taken_whole_only_when_no_file_changed(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = whole_loads(monkeypatch)
    age(workspace)
    Workspace.open(workspace).load()
    assert Workspace.open(workspace).load().find("C-1").status == "todo"
    assert taken == [False, True]

    def changed_load() -> Workspace:
        age(workspace)  # the index then written takes every file as not racily clean
        return Workspace.open(workspace)

    (workspace / "C-1.md").write_text(ticket(status="done"))  # same size; the change time moves
    assert changed_load().load().find("C-1").status == "done"
    (workspace / "C-3.md").write_text("---\nid: C-3\nstatus: todo\n---\n")
    assert len(changed_load().load()) == 3
    (workspace / "C-3.md").unlink()
    assert len(changed_load().load()) == 2
    assert Workspace.open(workspace).load().find("C-1").status == "done"
    assert taken == [False, True, False, False, False, True]


def test_a_workspace_with_a_broken_or_racily_clean_file_is_never_taken_whole(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = whole_loads(monkeypatch)
    (workspace / "broken.md").write_text("---\nid: [unclosed\n---\n")
    age(workspace)
    for _ in range(2):  # the broken file is parsed (and reported) by every load
        assert [p.path for p in Workspace.open(workspace).load().problems] == ["broken.md"]
    (workspace / "broken.md").unlink()
    Workspace.open(workspace).load()  # writes the index; C-1 and C-2 are old
    (workspace / "C-2.md").write_text("---\nid: C-2\nstatus: todo\n---\n")  # just now
    Workspace.open(workspace).load()  # writes the index with C-2 racily clean
    assert racily_clean(workspace) == ["C-2.md"]
    assert Workspace.open(workspace).load().find("C-2").status == "todo"
    assert taken == [False, False, False, False, False]


@pytest.mark.parametrize("folder", ["danube", "nona-kronos", "cryptointel"])
def test_grep_takes_an_unchanged_workspace_whole_with_its_texts(
    corpus_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    root = corpus_copy(folder)
    age(root)

    def loaded(use_cache: bool) -> tuple[list[dict[str, object]], dict[str, str]]:
        catalog = Workspace.open(root).load(
            use_cache=use_cache,
            text_filter=lambda text: len(text) % 2 == 0,  # some files
        )
        return [t.values() for t in catalog.with_bodies(catalog.tickets)], {
            relpath: doc.text for relpath, doc in catalog.documents.items()
        }

    from_files = loaded(use_cache=False)
    assert from_files[0] and from_files[1]
    taken = whole_loads(monkeypatch)
    assert loaded(use_cache=True) == from_files  # reads every file, keeps the texts
    read = files_read(monkeypatch)
    assert loaded(use_cache=True) == from_files
    assert taken == [False, True]
    assert read == []
    (root / ".tix" / "cache" / "text.bin").unlink()  # the texts gone: file by file again
    assert loaded(use_cache=True) == from_files
    assert taken == [False, True, False]


def test_a_load_that_keeps_some_files_records_the_order_of_every_file(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tix grep`` keeps only the files where its pattern can match; the index it writes
    still says whether every file's tickets are in id order, so the next load sorts none."""
    import tix.catalog

    age(workspace)
    kept = Workspace.open(workspace).load(text_filter=lambda text: "C-2" in text)
    assert [t.id for t in kept.tickets] == ["C-2"]
    sorts: list[int] = []
    real = tix.catalog.natural_order

    def counted(tickets: Any) -> list[Any]:
        ordered = real(tickets)
        sorts.append(len(ordered))
        return ordered

    monkeypatch.setattr(tix.catalog, "natural_order", counted)
    taken = whole_loads(monkeypatch)
    assert [t.id for t in Workspace.open(workspace).load().tickets] == ["C-1", "C-2"]
    assert taken == [True]
    assert sorts == []


def kept_texts_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each search from now on, whether it took every ticket's text from the text cache."""
    from tix.workspace import TicketTexts

    taken: list[bool] = []
    real = Workspace.load_texts

    def recording(self: Workspace, **options: Any) -> object:
        loaded = real(self, **options)
        taken.append(isinstance(loaded, TicketTexts))
        return loaded

    monkeypatch.setattr(Workspace, "load_texts", recording)
    return taken


GREPS = [
    ["grep", "--json", "e"],
    ["grep", "-c", "-i", "status"],
    ["grep", "-l", "-w", "api"],
    ["grep", "-C", "1", "test"],
    ["grep", "^- \\[x\\]"],
    ["grep", "[0-9]+h"],
]


@pytest.mark.parametrize("folder", ["danube", "nona-kronos", "support-tracker", "jira-roadmap"])
def test_grep_of_every_ticket_from_the_kept_texts_finds_what_a_load_finds(
    tix: Tix, corpus_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    root = corpus_copy(folder)
    age(root)
    from_files = [tix("--no-cache", "-C", root, *words) for words in GREPS]
    assert sum(len(result.stdout) for result in from_files) > 200
    taken = kept_texts_taken(monkeypatch)
    first = [tix("-C", root, *words) for words in GREPS]  # keeps the texts
    again = [tix("-C", root, *words) for words in GREPS]
    assert first == from_files
    assert again == from_files
    assert taken[0] is False
    in_order = cache.TextCache(root, Workspace.open(root).config).in_natural_order
    assert taken[len(GREPS) :] == [in_order] * len(GREPS)


def test_grep_takes_the_kept_texts_only_while_no_file_changed(
    tix: Tix, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(workspace)
    taken = kept_texts_taken(monkeypatch)
    assert tix("-C", workspace, "grep", "-c", "First").stdout == "C-1.md:C-1:1\n"
    assert tix("-C", workspace, "grep", "-c", "First").stdout == "C-1.md:C-1:1\n"
    (workspace / "C-1.md").write_text(ticket(title="Other"))  # same size: the times move
    (workspace / "C-2.md").write_text("---\nid: C-2\ntitle: First\n---\n")
    age(workspace)
    assert tix("-C", workspace, "grep", "-c", "First").stdout == "C-2.md:C-2:1\n"
    (workspace / "C-3.md").write_text("---\nid: C-3\ntitle: First too\nstatus: done\n---\n")
    age(workspace)
    assert tix("-C", workspace, "grep", "-l", "First").stdout == "C-2\nC-3\n"
    assert tix("-C", workspace, "grep", "-l", "First").stdout == "C-2\nC-3\n"
    assert tix("-C", workspace, "grep", "-l", "First", "status:done").stdout == "C-3\n"
    assert taken == [False, True, False, False, True]


def index_header(root: Path) -> dict[str, Any]:
    found = cache._read_pieces(root / ".tix" / "cache" / "index.bin", {})
    assert found is not None
    return found[0]


def test_an_edit_carries_the_whole_workspace_forward(
    tix: Tix, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit whose load found the workspace as the index's header knew it leaves the header
    knowing the workspace with the edited file: the next commands still take it whole (and
    check the edited file's digest), and answer as a load from the files does."""
    age(workspace)
    Workspace.open(workspace).load()  # writes the index, whole
    taken = whole_loads(monkeypatch)
    for status in ("done", "todo", "blocked"):
        assert tix("-C", workspace, "update", "C-1", status, "--force").exit_code == 0
        assert Workspace.open(workspace).load().find("C-1").status == status
        assert everything_loaded(workspace) == everything_loaded(workspace, use_cache=False)
    assert all(taken) and len(taken) == 6
    assert [relpath for relpath, _ in index_header(workspace)["unchanged"]["verify"]] == ["C-1.md"]


def test_a_file_tix_wrote_is_checked_by_its_digest_while_the_key_holds(
    tix: Tix, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a file's times do not show a change made in the same clock tick, the key cannot
    tell a file tix just wrote from the same file changed right after: each load checks the
    digest the header keeps of it. (Times cannot be faked here, so the digest is.)"""
    age(workspace)
    Workspace.open(workspace).load()
    assert tix("-C", workspace, "update", "C-1", "done").exit_code == 0
    taken = whole_loads(monkeypatch)
    assert Workspace.open(workspace).load().find("C-1").status == "done"
    path = workspace / ".tix" / "cache" / "index.bin"
    found = cache._read_pieces(path, {})
    assert found is not None
    header, pieces = found
    [(relpath, file_digest)] = header["unchanged"]["verify"]
    assert (relpath, file_digest) == ("C-1.md", cache.digest((workspace / relpath).read_bytes()))
    header["unchanged"]["verify"] = [[relpath, cache.digest(b"what it held before")]]
    cache._write_pieces(path, header, (pieces.raw(number) for number in range(len(pieces))))
    assert Workspace.open(workspace).load().find("C-1").status == "done"
    assert taken == [True, False]


def test_an_edit_that_changes_what_a_file_holds_drops_the_whole_workspace(
    tix: Tix, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(workspace)
    Workspace.open(workspace).load()
    assert tix("-C", workspace, "update", "C-1", "done").exit_code == 0
    assert "unchanged" in index_header(workspace)
    (workspace / "C-2.md").write_text("---\nid: C-2\nstatus: todo\n---\n")  # behind tix's back
    assert tix("-C", workspace, "update", "C-1", "todo").exit_code == 0  # its load compared
    assert "unchanged" not in index_header(workspace)
    assert everything_loaded(workspace) == everything_loaded(workspace, use_cache=False)


def test_the_files_tix_wrote_are_checked_until_there_are_too_many(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_VERIFIED_FILES", 3)
    for number in range(1, 6):
        (tmp_path / f"A-{number}.md").write_text(f"---\nid: A-{number}\nstatus: todo\n---\n")
    age(tmp_path)
    Workspace.open(tmp_path).load()
    for number in range(1, 4):
        assert tix("-C", tmp_path, "update", f"A-{number}", "done").exit_code == 0
        assert len(index_header(tmp_path)["unchanged"]["verify"]) == number
    assert tix("-C", tmp_path, "update", "A-4", "done").exit_code == 0
    assert "unchanged" not in index_header(tmp_path)
    assert [t.status for t in Workspace.open(tmp_path).load().tickets] == ["done"] * 4 + ["todo"]


def test_the_whole_workspace_is_carried_forward_only_while_its_files_keep_their_ids(
    tmp_path: Path,
) -> None:
    path = tmp_path / "A-1.md"
    path.write_text("x")
    stat = path.stat()
    times = cache.size_and_times(stat)
    as_found = cache.FilesKey(["A-1.md", "A-2.md"], [(0, 0, 0), (1, 2, 3)])
    unchanged = {"files": as_found.hexdigest, "verify": [], "in_natural_order": True}
    shape = ("frontmatter", False, ("A-1",), (), (("todo", "todo"),))
    moved = ("frontmatter", False, ("A-1",), (), (("done", "done"),))
    carried = cache._carried_forward(unchanged, as_found, "A-1.md", stat, "d", shape, moved)
    assert carried is not None
    assert carried["verify"] == [["A-1.md", "d"]] and carried["in_natural_order"] is True
    assert carried["files"] == cache.files_key(["A-1.md", "A-2.md"], [times, (1, 2, 3)])
    renamed = ("frontmatter", False, ("A-9",), (), (("todo", "todo"),))
    assert cache._carried_forward(unchanged, as_found, "A-1.md", stat, "d", shape, renamed) is None
    other_key = cache.FilesKey(["A-1.md", "A-2.md"], [(0, 0, 0), (1, 2, 4)])
    assert cache._carried_forward(unchanged, other_key, "A-1.md", stat, "d", shape, moved) is None
    assert cache._carried_forward(unchanged, as_found, "A-3.md", stat, "d", shape, moved) is None
    assert cache._carried_forward(None, as_found, "A-1.md", stat, "d", shape, moved) is None


def test_an_edit_after_a_load_of_racily_clean_files_tells_the_header_the_whole_workspace(
    tix: Tix, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files written just before the index (a checkout, then tix at once) keep its header
    from knowing the whole workspace; an edit whose load found every file as the table knows
    it (checking those by digest) tells the header, listing them to be checked."""
    Workspace.open(workspace).load()  # the files were just written: racily clean
    assert "unchanged" not in index_header(workspace)
    assert tix("-C", workspace, "update", "C-1", "done").exit_code == 0
    verify = index_header(workspace)["unchanged"]["verify"]
    assert sorted(relpath for relpath, _ in verify) == ["C-1.md", "C-2.md"]
    taken = whole_loads(monkeypatch)
    assert Workspace.open(workspace).load().find("C-1").status == "done"
    assert tix("-C", workspace, "update", "C-2", "todo").exit_code == 0
    assert everything_loaded(workspace) == everything_loaded(workspace, use_cache=False)
    (workspace / "C-2.md").write_text("---\nid: C-2\nstatus: done\n---\n")  # by hand, again
    assert Workspace.open(workspace).load().find("C-2").status == "done"
    assert taken == [True, True, False]


def test_grep_reports_a_broken_file_every_time(
    tix: Tix, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "broken.md").write_text("---\nid: [unclosed\n---\nFirst\n")
    age(workspace)
    taken = kept_texts_taken(monkeypatch)
    for _ in range(2):
        result = tix("-C", workspace, "grep", "-c", "First")
        assert result.stdout == "C-1.md:C-1:1\n"
        assert "broken.md" in result.stderr
    assert taken == [False, False]


def test_two_writes_after_one_load_leave_the_header_not_knowing_the_whole_workspace(
    workspace: Path,
) -> None:
    """An edit of several files: the first write's load found the files as they were, the
    second's did not (the first changed one)."""
    Workspace.open(workspace).load()  # just written: racily clean, the header knows nothing
    loaded = Workspace.open(workspace)
    assert loaded.load_around("C-1") is not None  # compares every file; none changed
    for relpath, text in (
        ("C-1.md", ticket(status="done")),
        ("C-2.md", "---\nid: C-2\nstatus: todo\n---\n"),
    ):
        (workspace / relpath).write_text(text)
        doc = loaded.read_document(relpath)
        assert loaded.remember(relpath, doc, loaded.parse(doc))
        if relpath == "C-1.md":
            assert "unchanged" in index_header(workspace)
    assert "unchanged" not in index_header(workspace)
    assert everything_loaded(workspace) == everything_loaded(workspace, use_cache=False)
