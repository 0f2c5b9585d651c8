"""Output folders that change all at once or not at all.

A build writes into a staging folder beside the output folder, then swaps the
two with one `renameat2(RENAME_EXCHANGE)` call: whoever looks at out/ (a
reader, a web server, a build killed with SIGKILL half-way) sees either the
whole previous build or the whole new one, never a mix. Where the kernel or
filesystem cannot exchange (not Linux, out/ a mount point, ...), each file is
renamed into place instead and the manifest is renamed last, so every file is
still whole and the manifest tells which build they belong to.

out/.papergraph.json is that manifest: each output file and its sha256.
Only a folder that holds nothing but papergraph's own files is swapped; in a
folder that also holds other things (`--out ~/Documents`, files you added to
out/) files are replaced one by one and nothing else is touched.

A staging folder left by a killed build is removed by the next build; a
running build holds a lock on its own so that a parallel build leaves it be.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

MANIFEST = ".papergraph.json"
STAGING_MARK = ".papergraph-staging-"
# Files a papergraph build writes; a folder holding only these may be swapped.
OWN_NAMES = {MANIFEST, ".cache", "report.json", "changes.json"}

_CRITICAL_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary name beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- test seam ------------------------------------------------------------------

def checkpoint(name: str) -> None:
    """A named point of the build where tests stop it: PAPERGRAPH_PAUSE_AT=name[:seconds].

    The kill tests need to interrupt a build at exact moments, including the
    few milliseconds of the swap; a timer cannot aim that well. The build
    says where it waits, then waits (for ever, or the seconds given). Unset,
    this costs one dictionary lookup.
    """
    wanted = os.environ.get("PAPERGRAPH_PAUSE_AT")
    if not wanted or wanted.split(":")[0] != name:
        return
    print(f"papergraph: paused at {name}", file=sys.stderr, flush=True)
    seconds = float(wanted.split(":")[1]) if ":" in wanted else None
    deadline = time.monotonic() + (seconds if seconds is not None else 10**9)
    while time.monotonic() < deadline:
        time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))


# -- the kernel's atomic exchange -------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _signals_held():
    """Hold Ctrl-C and polite kills for the few calls that must run together.

    Handlers, not a signal mask: a mask covers one thread, and the kernel
    hands a signal to any thread that does not block it (numerical libraries
    start their own). A signal that arrives meanwhile is delivered afterwards.
    """
    arrived: list[int] = []
    previous = {}
    try:
        for sig in _CRITICAL_SIGNALS:
            previous[sig] = signal.signal(sig, lambda signum, _frame: arrived.append(signum))
    except ValueError:  # not the main thread: signals do not reach us here anyway
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(arrived):
            signal.raise_signal(sig)


# -- the staged output folder -------------------------------------------------------

def read_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}
    except (OSError, ValueError):
        return {}


def verify(folder: Path) -> list[str]:
    """Problems with a finished output folder: files missing or not as the manifest says."""
    manifest = read_manifest(folder)
    if not manifest:
        return [f"{folder}: no readable {MANIFEST}"]
    problems = []
    for name, digest in sorted(manifest["files"].items()):
        try:
            actual = "sha256:" + hashlib.sha256((folder / name).read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(f"{folder / name}: {exc.strerror}")
            continue
        if actual != digest:
            problems.append(f"{folder / name}: not the file the manifest lists")
    return problems


class StagedOutput:
    """Collect a build's files, then publish them into `target` at once.

        with StagedOutput(Path("out")) as stage:
            stage.write("graph.json", data)
            stage.commit(version="0.1.0")
        # leaving the block without commit() (an error, Ctrl-C) drops the stage

    `stage.path` is the staging folder; other writers (a cache) may put
    files under it directly before `commit`.
    """

    def __init__(self, target: Path, own_names: Iterable[str] = ()):
        self.own_names = _top_level(own_names)  # every file a build may write (all formats)
        self.requested = Path(target)
        self.target = Path(os.path.realpath(target))  # a symlinked out/ keeps its link
        self.path: Path | None = None
        self.written: dict[str, str] = {}  # name -> sha256
        self._lock_fd: int | None = None
        self._inside = False  # staging inside target (its parent is read-only): no swap
        self.swapped = False  # the new folder is in place (by the atomic swap)
        self.committed = False  # the new files are in place (either way)

    # lifecycle
    def __enter__(self) -> "StagedOutput":
        if self.target.exists() and not self.target.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(self.requested))
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(self.target)
        prefix = f".{self.target.name}{STAGING_MARK}"
        try:
            self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        except PermissionError:  # out/ is ours but its parent is not: stage inside, replace file by file
            self.target.mkdir(exist_ok=True)
            sweep_stale(self.target / "x")
            self.path = Path(tempfile.mkdtemp(prefix=".x" + STAGING_MARK, dir=self.target))
            self._inside = True
        self._lock_fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return self

    def __exit__(self, *exc) -> None:
        if self.path is not None and self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def write(self, name: str, data: bytes) -> None:
        assert self.path is not None
        write_atomically(self.path / name, data)
        self.written[name] = "sha256:" + hashlib.sha256(data).hexdigest()

    def adopt(self, name: str, digest: str) -> None:
        """A file someone else wrote into `self.path` (whole, durable) joins the
        outputs; `digest` is its "sha256:<hex>"."""
        assert self.path is not None and (self.path / name).is_file() and digest.startswith("sha256:")
        self.written[name] = digest

    # publishing
    def commit(self, version: str = "") -> None:
        assert self.path is not None and not self.committed
        manifest = {"papergraph": version, "files": dict(sorted(self.written.items()))}
        write_atomically(self.path / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
        checkpoint("staged")
        if not self._inside and self._swappable():
            os.chmod(self.path, self._folder_mode())
            _fsync_dir(self.path)
            with _signals_held():
                checkpoint("swapping")
                if not self.target.exists():
                    os.rename(self.path, self.target)
                    self.swapped = True
                    self.path = None  # nothing of an earlier build to remove
                elif _exchange(self.path, self.target):
                    self.swapped = True
                self.committed = self.swapped
            if self.swapped:
                _fsync_dir(self.target.parent)
                checkpoint("swapped")
                return  # __exit__ removes the previous build, now at self.path
        self._replace_file_by_file()
        self.committed = True

    def _swappable(self) -> bool:
        """Swap only a folder of papergraph's own files: nothing else can be lost."""
        if not self.target.exists():
            return True
        if os.path.ismount(self.target):
            return False
        try:
            names = set(os.listdir(self.target))
        except OSError:
            return False
        previous = read_manifest(self.target).get("files", {})
        ours = OWN_NAMES | self.own_names | _top_level(self.written) | _top_level(previous)
        return names <= ours

    def _folder_mode(self) -> int:
        try:
            return self.target.stat().st_mode & 0o7777
        except OSError:
            return 0o777 & ~_umask()

    def _replace_file_by_file(self) -> None:
        """No atomic swap here: each file goes into place whole, the manifest last."""
        self.target.mkdir(parents=True, exist_ok=True)
        checkpoint("replacing")
        for name in sorted(self.written):
            write_atomically(self.target / name, (self.path / name).read_bytes())
        cache_new, cache_old = self.path / ".cache", self.target / ".cache"
        if cache_new.exists():
            # the cache is an accelerator: losing it to a kill costs time, never correctness
            shutil.rmtree(cache_old, ignore_errors=True)
            shutil.move(cache_new, cache_old)
        write_atomically(self.target / MANIFEST, (self.path / MANIFEST).read_bytes())
        _fsync_dir(self.target)


def _top_level(names) -> set[str]:
    return {n.split("/", 1)[0] for n in names}


def sweep_stale(target: Path) -> None:
    """Remove staging folders of builds that were killed (unlocked ones only)."""
    parent, prefix = target.parent, f".{target.name}{STAGING_MARK}"
    try:
        entries = [e for e in os.scandir(parent) if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for entry in entries:
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a build is running there
        try:
            shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            os.close(fd)
