"""Shared helpers for the matching tests: brute-force optima on tiny problems."""
import itertools

import numpy as np


def brute_force(S, ok, cap):
    """Best ``(count, total)`` and ``(count, lowest, total)`` over every assignment (tiny only)."""
    n, m = S.shape
    best_total, best_fair = None, None
    for choice in itertools.product(range(-1, m), repeat=n):
        used = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (used > cap).any() or any(c >= 0 and not ok[i, c] for i, c in enumerate(choice)):
            continue
        vals = [S[i, c] for i, c in enumerate(choice) if c >= 0]
        count, total = len(vals), sum(vals)
        key_t = (count, round(total, 9))
        key_f = (count, round(min(vals), 9) if vals else 0, round(total, 9))
        best_total = key_t if best_total is None or key_t > best_total else best_total
        best_fair = key_f if best_fair is None or key_f > best_fair else best_fair
    return best_total, best_fair


def brute_pairs(S, ok):
    """Best ``(pairs, total)`` over every matching of a tiny general graph."""
    n = len(S)
    best = (0, 0.0)

    def rec(i, used, count, total):
        nonlocal best
        if i == n:
            key = (count, round(total, 9))
            best = max(best, key)
            return
        if used[i]:
            rec(i + 1, used, count, total)
            return
        rec(i + 1, used, count, total)
        for j in range(i + 1, n):
            if not used[j] and ok[i, j]:
                used[i] = used[j] = True
                rec(i + 1, used, count + 1, total + S[i, j])
                used[i] = used[j] = False

    rec(0, [False] * n, 0, 0.0)
    return best
