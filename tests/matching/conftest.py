"""Shared helpers for the matching tests: brute-force optima on tiny problems, random two-sided
markets."""
import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays


def brute_blocking(pairs, P, Q, cap, ok):
    """Blocking pairs by the definition, pair by pair (ties to the lower position)."""
    partner = dict(pairs)
    out = set()
    n, m = P.shape
    for i in range(n):
        for j in range(m):
            if not ok[i, j] or cap[j] == 0 or partner.get(i) == j:
                continue
            k = partner.get(i)
            wants = k is None or (-P[i, j], j) < (-P[i, k], k)
            holders = [x for x, y in pairs if y == j]
            room = len(holders) < cap[j]
            prefers = any((-Q[i, j], i) < (-Q[x, j], x) for x in holders)
            if wants and (room or prefers):
                out.add((i, j))
    return out


def two_sided_markets(max_n: int, max_m: int, max_cap: int):
    """``(P, Q, capacity, allowed)``: 1..max_n mentees and 1..max_m mentors, each side's scores of
    the other as small whole numbers (ties happen), capacities 0..max_cap, about a quarter of the
    pairs forbidden."""
    return st.integers(1, max_n).flatmap(lambda n: st.integers(1, max_m).flatmap(lambda m: st.tuples(
        arrays(float, (n, m), elements=st.integers(0, 4).map(float)),
        arrays(float, (n, m), elements=st.integers(0, 4).map(float)),
        st.lists(st.integers(0, max_cap), min_size=m, max_size=m),
        arrays(bool, (n, m), elements=st.sampled_from([True, True, True, False])))))


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
