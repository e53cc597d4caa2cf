"""A write that fails at any step leaves the old file or the new one, never a mix, and no
temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tix.edit.operations import Editor
from tix.workspace import Workspace, files

OLD = "---\nid: W-1\nstatus: todo\n---\nbody\n"


class Boom(Exception):
    pass


def fail(*args: object, **kwargs: object) -> None:
    raise Boom


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_failing_before_the_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "W-1.md"
    path.write_text(OLD)
    if step == "write":
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, *args: object, **kwargs: object) -> None:
                self.stream = real_fdopen(*args, **kwargs)  # type: ignore[call-overload]

            def __enter__(self) -> Broken:
                return self

            def __exit__(self, *exc: object) -> None:
                self.stream.close()

            def write(self, data: bytes) -> None:
                self.stream.write(data[: len(data) // 2])
                raise Boom

        monkeypatch.setattr(files.os, "fdopen", Broken)
    elif step == "fsync":
        monkeypatch.setattr(files.os, "fsync", fail)
    elif step == "chmod":
        monkeypatch.setattr(Path, "chmod", fail)
    else:
        monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(Boom):
        Editor(Workspace.open(tmp_path)).update_status("W-1", "done")
    assert path.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".tix") == ["W-1.md"]


def test_failing_after_the_rename_keeps_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "W-1.md"
    path.write_text(OLD)
    real_open = os.open

    def no_directory_sync(target: object, flags: int, *args: object) -> int:
        if flags == os.O_RDONLY and Path(str(target)) == tmp_path:
            raise OSError("directory fsync not supported here")
        return real_open(target, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", no_directory_sync)
    Editor(Workspace.open(tmp_path)).update_status("W-1", "done")
    assert path.read_text() == OLD.replace("todo", "done")
    assert not list(tmp_path.glob(".tix-*.tmp"))


def test_a_leftover_temporary_file_is_not_a_ticket(tmp_path: Path) -> None:
    (tmp_path / "W-1.md").write_text(OLD)
    (tmp_path / ".tix-abc123.tmp").write_text(OLD.replace("W-1", "W-2"))  # from a killed process
    assert [t.id for t in Workspace.open(tmp_path).load().tickets] == ["W-1"]
