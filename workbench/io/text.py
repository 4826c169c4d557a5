"""Bytes to text: the one decoder for every text input (CSV exports and ``program.yaml``).

Imports nothing from the rest of the workbench, so :mod:`workbench.config_yaml` can use it.
"""
from __future__ import annotations


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV export: UTF-16 (BOM), UTF-8 (with or without BOM), else
    cp1252 / Latin-1 (what Excel on Windows writes)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1", errors="replace"), "latin-1"  # pragma: no cover

