"""Writing files safely: never a half-written file, whatever happens mid-write.

``atomic_write`` writes the new bytes to a temporary file in the same folder, flushes them
to disk, gives the file the old file's permissions, and renames it over the target in one
step (``os.replace``). A reader sees the old content or the new one, never a mix; a crash
leaves at most a ``.tix-*.tmp`` file behind, which is removed when the write fails.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its mode when it exists."""
    folder = path.parent
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, name = tempfile.mkstemp(prefix=".tix-", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode if mode is not None else 0o666 & ~_umask())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where supported
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
