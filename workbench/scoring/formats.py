"""Program formats: the registry :data:`FORMATS`, one entry the whole truth about one format.

An entry says who is on each side of the matching (by ``people.role``), what a capacity means,
which solver runs, the shape of its result and how notebook 03 shows it. ``workbench.config``
accepts exactly the formats registered here; :func:`workbench.scoring.match_program` runs the
entry's matcher. The matcher is named by a dotted path and imported only when a program is
matched (this module imports neither the solvers nor the config).

>>> list(FORMATS)
['one_to_one', 'group', 'peer', 'reverse', 'circles']
>>> FORMATS["circles"].page
'circles'
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

__all__ = ["MatchFormat", "FORMATS", "match_format"]


@dataclass(frozen=True)
class MatchFormat:
    """One program format.

    ``members``: roles of the people matched (the rows); ``partners``: roles of who they are
    matched to (the columns: mentors, the same peers, or circle facilitators); ``reverse``: the
    level gap is measured mentee minus mentor; ``one_each``: every mentor takes one mentee,
    whatever the capacity says. ``capacity``, ``solver``, ``result``, ``shows``: plain text for
    docs/program.md. ``page``: the layout notebook 03 uses (``"pairs"`` or ``"circles"``);
    ``matcher``: ``"module:function"`` with the signature of :func:`~.match.match_pairs`."""
    key: str
    label: str
    doc: str
    members: tuple[str, ...]
    partners: tuple[str, ...]
    capacity: str
    solver: str
    result: str
    shows: str
    matcher: str
    page: str = "pairs"
    reverse: bool = False
    one_each: bool = False

    @property
    def same_pool(self) -> bool:
        """Members are matched among themselves (peer)."""
        return self.members == self.partners

    def match(self, program, **options):
        """Run this format's matcher on ``program`` (a :class:`~.match.MatchOutcome`)."""
        module, name = self.matcher.split(":")
        return getattr(importlib.import_module(module), name)(program, self, **options)


_PAIRS = "workbench.scoring.match:match_pairs"
_EXACT = "exact assignment (`matching.assign`: the most mentees matched, then the best total or fairest weakest pair)"

FORMATS: dict[str, MatchFormat] = {f.key: f for f in (
    MatchFormat("one_to_one", "one-to-one", "one mentor, one mentee", ("mentee",), ("mentor",),
                "always 1 (a mentor takes one mentee)", _EXACT, "pairs: mentee, mentor, score",
                "pairs: matched share, pair scores, against the pairs made by hand", _PAIRS, one_each=True),
    MatchFormat("group", "group", "one mentor, several mentees up to their capacity", ("mentee",), ("mentor",),
                "mentees per mentor: `people.capacity`, else `mentor_capacity`", _EXACT,
                "pairs: mentee, mentor, score (a mentor in several pairs)",
                "pairs: matched share, pair scores, mentors used", _PAIRS),
    MatchFormat("peer", "peer", "people pair up among themselves", ("peer",), ("peer",),
                "one partner each", "exact general matching (`matching.pair_up`, blossom): the most pairs, "
                "then the best total; scores averaged over both directions",
                "pairs of peers, each person listed once with their partner",
                "pairs: peers paired, pair scores, against the pairs made by hand", _PAIRS),
    MatchFormat("reverse", "reverse", "a junior mentors a senior on a skill juniors hold", ("mentee",),
                ("mentor",), "mentees per junior mentor: `people.capacity`, else `mentor_capacity`", _EXACT,
                "pairs: mentee (the senior), mentor (the junior), score",
                "pairs, the level gap measured senior minus junior", _PAIRS, reverse=True),
    MatchFormat("circles", "circles", "small groups of peers, with a facilitator where the program lists one",
                ("peer", "mentee"), ("mentor",),
                "people per circle: `circle_size` (± 1 where the count does not divide); a facilitator "
                "(role `mentor`) leads up to `people.capacity`, else `mentor_capacity`, circles",
                "`matching.circles` (greedy seeding, then moves and swaps) with an upper bound, the gap "
                "reported; facilitators by exact assignment to whole circles",
                "circles: person, circle, facilitator, score",
                "circles: people placed, circle sizes, the mean fit within circles, the gap to the bound",
                "workbench.scoring.circles:match_circles", page="circles"),
)}


# the format as a sentence names it
PHRASES = {"one_to_one": "one-to-one mentoring", "group": "group mentoring", "peer": "peer mentoring",
           "reverse": "reverse mentoring", "circles": "mentoring circles"}


def format_phrase(key) -> str:
    """Format ``key`` as a sentence names it (``group`` -> ``group mentoring``); a format the
    registry does not phrase reads as its label.

    >>> format_phrase("one_to_one"), format_phrase("circles")
    ('one-to-one mentoring', 'mentoring circles')
    """
    key = str(getattr(key, "value", key))
    return PHRASES.get(key) or match_format(key).label


def match_format(key) -> MatchFormat:
    """The registry entry of format ``key`` (a ``Format`` value or its text)."""
    key = str(getattr(key, "value", key))
    try:
        return FORMATS[key]
    except KeyError:
        raise ValueError(f"{key!r} is not a known format; use one of: {', '.join(FORMATS)}") from None
