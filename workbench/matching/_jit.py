"""``njit`` when numba is installed, else a no-op decorator (the kernels then run as plain
Python: correct, only slow — fine for small cases and tests)."""
from __future__ import annotations

try:  # pragma: no cover - depends on the environment
    from numba import njit as _njit

    HAVE_NUMBA = True

    def njit(fn):
        return _njit(cache=True, nogil=True)(fn)
except ImportError:  # pragma: no cover
    HAVE_NUMBA = False

    def njit(fn):
        return fn
