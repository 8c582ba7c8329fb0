"""What a scene template accepts: its parameters (kind, default, help) and its beats.

Templates declare a TemplateSchema; the content loader checks each scene of a lecture
file against the schema of the template it names. Nothing here imports manim, so the
content layer stays usable (and testable) without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Kind(Enum):
    """How a parameter's TOML value is read and checked."""

    TEXT = "text"  # a string that may reach LaTeX: checked for unsafe commands
    TEXT_LIST = "text_list"  # a non-empty list of such strings
    EXPR_X = "expr_x"  # an expression in x, e.g. "x**2"
    EXPR_XY = "expr_xy"  # an expression in x and y, e.g. "x**2 + y**2"
    EXPR_LIST = "expr_list"  # author steps in x, kept as written (unevaluated); may be empty
    NUMBER = "number"  # an exact number: int, float or string like "1/3"
    POSITIVE = "positive"  # a number > 0
    COUNT = "count"  # a whole number >= 1
    STEP_SIZES = "step_sizes"  # a non-empty, strictly decreasing list of numbers > 0
    POINT = "point"  # [x, y]
    POINT_LIST = "point_list"  # [[x, y], ...]
    RANGE = "range"  # [low, high] with low < high
    NAME = "name"  # a one-letter function name such as "S"
    HELPERS = "helpers"  # a table of one-letter names to formulas in x, e.g. { S = "..." }
    FORMULA = "formula"  # a formula in the names its template gives, read by the plan
    FORMULA_LIST = "formula_list"  # a non-empty list of such formulas
    VALUES = "values"  # a table of names to exact numbers, e.g. { x = 1, w = "1/2" }
    NUMBER_LIST = "number_list"  # a non-empty list of exact numbers
    COUNT_LIST = "count_list"  # a non-empty list of increasing whole numbers >= 1
    RECORDS = "records"  # a list of small tables, each read by the plan, e.g. [{ x = 1 }]
    CHOICE = "choice"  # one of the words in the parameter's `choices`
    FILE = "file"  # a file beside the lecture file (its folder or below)


# What a template shows, in the order `lecture templates` lists them.
GROUPS = (
    "Titles and text",
    "Equations",
    "Graphs",
    "Tables",
    "Surfaces and gradients",
    "Networks",
    "Pictures",
)


@dataclass(frozen=True)
class Param:
    """One parameter: its TOML default (used when a scene leaves it out) and a line of help.

    `inside` names the range parameters a number (or each point's coordinates) must lie
    in: ("x_range",) for a number, ("x_range", "y_range") for points. `limits` is the
    closed range [low, high] a number must lie in for the scene to show it (such as a
    learning rate that must move the ball); see scenes/content/limits.py.
    """

    name: str
    kind: Kind
    default: Any
    help: str
    inside: tuple[str, ...] = ()
    limits: tuple[float, float] | None = None
    # Kind.CHOICE: the words it may be; Kind.FILE: the suffixes its file may have (".png")
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SceneCheck:
    """What a template's own cross-check sees: the raw table, the converted values, a way
    to refuse (one sentence naming the file and key)."""

    prefix: str  # "scenes.<Id>"
    raw: Mapping[str, Any]  # the table as written, defaults filled in
    params: Mapping[str, Any]  # the converted values
    refuse: Callable[[str, str, Any], Exception]  # (param, problem, raw value) -> ContentError
    show: Callable[[Any], str]  # a raw value written as in the TOML file


@dataclass(frozen=True)
class Steps:
    """A beat said step by step: what one step is (`each`, "secant" in "one per secant") and
    the template's own sentence for each step, filled from that step's plan values
    (`narration`, "With a run of {run}, the slope is {slope}."). The plan says how many
    steps the beat has and each one's values (`step_values(beat)`)."""

    beat: str
    each: str
    narration: str


@dataclass(frozen=True)
class TemplateSchema:
    """A template's name, default chapter title, one-line description, beats and parameters.

    `aliases` are names the template had before, still accepted as scene ids, so an
    older lecture file keeps working. `check` is the template's own cross-check of its
    values (beyond each parameter's kind and range), raising through `SceneCheck.refuse`.
    """

    name: str
    chapter: str  # the default chapter title of its scenes
    description: str
    beats: tuple[str, ...]
    example_narration: tuple[str, ...]  # one sentence per beat, for `lecture new`
    params: tuple[Param, ...]
    three_d: bool = False  # drawn with a 3D camera: each frame costs about twice a 2D one
    aliases: tuple[str, ...] = ()
    check: Callable[[SceneCheck], None] | None = None
    # (former name, name) of beats renamed since a lecture file may have been written
    renamed_beats: tuple[tuple[str, str], ...] = ()
    # the beats said step by step, and how
    steps: tuple[Steps, ...] = ()
    group: str = GROUPS[0]  # what it shows, one of GROUPS

    def __post_init__(self) -> None:
        if self.group not in GROUPS:
            raise ValueError(f"{self.name}: group {self.group!r} is not one of {GROUPS}")
        for param in self.params:
            if param.kind is Kind.CHOICE and param.default not in param.choices:
                raise ValueError(f"{self.name}: {param.name}'s default is not one of its choices")
        if len(self.example_narration) != len(self.beats):
            raise ValueError(f"{self.name}: give one example sentence per beat")
        for stepped in self.steps:
            if stepped.beat not in self.beats:
                raise ValueError(f"{self.name}: {stepped.beat} has steps but is no beat")
        for former, name in self.renamed_beats:
            if name not in self.beats or former in self.beats:
                raise ValueError(f"{self.name}: {former} -> {name} is no rename of a beat")

    def steps_of(self, beat: str) -> Steps | None:
        """How the beat is said step by step; None: it has no steps."""
        return next((stepped for stepped in self.steps if stepped.beat == beat), None)

    def former_names(self, beat: str) -> tuple[str, ...]:
        """The names a beat had before (a lecture file or recording may still use them)."""
        return tuple(former for former, name in self.renamed_beats if name == beat)

    @property
    def param_kinds(self) -> dict[str, Kind]:
        return {param.name: param.kind for param in self.params}

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(param.name for param in self.params)


Schemas = Mapping[str, TemplateSchema]  # by template name (aliases included)
