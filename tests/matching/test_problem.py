"""Bad arguments raise ValueError naming the argument (and the shapes)."""
import numpy as np
import pytest

from workbench.matching import assign, circles, pair_up, stable, suggest


@pytest.mark.parametrize("kwargs, pattern", [
    ({"capacity": -1}, r"capacity must not be negative"),
    ({"capacity": [1, 1, 1]}, r"capacity.*\(2,\).*\(3,\)"),
    ({"capacity": 1.5}, r"capacity must be whole"),
    ({"allowed": np.ones((3, 3), bool)}, r"allowed.*\(2, 2\).*\(3, 3\)"),
    ({"objective": "best"}, r"objective"),
    ({"min_score": "high"}, r"min_score"),
])
def test_assign_bad_arguments(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        assign(np.zeros((2, 2)), **kwargs)


def test_scores_shape_and_values():
    with pytest.raises(ValueError, match=r"scores must be 2-D.*\(3,\)"):
        assign(np.zeros(3))
    with pytest.raises(ValueError, match=r"scores.*\+inf"):
        assign(np.array([[np.inf]]))
    # -inf means "never", like NaN
    assert len(assign(np.array([[-np.inf, 1.0]]))) == 1


def test_other_functions():
    with pytest.raises(ValueError, match=r"mentor_scores.*\(2, 2\).*\(2, 3\)"):
        stable(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"capacity must not be negative"):
        stable(np.zeros((2, 2)), np.zeros((2, 2)), capacity=[-1, 1])
    with pytest.raises(ValueError, match=r"scores.*square.*\(2, 3\)"):
        circles(np.zeros((2, 3)), 2)
    with pytest.raises(ValueError, match="symmetric"):
        circles(np.array([[0, 1.0], [0, 0]]), 2)
    with pytest.raises(ValueError, match=r"allowed.*\(3, 3\).*\(2, 2\)"):
        pair_up(np.zeros((3, 3)), allowed=np.ones((2, 2), bool))
    with pytest.raises(ValueError, match="k must"):
        suggest(np.zeros((2, 2)), k=0)
