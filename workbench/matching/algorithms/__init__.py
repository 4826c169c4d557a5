"""Matching algorithms on plain numpy arrays (no labels, no pandas).

``transport.max_total`` exact capacitated assignment; ``cardinality.max_cardinality`` /
``cardinality.max_fair``; ``deferred.deferred_acceptance``; ``blossom.max_weight_pairs``;
``circles.improve`` / ``circles.upper_bound``. Compiled with numba when it is installed.
"""
