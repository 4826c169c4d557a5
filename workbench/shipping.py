"""Programs that travel with their Dask task, for workers without a shared file system.

The client packs a program folder and the notebooks into one in-memory tar (:func:`pack`); the
worker unpacks them into a private temporary folder (:func:`unpack`), builds the report there
and packs the finished bundle back; the client unpacks it next to the final report and swaps it
in atomically (:func:`receive`), exactly as a local run does. Only regular files inside the
packed folder travel: links and special files are left out, and an archive member that would
land outside its destination is refused.

Example
-------
>>> import tempfile
>>> src = Path(tempfile.mkdtemp()); (src / "a.csv").write_text("x\\n")
2
>>> dst = Path(tempfile.mkdtemp())
>>> _ = unpack(pack(src), dst); (dst / "a.csv").read_text()
'x\\n'
"""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Optional


def pack(folder: Path, suffixes: Optional[tuple[str, ...]] = None) -> bytes:
    """The regular files under ``folder`` (hidden ones left out), as gzip'd tar bytes.

    ``suffixes`` keeps only files ending so (e.g. ``(".ipynb",)`` for a notebook folder).
    """
    folder = Path(folder)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=3) as tar:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.is_symlink() or not path.is_file():
                continue
            if suffixes and not path.name.endswith(suffixes):
                continue
            tar.add(path, arcname=rel.as_posix(), recursive=False)
    return buf.getvalue()


def unpack(data: bytes, dest: Path) -> Path:
    """Extract :func:`pack`'s bytes into ``dest`` (created); members outside it are refused."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = tar.getmembers()
        for m in members:
            target = (root / m.name).resolve()
            if not m.isfile() and not m.isdir():
                raise ValueError(f"archive member {m.name!r} is not a regular file")
            if root != target and root not in target.parents:
                raise ValueError(f"archive member {m.name!r} would land outside {dest}")
        tar.extractall(root, members=members, filter="data")
    return dest


def stamp_manifest(bundle: Path, **fields) -> None:
    """Add ``fields`` to ``bundle/manifest.json`` (before the bundle is swapped in)."""
    path = Path(bundle) / "manifest.json"
    if not path.exists():
        return
    manifest = json.loads(path.read_text())
    manifest.update(fields)
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
