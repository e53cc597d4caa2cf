"""Writing files safely: never a half-written file, never a lost update.

``atomic_write`` writes the new bytes to a temporary file in the same folder, flushes them
to disk, gives the file the old file's permissions, and renames it over the target in one
step (``os.replace``). A reader sees the old content or the new one, never a mix; a crash
leaves at most a ``.tix-*.tmp`` file behind, which is removed when the write fails.

``file_lock`` serialises tix processes editing the same file, and ``replace_if_unchanged``
refuses to overwrite a file that changed since it was read, so concurrent edits of different
tickets in one file all land.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from tix.errors import TixError


def atomic_write(
    path: Path, data: bytes | Iterable[bytes | memoryview], *, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` (bytes, or pieces of it written one after the other as
    they come) atomically, keeping its mode when it exists. ``durable=False`` skips flushing
    it to the disk, for files that prove themselves whole when read (tix's cache): a crash
    may then leave a damaged one, which is ignored and rebuilt, never half of one."""
    folder = path.parent
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    import tempfile  # here: only writing commands need it (it loads random and hashlib)

    handle, name = tempfile.mkstemp(prefix=".tix-", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        temporary.chmod(mode if mode is not None else 0o666 & ~_umask())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if not durable:
        return
    with contextlib.suppress(OSError):  # make the rename itself durable where supported
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else os.environ.get("USERNAME", "user")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class FileChangedError(Exception):
    """The file changed on disk between reading it and writing it back."""


def writable(path: Path) -> bool:
    """Writable, and not write-protected on purpose (no write bit at all, even for root):
    tix writes no file its owner made read-only."""
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def replace_if_unchanged(path: Path, expected: bytes, data: bytes) -> None:
    """``atomic_write`` ``data`` to ``path``, unless its content is no longer ``expected``.

    Callers hold the file's lock, so other tix processes wait; the check catches an editor
    or another program that wrote the file meanwhile.
    """
    if path.read_bytes() != expected:
        raise FileChangedError(str(path))
    atomic_write(path, data)


def remove_if_unchanged(path: Path, expected: bytes) -> None:
    """Remove ``path``, unless its content is no longer ``expected`` (under its lock, like
    ``replace_if_unchanged``)."""
    if path.read_bytes() != expected:
        raise FileChangedError(str(path))
    path.unlink()


@contextlib.contextmanager
def file_lock(root: Path, relpath: str, timeout: float = 30.0) -> Iterator[None]:
    """Hold the lock for one file while editing it.

    The lock is a separate file in the system's temporary folder, named after the file's
    absolute path, and never replaced, so it keeps excluding other tix processes across the
    atomic renames of the file it guards, and leaves nothing in the workspace.
    """
    import tempfile

    from tix.workspace.cache import digest  # BLAKE2, loaded already: hashlib loads OpenSSL

    folder = Path(tempfile.gettempdir()) / f"tix-locks-{_user()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    target = str((root / relpath).resolve())
    name = digest(target.encode("utf-8", "surrogateescape")) + ".lock"
    descriptor = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(descriptor, timeout, relpath)
        yield
    finally:
        _release(descriptor)
        os.close(descriptor)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _acquire(descriptor: int, timeout: float, relpath: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise _busy(relpath) from None
                time.sleep(0.05)

    def _release(descriptor: int) -> None:
        with contextlib.suppress(OSError):
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(descriptor: int, timeout: float, relpath: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise _busy(relpath) from None
                time.sleep(0.01)

    def _release(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def _busy(relpath: str) -> TixError:
    return TixError(
        "another tix process has been editing this file for too long",
        path=relpath,
        hint="try again; if it persists, check for a stuck tix process",
    )
