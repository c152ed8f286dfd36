"""One writing command at a time in a project tree.

`edition build`, `edition serve` (its hook regenerates the Markdown), `edition clean-build` and
`edition bench` write the generated pages, site/ and build/; two of them at once in the same tree
would write over each other's files.  Each takes an exclusive, non-blocking `flock` on
`build/.lock` for as long as it runs; a second one stops at once with a clear message.

The kernel releases a `flock` when the process ends, however it ends (Ctrl-C, a crash, `kill -9`),
so a lock can never be left behind: there is nothing to clean up by hand.  The file itself stays
(removing it would let a third process lock a new file while the second still holds the old one);
it holds the pid and the command of the holder, for the message.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from edition.errors import EditionError, Problem

LOCK = Path("build/.lock")

# A filesystem without locks (some network mounts): build without one rather than not at all.
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP}


def _holder(fd: int) -> tuple[str, str | None]:
    """(pid, command) written by the process that holds the lock; '?' and None when unreadable."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        words = os.read(fd, 200).decode("utf-8", "replace").split()
    except OSError:
        words = []
    pid = words[0] if words and words[0].isdigit() else "?"
    command = words[1] if len(words) > 1 and words[1].replace("-", "").isalpha() else None
    return pid, command


def busy_problem(pid: str, command: str | None) -> Problem:
    what = f"er loopt al een build in deze map (pid {pid}); wacht tot die klaar is."
    if command == "serve":
        fix = (f"Het is `edition serve` (pid {pid}): stop die met Ctrl-C in het venster waarin hij draait, "
               "of werk in een andere kopie van het project.")
    else:
        running = f"`edition {command}`" if command else "dat proces"
        fix = (f"Wacht tot {running} (pid {pid}) klaar is en voer het commando dan opnieuw uit. "
               "Een slot blijft nooit achter: het verdwijnt vanzelf als dat proces stopt.")
    return Problem(str(LOCK), what, fix)


@contextmanager
def build_lock(root: Path, command: str):
    """Hold the tree's build lock while the block runs; EditionError when another process has it."""
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise EditionError(busy_problem(*_holder(fd))) from None
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                raise
            print(f"edition {command}: let op: dit bestandssysteem kent geen bestandssloten; "
                  "start niet twee builds tegelijk in deze map.", file=sys.stderr)
        else:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {command}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock
