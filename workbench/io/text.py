"""Bytes to text: the one decoder for every text input (CSV exports and ``program.yaml``).

UTF-16 (with a BOM, or without one: detected from its zero bytes), UTF-8 (with or without a
BOM), else Windows-1252 / Latin-1 (what Excel on Windows writes). A UTF-8 file holding a few
bytes that are not UTF-8 is *not* re-decoded as Windows-1252 as a whole (that would turn every
``München`` into ``MÃ¼nchen``): :func:`decode_text` returns the lines of those bytes so the
reader can report them. Imports nothing from the rest of the workbench, so
:mod:`workbench.config_yaml` can use it.
"""
from __future__ import annotations

from typing import NamedTuple


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
