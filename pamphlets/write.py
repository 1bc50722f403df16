"""Stage 7, write: put bytes in place atomically, so a failed build never leaves half a file.

Every file the tool writes goes through here, so this is also where ordinary file-system trouble (a full disk, a
folder the user may not write to, a folder where a file should be) becomes one line that says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import PamphletsError

MAX_NAME = 64  # characters in a kit (folder) name: far below every file system's limit, even with a suffix


def is_plain_name(name: str) -> bool:
    """True for a name that can only mean a file or folder directly inside another: no path, nothing hidden.

    Letters and digits (any alphabet), '-', '_' and '.', not starting with '.' (so never '..' or a hidden file).
    """
    return (0 < len(name) <= MAX_NAME and not name.startswith(".")
            and all(ch.isalnum() or ch in "-_." for ch in name))


def is_file_name(name: object) -> bool:
    """True for a name a build may write inside its output folder (a document's file, read back from the cache)."""
    return (isinstance(name, str) and 0 < len(name) <= 200 and not name.startswith(".")
            and "/" not in name and "\\" not in name and name.isprintable())


def inside(folder: Path, name: str) -> Path:
    """folder/name, after making sure that name cannot point anywhere but directly inside folder."""
    if not is_file_name(name):
        raise PamphletsError(f"{shown(name)} is not a plain file name, so it could land outside {folder}; nothing "
                             "was written for it: rename the topic, format, size or language it is made from")
    return folder / name


def shown(text: str) -> str:
    """Text from a user's file or a cache, quoted, with control and invisible characters escaped (never raw)."""
    if text.isprintable():
        return f"'{text}'"
    return "'" + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text) + "'"


def nearest_folder(path: Path) -> Path:
    """The closest existing folder at or above path (the one whose permissions decide whether path can be made)."""
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return candidate
    return Path(".")


def _blocking_file(path: Path) -> Path | None:
    """The first part of path that exists but is not a folder (so nothing can be created below it)."""
    for candidate in reversed((path, *path.parents)):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return None


def io_error(verb: str, path: Path, exc: OSError, *, elsewhere: str = "choose another folder") -> PamphletsError:
    """One line for a failed file operation: what could not be done to which path, why, and what to do."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "the disk is full; free some space, then try again"
    elif code in (errno.EACCES, errno.EPERM):
        reason = f"permission denied; make {nearest_folder(path.parent)} writable, or {elsewhere}"
    elif code == errno.EROFS:
        reason = f"the disk is read-only; {elsewhere}"
    elif code == errno.EISDIR:
        reason = "a folder is in the way; move or rename it, then try again"
    elif code in (errno.ENOTDIR, errno.EEXIST) and (blocker := _blocking_file(path.parent)) is not None:
        reason = f"{blocker} is a file, not a folder; move it, or {elsewhere}"
    elif code == errno.ENAMETOOLONG:
        reason = "the name is too long for this disk; use a shorter name or folder"
    else:
        reason = f"{(exc.strerror or str(exc)).lower()}; check the folder, then try again"
    return PamphletsError(f"cannot {verb} {path}: {reason}")


def _fill(f: BinaryIO, data: bytes) -> None:
    """Write every byte and push it to the disk (its own function so tests can simulate a full disk)."""
    f.write(data)
    f.flush()
    os.fsync(f.fileno())


def write_atomic(path: Path, data: bytes, *, elsewhere: str = "choose another output folder with -o") -> None:
    """Write data to a temporary file beside path, then rename it over path; trouble is a one-line error."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            _fill(f, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:  # never leave a half-written temporary file behind, whatever stopped us
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise io_error("write", path, exc, elsewhere=elsewhere) from None
        raise
