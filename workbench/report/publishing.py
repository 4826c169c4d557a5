"""Publishing a program's bundle: the analyst folder, the manifest, the atomic swap.

The bundle is built in a private temporary folder (:func:`temp_name`, inside ``out_dir``) and only
then swapped in as ``out_dir/<slug>`` (:func:`swap_in`): under an exclusive ``flock`` of
``out_dir`` and, on Linux, as one atomic ``renameat2(RENAME_EXCHANGE)``, so readers never see a
half report and two concurrent runs of the same program never interleave their swaps. What names
people goes to ``out_dir/_analyst/<slug>/``, never into the client bundle. Single files are
written with :func:`workbench.atomic.atomic_write`, the one atomic write of the workbench
(the exports, the portfolio index and the configuration writers use it too).
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import socket
import sys
import uuid
from importlib import metadata
from pathlib import Path
from typing import Optional

from ..atomic import atomic_write
from ..exports import AUDIENCES
from ..files import Refused, read_inside
from .. import disclosure

MANIFEST_VERSION = 1


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    names = ("workbench", "pandas", "numpy", "scipy", "matplotlib", "papermill", "nbconvert",
             "nbclient", "ipykernel", "openpyxl", "pydantic", "statsmodels", "dask", "distributed")
    out = {"python": sys.version.split()[0]}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            pass
    return out



ANALYST_DIR = "_analyst"   # out_dir/_analyst/<slug>/: beside the client bundles, never inside one


def _keep_notebooks_for_the_analyst(tmp: Path, notebooks) -> None:
    """The executed notebooks hold the analyst-only cells' output (the tuning panel's state,
    id-level tables): they go to the analyst folder, not the client bundle, which keeps the HTML
    pages made from them without those cells."""
    dest = tmp / "analyst" / "notebooks"
    for nb in notebooks:
        if (tmp / f"{nb}.ipynb").exists():
            dest.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / f"{nb}.ipynb", dest / f"{nb}.ipynb")
    readme = tmp / "analyst" / "README.txt"
    if dest.exists() and not readme.exists():
        readme.write_text(AUDIENCES["analyst"][1] + "\n", encoding="utf-8")


def _move_analyst(tmp: Path, out_dir: Path, slug: str) -> Optional[Path]:
    """Move what the notebooks wrote to ``analyst/`` (named and id-level lists) out of the client
    bundle, to ``out_dir/_analyst/<slug>/``: the bundle can then be sent as a folder. A run
    without such material removes the previous run's."""
    src = tmp / "analyst"
    dest = out_dir / ANALYST_DIR / slug
    if not src.is_dir():   # nothing this run: an earlier run's lists would be stale
        shutil.rmtree(dest, ignore_errors=True)
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = dest.with_name(f".{slug}.old")
    if dest.exists():
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
    shutil.move(str(src), str(dest))
    shutil.rmtree(old, ignore_errors=True)
    return dest


@contextlib.contextmanager
def out_dir_lock(out_dir: Path):
    """Exclusive lock on ``out_dir`` itself (no lock file left behind) for the duration of a swap."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    rc = renameat2(AT_FDCWD, os.fsencode(str(a)), AT_FDCWD, os.fsencode(str(b)), RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(tmp: Path, final: Path) -> None:
    """Replace ``final`` by the complete folder ``tmp``; the old one is removed last.

    Under an exclusive lock of the parent folder; atomic (one exchange) where the OS allows it,
    otherwise two renames with the old report moved aside first.
    """
    with out_dir_lock(final.parent):
        if final.exists() and _exchange(tmp, final):
            shutil.rmtree(tmp, ignore_errors=True)   # tmp now holds the old report
            return
        old = None
        if final.exists():
            old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
            os.replace(final, old)
        os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def temp_name(slug: str) -> str:
    """Unique per run, and traceable to the host and process that owns it."""
    host = socket.gethostname().split(".")[0] or "host"
    return f".{slug}.tmp-{host}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def clean_stale_temps(out_dir: Path) -> list[Path]:
    """Remove temporary folders left by runs on this host whose process no longer exists."""
    host = socket.gethostname().split(".")[0] or "host"
    removed = []
    for p in Path(out_dir).glob(".*.tmp-*"):
        parts = p.name.rsplit(".tmp-", 1)[-1].rsplit("-", 2)
        if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
            continue
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
        except PermissionError:
            pass
    return removed


def input_checksums(program_dir: Path, config=None) -> dict[str, str]:
    """sha256 of every input of the program (relative POSIX paths, sorted): ``program.yaml``,
    each table's file and the logo when ``config`` is given (read through the same
    inside-the-folder check as the loader: a link pointing outside is never followed), else every
    regular file under the folder that is not hidden and not a link."""
    program_dir = Path(program_dir)
    if config is not None:
        names = ["program.yaml"] + [src.file for src in config.tables.values()]
        if getattr(getattr(config, "report", None), "logo", None):
            names.append(config.report.logo)
        out = {}
        for name in sorted(set(names)):
            try:
                out[Path(name).as_posix()] = hashlib.sha256(read_inside(program_dir, name)).hexdigest()
            except Refused:
                continue
        return out
    files = sorted(p for p in program_dir.rglob("*")
                   if p.is_file() and not p.is_symlink()
                   and not any(part.startswith(".") for part in p.relative_to(program_dir).parts))
    return {p.relative_to(program_dir).as_posix(): _sha256(p) for p in files}



def write_manifest(tmp: Path, manifest: dict) -> Path:
    """``manifest.json`` of the bundle (sorted keys, so two runs differ only in timings)."""
    return atomic_write(tmp / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def bundle_exports(tmp: Path) -> list[str]:
    """The bundle's client exports, as the manifest lists them (``exports/<file>``, sorted)."""
    folder = tmp / "exports"
    return sorted(p.relative_to(tmp).as_posix() for p in folder.glob("*")) if folder.is_dir() else []


RELEASE_DIR = "disclosure"                 # where each page records what it published (run-time)
EARLIER_FILE = ".earlier-releases.json"    # the earlier releases, for the kernel (removed after)


def earlier_releases(out_dir: Path, slug: str, config=None) -> list:
    """What earlier releases in ``out_dir`` published (their manifests' ``disclosure`` records):
    this program's last report, and the report of the round its ``previous:`` names, when it
    was rendered into the same output folder. Unreadable or older manifests count as none."""
    slugs = [slug]
    ref = getattr(config, "previous", None) if config is not None else None
    if ref:
        slugs.append(Path(str(ref)).name)
    out = []
    for s in slugs:
        path = Path(out_dir) / s / "manifest.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8")).get("disclosure")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(record, dict):
            out.append(record)
    return out


def collect_release(tmp: Path, k: int, extra=()) -> dict:
    """The release's record for the manifest: what every page recorded in ``RELEASE_DIR`` (see
    :meth:`workbench.views.Page.publish`), plus ``extra`` figures (the index headlines); the
    folder is removed from the bundle."""
    folder = tmp / RELEASE_DIR
    records = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        with contextlib.suppress(OSError, ValueError):
            records.append(json.loads(p.read_text(encoding="utf-8")))
    shutil.rmtree(folder, ignore_errors=True)
    records.append(disclosure.release_record(list(extra), k))
    return disclosure.merge_records(records, k)
