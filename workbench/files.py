"""Reading a client's file: only inside the program folder, up to a size, decoded to text.

**Where a file may be read.** A path in ``program.yaml`` is relative to the program folder; its
resolved location (links followed) must lie inside that folder, so ``file: /etc/passwd``,
``../other-client/hr.csv`` or a link to another client's folder is refused without opening it.
Devices, pipes and folders are refused (a link to ``/dev/zero`` would read forever, a FIFO would
hang), and so is a file over the size limit (:func:`read_inside`).

**Bytes to text**, the one decoder for every text input (CSV exports and ``program.yaml``):
UTF-16 (with a BOM, or without one: detected from its zero bytes), UTF-8 (with or without a
BOM), else Windows-1252 / Latin-1 (what Excel on Windows writes). A UTF-8 file holding a few
bytes that are not UTF-8 is *not* re-decoded as Windows-1252 as a whole (that would turn every
``München`` into ``MÃ¼nchen``): :func:`decode_text` returns the lines of those bytes so the
reader can report them (:func:`decode_bytes`: text and encoding only).

A foundation module: it imports nothing of the workbench, so :mod:`workbench.config_yaml`
(program.yaml), :mod:`workbench.io` (tables) and :mod:`workbench.draft` all read through it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple



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


# ------------------------------------------------------------------------ bytes to text
class Decoded(NamedTuple):
    text: str
    encoding: str
    bad_lines: list     # [(1-based line, "the line with each bad byte shown as <0xFC>")]


def _utf16_without_bom(raw: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when most odd (even) bytes are zero, as in ASCII-range UTF-16."""
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return ""
    zeros_odd = sample[1::2].count(0) / (len(sample) // 2)
    zeros_even = sample[0::2].count(0) / (len(sample) // 2)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return ""


def decode_text(raw: bytes) -> Decoded:
    """Text, encoding and the lines holding stray non-UTF-8 bytes of a mostly UTF-8 file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(raw.decode("utf-16"), "utf-16", [])
    wide = _utf16_without_bom(raw)
    if wide:
        try:
            return Decoded(raw.decode(wide), wide, [])
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(raw.decode("utf-8-sig"), "utf-8-sig", [])
    except UnicodeDecodeError:
        pass
    loose = raw.decode("utf-8", errors="surrogateescape")
    utf8_chars = sum(1 for ch in loose if ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF)
    bad = sum(1 for ch in loose if 0xDC80 <= ord(ch) <= 0xDCFF)
    if utf8_chars and utf8_chars >= bad:
        # a UTF-8 file with a few foreign bytes: keep the UTF-8 reading, name the lines
        lines = []
        for i, line in enumerate(loose.lstrip("\ufeff").splitlines(), start=1):
            if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in line):
                shown = "".join(f"<0x{ord(ch) - 0xDC00:02X}>" if 0xDC80 <= ord(ch) <= 0xDCFF else ch
                                for ch in line)
                lines.append((i, shown))
        text = loose.lstrip("\ufeff").encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
        return Decoded(text, "utf-8", lines)
    for enc in ("cp1252", "latin-1"):
        try:
            return Decoded(raw.decode(enc), enc, [])
        except UnicodeDecodeError:
            continue
    return Decoded(raw.decode("latin-1", errors="replace"), "latin-1", [])  # pragma: no cover


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Text and encoding of a text file (see :func:`decode_text`)."""
    d = decode_text(raw)
    return d.text, d.encoding
