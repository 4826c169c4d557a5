"""Reading an input file only if it is a regular file inside the program folder, up to a size.

A path in ``program.yaml`` is relative to the program folder; its resolved location (links
followed) must lie inside that folder, so ``file: /etc/passwd``, ``../other-client/hr.csv`` or
a link to another client's folder is refused without opening it. Devices, pipes and folders are
refused (a link to ``/dev/zero`` would read forever, a FIFO would hang), and so is a file over
the size limit. Imports nothing from the rest of the workbench (``config_yaml`` uses it).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 200 * 2 ** 20       # a client table: 200 MB
MAX_CONFIG_BYTES = 1 * 2 ** 20       # program.yaml: 1 MB


class Refused(Exception):
    """Why a file is not read: ``what`` and ``fix`` (plain words); ``missing`` if absent."""

    def __init__(self, what: str, fix: str, missing: bool = False):
        super().__init__(what)
        self.what, self.fix, self.missing = what, fix, missing


def _size(n: int) -> str:
    if n >= 2 ** 20:
        return f"{n / 2 ** 20:.0f} MB"
    return f"{n / 2 ** 10:.0f} KB" if n >= 2 ** 10 else f"{n} bytes"


def resolve_inside(folder: Path, name: str) -> Path:
    """The resolved path of ``name`` inside ``folder``; :class:`Refused` if it points outside."""
    if not str(name).strip():
        raise Refused("no file named (the file name is empty)",
                      "write the name of the client's file, e.g. hr.csv")
    folder = Path(folder).resolve()
    given = Path(name)
    target = (folder / given).resolve()
    if given.is_absolute() or not target.is_relative_to(folder):
        link = "" if given.is_absolute() or ".." in given.parts else " (it is a link)"
        raise Refused(f"{name!r} is outside the program folder{link}; it was not read",
                      "copy the file into the program folder and write its name relative to it, e.g. hr.csv")
    return target


def read_inside(folder: Path, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``name`` (relative to ``folder``) or :class:`Refused` saying why not."""
    target = resolve_inside(folder, name)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise Refused("file not found", "", missing=True) from None
    except OSError as e:
        raise Refused(f"the file cannot be opened ({e.strerror})",
                      "check that the file is readable and not open in another program") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise Refused(f"{name!r} is a folder, not a file", "write the name of the file inside it")
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"{name!r} is not a regular file (a device, a pipe or a socket); it was not read",
                          "save the client's export as an ordinary file in the program folder")
        if st.st_size > limit:
            raise Refused(f"the file is {_size(st.st_size)}, over the limit of {_size(limit)}",
                          "export only the rows and columns the program needs")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:   # grew while being read
                raise Refused(f"the file is over the limit of {_size(limit)}",
                              "export only the rows and columns the program needs")
        return b"".join(chunks)
    finally:
        os.close(fd)
