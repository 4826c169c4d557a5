"""What each client page says around its sections: the notebook's story, declared once.

A page's notebook (``notebooks/<notebook>.ipynb``) is generated from its entry in
:data:`workbench.views.PAGE_SPECS` (the title, the builder) and its :class:`PageOutline` here: the
paragraph under the title, the sections shown with the page's build, then one
:class:`SectionOutline` per ``##`` heading (the heading, the paragraph under it, the sections its
cell shows). ``python -m workbench.views.notebooks`` (``make notebooks``) writes the notebooks;
``tests/test_page_specs.py`` fails when a committed notebook differs from what it writes, when
the page builds a section no outline shows, and when an outline shows a section the page does
not build.

A section that applies only to some programs carries its own heading in its text (page 3's
circles: an empty section on a program matched in pairs, so no heading at all); its outline has
no heading. A section the page builds only with data the program may lack is shown with
``ask=True`` (the cell asks ``if "meetings" in page.sections:`` first); its heading stays, as the
page explains why there is nothing under it.

Example
-------
>>> MATCH_OPTIMIZATION.sections()[:4]
('intro', 'criteria', 'summary', 'circles')
>>> [s.heading for s in KPI_REVIEW.parts if s.ask]
['Meetings per month', 'Return in money']
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionOutline:
    """One ``##`` heading of a page's notebook and the cell under it."""
    shows: tuple[str, ...]        # the page's sections its cell displays, in order
    heading: str = ""             # the '##' heading ("" : no markdown cell; the section heads itself)
    intro: str = ""               # the paragraph under the heading
    ask: bool = False             # the cell asks first (`if "key" in page.sections:`): built with data only
    code: str = ""                # a cell of its own instead of displaying sections (the tuning panel)
    tags: tuple[str, ...] = ()    # cell tags of both cells ("analyst-only": never in the client's HTML)
    name: str = ""                # the cells' ids (name-md, name); default: the first section shown

    @property
    def cell_id(self) -> str:
        return self.name or self.shows[0]

    def markdown(self) -> str:
        return f"## {self.heading}\n\n{self.intro}" if self.intro else f"## {self.heading}"

    def source(self) -> str:
        """The code cell: its own code, or one ``display`` per section shown."""
        if self.code:
            return self.code
        if self.ask:
            return "\n".join(f'if "{k}" in page.sections:\n    display(page["{k}"])' for k in self.shows)
        return "\n".join(f'display(page["{k}"])' for k in self.shows)


@dataclass(frozen=True)
class PageOutline:
    """A page's notebook around its sections: the paragraph under its title, the sections shown
    with its build (``lead``), its ``##`` parts, and code the build cell runs for the analyst."""
    intro: str
    lead: tuple[str, ...]
    parts: tuple[SectionOutline, ...]
    imports: tuple[str, ...] = ()   # import lines the ``setup`` lines need
    setup: tuple[str, ...] = ()     # run after page.publish (an analyst-only export)

    def sections(self) -> tuple[str, ...]:
        """Every section the notebook shows, in order."""
        return self.lead + tuple(k for p in self.parts for k in p.shows)

    def asked(self) -> tuple[str, ...]:
        """The sections shown only when the page builds them."""
        return tuple(k for p in self.parts if p.ask for k in p.shows)


# ------------------------------------------------------------------------------ page 1
GOAL_SETTING = PageOutline(
    intro="Why the program exists, how we will know it worked, and whether the organization is "
          "ready for the scale it wants.",
    lead=("header",),
    parts=(
        SectionOutline(
            ("charter",), "The charter",
            "The strategy answers collected with the program's leaders: the challenges mentoring "
            "should address, the people it serves, and the outcomes expected."),
        SectionOutline(
            ("kpis", "kpi_notes"), "Measurable KPIs",
            "Each KPI with its definition, population, baseline (measured from the HR snapshot on "
            "comparable employees where the charter gives none), target and due date. A KPI the "
            "data cannot measure, or one too vague to manage by, is flagged."),
        SectionOutline(
            ("readiness", "demand"), "Readiness: mentee demand against mentor supply",
            "Mentor seats are each mentor's capacity. The format that fits follows from how far "
            "supply covers demand. A department with fewer people than the program's minimum "
            "group size shows *hidden*, and so does any figure that would let it be worked out."),
        SectionOutline(
            ("scale",), "From pilot to scale",
            "The one scale plan: from today's mentees to the charter's next level, in waves at most "
            "ten times larger, and never more mentees than the company's employees can provide "
            "(each mentor is an employee too). Each wave shows the mentors needed and to recruit, "
            "program staff (one coordinator per about 60 pairs), check-ins per month (one per pair "
            "at the planned cadence) and the size of the matching problem."),
        SectionOutline(
            ("essentials",), "Is the program ready for the next level?",
            "The essentials the field names for a program that grows: what is in place, what is "
            "missing, and why each matters (as recorded by the consultant)."),
        SectionOutline(
            ("next_level",), "Recruiting by department, and when to change model",
            "For each wave of the plan above: the mentors to recruit in each department "
            "(departments grow in proportion to today's demand; small departments are planned "
            "together), and when the program can move from a group format to one-to-one."),
        SectionOutline(
            ("evidence", "evidence_waves"), "Can the program show its effect? The evidence plan",
            "For each KPI compared with non-participants: the smallest difference the program can "
            "detect at its size (80 % power, two-sided 5 %), the participants needed to show the "
            "charter's expected difference, and the design that would let the client conclude it."),
    ),
)

# ------------------------------------------------------------------------------ page 2
SEGMENTATION = PageOutline(
    intro="The people in the program by career stage, department, location and tenure; where "
          "mentee demand outruns mentor supply; needs no mentor can meet yet; and the tracks the "
          "needs suggest.",
    lead=("intro",),
    parts=(
        SectionOutline(
            ("career_stage", "tenure_band"), "Career stage and tenure",
            "Career stage from level (1-2 early, 3-4 mid, 5+ senior); tenure at the data date."),
        SectionOutline(
            ("location",), "Location and time zone",
            "Where people sit matters for meeting in person and for time-zone gaps."),
        SectionOutline(
            ("demand",), "Where demand outruns supply",
            "Mentees against mentor seats per department."),
        SectionOutline(
            ("skills", "unmet"), "Needs and skills",
            "What mentees want to learn against what mentors offer; needs the pool cannot meet "
            "yet, with the people in the workforce who could be recruited as mentors."),
        SectionOutline(
            ("tracks",), "Suggested tracks",
            "Mentees grouped by similar needs and career stage (hierarchical clustering, the number "
            "of tracks chosen by silhouette), each with the mentors who fit it. A track too small "
            "to report is counted but not described."),
    ),
)

# ------------------------------------------------------------------------------ page 3
TUNING_CELL = """\
if output_dir is None:  # an interactive session; a report run passes an output folder
    from workbench.interactive import TuningPanel
    panel = TuningPanel(program, program_dir)
    display(panel.widget)"""

MATCH_OPTIMIZATION = PageOutline(
    intro="Every participant matched at once in the way that makes the whole cohort's matching "
          "best under the program's own criteria and hard rules: mentees to mentors, peers to "
          "peers, or people into circles, as the program's format says. Every pair is explained, "
          "and the matching is compared with the one the program made by hand.",
    lead=("intro",),
    parts=(
        SectionOutline(
            ("criteria",), "The criteria and rules",
            "What makes a good match for this program, with the weight of each criterion, and the "
            "pairs the rules never allow."),
        SectionOutline(
            ("summary",), "The optimal matching",
            "How many people are matched and how good the matching is: a score is a share of the "
            "best possible score under these weights. For circles, the fit of two members of the "
            "same circle, and how far the best possible split could lie above this one. When fewer "
            "than the minimum group size are matched, or are left out, how many is hidden."),
        # circles only: the section carries its own heading (empty on a program matched in pairs)
        SectionOutline(("circles",)),
        SectionOutline(
            ("by_hand",), "Against the matching made by hand",
            "The program's existing pairs (or circles), scored with the same criteria, against the "
            "optimal matching."),
        SectionOutline(
            ("why",), "Why people were matched",
            "Each criterion's average contribution to the matches' scores, as a chart whose text "
            "alternative states every bar. The list of pairs, with each person's contributions and "
            "each mentee's best alternative, stays with the program team: it names people, so it "
            "is not part of this report."),
        SectionOutline(
            ("unmatched",), "Who is left out, and why",
            "People without a mentor (or, in circles, without a fitting partner), counted by "
            "reason; a reason that would describe fewer people than the minimum group size is "
            "hidden."),
        SectionOutline(
            ("coverage",), "Coverage by department",
            "The share of each department's people who are matched; a figure that would describe "
            "fewer people than the minimum group size, or let one be worked out, is hidden."),
        SectionOutline(
            ("mode",), "How pairs are made",
            "The program's matching mode: the program team assigns every pair, mentees choose from "
            "shortlists, or participants rank the partners they would like. For shortlists, how "
            "many mentees choosing in random order would find a mentor, beside the assigned "
            "optimum; for rankings, the score given up to respect them."),
        SectionOutline(
            ("frontier",), "The trade-off",
            "How many people get a partner against how good the pairs are against how well the "
            "worst-off mentee does, each row the exact optimum under one choice of aim and minimum "
            "score. The same table is among the exports."),
        SectionOutline(
            ("take",), "What it would take to match the rest",
            "For the mentees this matching leaves out, the smallest change that would match each, "
            "pooled by what they need; needs of fewer people than the minimum group size are "
            "hidden. The list by name stays with the program team."),
        SectionOutline(
            (), "Tune the matching",
            "For the analyst in JupyterLab: move a weight, switch a rule or change its value, give "
            "every mentor one capacity (by default each keeps their own), set a minimum pair score "
            "(in points; its share of the best possible is shown beside it) or change the "
            "objective, and the matching is re-solved at once. The panel lists the mentees whose "
            "mentor changed against the saved settings, and why; *Pin as scenario A* puts two "
            "settings side by side. *Save these settings* writes exactly what is shown into "
            "`program.yaml`, changing only those lines (the previous file is kept as a backup), "
            "and makes them the saved settings; *Reset to saved* returns every control to them. "
            "The panel is not part of the client report, which shows the saved settings' matching.",
            code=TUNING_CELL, tags=("analyst-only",), name="tuning-panel"),
    ),
)

# ------------------------------------------------------------------------------ page 4
KPI_REVIEW = PageOutline(
    intro="Are pairs meeting, are they satisfied and progressing, and did taking part change "
          "leaving and promotion against comparable colleagues who did not take part? Each KPI of "
          "the charter is then judged against its target, with its uncertainty.",
    lead=("intro",),
    imports=("from workbench.exports import export_table",
             "from workbench.views.stage4 import at_risk_output"),
    setup=('export_table(at_risk_output(program), output_dir, "at_risk", audience="analyst")'
           "  # names people: analyst folder only",),
    parts=(
        SectionOutline(
            ("engagement",), "Are pairs meeting?",
            "Each pair's status on the data date against the planned cadence: *needs a check-in* "
            "after 1.5 cadences without a meeting, *idle* after 3. The client sees pairs per status "
            "and the share of the **current** pairs (on track, needing a check-in or idle; pairs "
            "that have ended are not counted) that meet as planned, and the program's match rate: "
            "the mentees still with the company who have a mentor in the program's pairs. The "
            "named list of pairs to follow up goes to the program manager only, never into this "
            "report."),
        SectionOutline(
            ("meetings",), "Meetings per month",
            "Meetings held each month against the plan (pairs running × the planned cadence); "
            "months with too few pairs running are not drawn.", ask=True),
        SectionOutline(
            ("surveys",), "Satisfaction and goal progress",
            "From the check-in surveys, with the response rate: a low response rate makes these "
            "figures less certain, and is said."),
        SectionOutline(
            ("definitions", "outcomes", "outcome_notes"),
            "Outcomes: participants against comparable non-participants",
            "People who join differ from those who do not, and people who join late could not have "
            "left before joining. So each participant is followed from the day they joined, and "
            "each comparable colleague from a date drawn from the same joining dates. Two adjusted "
            "estimates stand side by side (a regression, and a weighting that makes the groups "
            "alike, among the people who could as well have joined as not); a difference is called "
            "clear only when both intervals agree. The comparison group is defined once, here."),
        SectionOutline(
            ("balance",), "Who joins",
            "Standardised mean differences of each adjuster between participants and others, "
            "before and after weighting; beyond ±0.1 the groups still differ."),
        SectionOutline(
            ("survival",), "Time to exit",
            "The share still employed by time since joining (Kaplan–Meier), on the same comparison "
            "group, in whole quarters; a curve is not drawn where a step could point at a few "
            "people."),
        SectionOutline(
            ("roi",), "Return in money",
            "Where the program's cost and the cost of a leaver were given: the leavers avoided (or "
            "added) over the period and the net value against the program's cost, each with its "
            "95 % interval carried from the adjusted estimate, and how strong unmeasured "
            "confounding would have to be to cancel the return.", ask=True),
        SectionOutline(
            ("scorecard", "trend"), "The KPI scorecard",
            "Each KPI of the charter against its baseline and target, with its 95 % interval: "
            "*met* when the whole interval reaches the target, *on track* when it has clearly left "
            "the baseline in the good direction, *too early to tell* when the interval still "
            "includes the target or the baseline. A KPI whose value is hidden to protect a small "
            "group keeps its status where the status cannot point at that group; otherwise it "
            "reads *hidden (small group)* and is counted apart, never as missed. The trend is the "
            "same measure at the end of each earlier quarter."),
        SectionOutline(
            ("quality",), "Does match quality predict success?",
            "The rank correlation of each pair's match score, and of its score on each matching "
            "criterion, with how often the pair meets and how satisfied it is (95 % intervals; "
            "every correlation tested is counted, Holm's correction)."),
        SectionOutline(
            ("weights",), "Weights for the next round",
            "What the correlations above suggest for each criterion's weight, with the evidence "
            "and its uncertainty."),
        # the lessons across rounds head themselves (none with one round), then the footnote
        SectionOutline(("rounds", "footnote")),
    ),
)
