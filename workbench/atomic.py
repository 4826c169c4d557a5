"""The one atomic file write: a reader sees the old file or the new one, never half of either.

Used by the client exports (:mod:`workbench.exports`), the report bundle and the portfolio index
(:mod:`workbench.report.publishing`, :mod:`workbench.portfolio`, written by the batch) and the
configuration writers (:mod:`workbench.config_yaml`, :mod:`workbench.settings_edit`). It lives in a
module of its own, importing nothing of the workbench, so that every layer can use it and imports
only go downwards.

The data goes to a uniquely named hidden file beside the target (same folder, so same file
system), is written (and, with ``fsync``, flushed to disk: the configuration writers ask for it;
the exports, rebuilt on every run, do not pay for it), then renamed over the target (``os.replace``, atomic on POSIX and
Windows). A new file gets the usual permissions (``0o666`` less the umask); an existing file keeps
its permission bits, and with ``keep_owner`` its owner where allowed. On any failure the temporary
file is removed and the target is untouched.

Example
-------
>>> import tempfile
>>> p = Path(tempfile.mkdtemp()) / "a.txt"
>>> atomic_write(p, "one\\n") == p, p.read_text()
(True, 'one\\n')
>>> _ = atomic_write(p, b"two\\n"); p.read_text(), sorted(x.name for x in p.parent.iterdir())
('two\\n', ['a.txt'])
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Optional, Union


def atomic_write(path: Union[str, Path], data: Union[str, bytes], *, encoding: str = "utf-8",
                 newline: Optional[str] = None, keep_owner: bool = False,
                 fsync: bool = False) -> Path:
    """Replace ``path`` by ``data`` (``str``: encoded with ``encoding``, ``newline`` as for
    :func:`open`; ``bytes``: written as is) atomically; returns ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        st: Optional[os.stat_result] = path.stat()
    except FileNotFoundError:
        st = None
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)   # the umask applies
    try:
        if isinstance(data, str):
            fh = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        else:
            fh = os.fdopen(fd, "wb")
        with fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, st.st_mode & 0o7777)
            if keep_owner:
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except (PermissionError, AttributeError):  # another user's file: the owner becomes us
                    pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
