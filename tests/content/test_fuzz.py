"""Hostile content, thrown by hypothesis at every field a lecture file has.

Each case is either accepted and planned, or refused with one ContentError sentence;
never another exception, never a hang (hypothesis' deadline), never a side effect: the
test runs in an empty folder, which must hold only the lecture file afterwards, and no
process may be started. Files nested to any depth, with strings, tables and lists of any
size, load or are refused within CASE_SECONDS and CASE_MEMORY each. Example counts are
modest so the file runs in well under a minute on two cores; raise FUZZ_EXAMPLES to search
longer.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from content_files import scene_table, toml_value, write_lecture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenes.content.loader import ContentError
from scenes.content.schema import Kind
from scenes.plans import build_plan, load_lecture, templates
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.quality import load_quality

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same cases every run: a failure here is reproducible
)

HOSTILE_TEXT = [
    "../../x",
    "/etc/passwd",
    "..\\..\\x",
    "\x00",
    "x\x1b[2J",
    "\u202ex**2",
    "__import__('os').system('touch pwned')",
    "exec('1')",
    "lambda: 1",
    "x.__class__",
    "\\input{/etc/passwd}",
    "\\write18{touch pwned}",
    "$$",
    "{",
    "}}}",
    "%",
    "#",
    "",
    " ",
    "9**9**9**9",
    "x**(10**10)",
    "factorial(10**9)",
    "(" * 200 + "x" + ")" * 200,
    "x" * 5000,
    "1/0",
    "log(0)",
    "sqrt(-1)",
    "zoo",
    "nan",
    "oo",
    "I",
    "x^2^3",
    "2x(x+1)",
    "e^(-x)",
]
FUNCTIONS = ["exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "abs", "gamma", "open", "eval"]
ATOMS = ["x", "y", "pi", "e", "0", "1", "2", "-1", "0.5", "1e-300", "1e300", "10**6", "z"]


def expressions(variables: str = "x") -> st.SearchStrategy[str]:
    """Formulas from a small grammar, most of them well-formed, some not."""
    atoms = st.sampled_from([a for a in ATOMS if a not in "xy" or a in variables])
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "^", ""]), inner).map(
                lambda parts: f"({parts[0]}){parts[1]}({parts[2]})"
            ),
            st.tuples(st.sampled_from(FUNCTIONS), inner).map(lambda p: f"{p[0]}({p[1]})"),
            inner.map(lambda text: f"-{text}"),
        ),
        max_leaves=6,
    )


NUMBERS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1/3", "pi/4", "-0", "1e999", "two", "", "0x10", "1_000"]),
)
SCALARS = st.one_of(
    st.booleans(), NUMBERS, st.text(max_size=30), st.sampled_from(HOSTILE_TEXT), expressions()
)
ANYTHING = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4), max_leaves=8)


# names a template's formulas, values and records use, and keys its records may have
NAMES = st.sampled_from(["x", "y", "w", "b", "S", "f", "e", "pi", "exp", "x0", "Delta_y", "_"])
RECORD_KEYS = st.sampled_from(
    ["point", "equation", "tex", "label", "say", "tangent", "area", "between", "from", "to"]
    + ["at", "vline", "hline", "tracker", "heading", "formula", "said", "undefined"]
)
FILE_NAMES = ["diagram.svg", "../x.png", "/etc/passwd", "a.png", "", ".", "..", "lecture.toml"]


def values_for(kind: Kind) -> st.SearchStrategy[Any]:
    """Values of the right shape with hostile insides, and anything at all."""
    number_like = st.one_of(NUMBERS, expressions())
    formula_like = st.one_of(
        expressions("xy"),
        st.tuples(NAMES, st.sampled_from(["+", "*", "/", "**", "("]), NAMES).map("".join),
        st.sampled_from(HOSTILE_TEXT),
    )
    shaped = {
        Kind.EXPR_X: st.one_of(expressions("x"), st.sampled_from(HOSTILE_TEXT)),
        Kind.EXPR_XY: st.one_of(expressions("xy"), st.sampled_from(HOSTILE_TEXT)),
        Kind.EXPR_LIST: st.lists(expressions("x"), max_size=3),
        Kind.NUMBER: number_like,
        Kind.POSITIVE: number_like,
        Kind.COUNT: st.one_of(st.integers(-5, 10**7), NUMBERS),
        Kind.STEP_SIZES: st.lists(number_like, max_size=5),
        Kind.POINT: st.lists(number_like, min_size=0, max_size=3),
        Kind.POINT_LIST: st.lists(st.lists(number_like, max_size=3), max_size=4),
        Kind.RANGE: st.lists(number_like, min_size=0, max_size=3),
        Kind.NAME: st.one_of(st.text(max_size=3), st.sampled_from(HOSTILE_TEXT)),
        Kind.HELPERS: st.dictionaries(
            st.one_of(st.text(max_size=2), st.sampled_from(["S", "x", "e"])),
            st.one_of(expressions("x"), st.sampled_from(HOSTILE_TEXT)),
            max_size=3,
        ),
        Kind.TEXT: st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE_TEXT)),
        Kind.TEXT_LIST: st.lists(st.one_of(st.text(max_size=20), st.sampled_from(HOSTILE_TEXT))),
        Kind.FORMULA: formula_like,
        Kind.FORMULA_LIST: st.lists(formula_like, max_size=4),
        Kind.VALUES: st.dictionaries(
            st.one_of(st.text(max_size=3), NAMES), number_like, max_size=4
        ),
        Kind.NUMBER_LIST: st.lists(number_like, max_size=5),
        Kind.COUNT_LIST: st.lists(st.one_of(st.integers(-5, 10**6), NUMBERS), max_size=5),
        Kind.RECORDS: st.lists(
            st.dictionaries(
                st.one_of(RECORD_KEYS, st.text(max_size=6)),
                st.one_of(SCALARS, NAMES, st.lists(SCALARS, max_size=3)),
                max_size=4,
            ),
            max_size=4,
        ),
        Kind.CHOICE: st.one_of(st.sampled_from(["left", "right", "midpoint", "show"]), SCALARS),
        Kind.FILE: st.one_of(st.sampled_from(FILE_NAMES), st.text(max_size=12), SCALARS),
    }[kind]
    return st.one_of(shaped, shaped, ANYTHING)


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder: anything written there besides the lecture is a side effect."""
    folder = tmp_path / "sandbox"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


DRAFT = load_quality("draft")


def plan_or_refuse(path: Path, out: Path) -> None:
    """Load and plan every scene; the only acceptable failure is a ContentError sentence."""
    threads = threading.active_count()
    children = _children()
    try:
        lecture = load_lecture(path)
        for scene in lecture.scenes:
            build_plan(lecture, scene.name)
        for job in scene_jobs(lecture, [s.name for s in lecture.scenes], DRAFT, out):
            for output in job.outputs:  # file-like ids must not lead out of the output folder
                assert output.resolve().is_relative_to(out.resolve()), output
    except ContentError as error:
        message = str(error)
        assert message and "\n" not in message.strip() and "Traceback" not in message
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # nothing else written
    assert threading.active_count() <= threads and _children() <= children  # nothing started


def _children() -> set[int]:
    from render_fixtures import descendants

    return descendants(os.getpid())


TEMPLATE_PARAMS = [
    (name, param.name, param.kind)
    for name, found in sorted(templates().items())
    for param in found.schema.params
]


@pytest.mark.parametrize("template_name", sorted(templates()))
@FUZZ
@given(data=st.data())
def test_every_parameter_takes_hostile_values_without_a_traceback(
    sandbox: Path, template_name: str, data: st.DataObject
) -> None:
    params = templates()[template_name].schema.params
    chosen = data.draw(
        st.lists(st.sampled_from(params), min_size=1, max_size=3, unique_by=lambda p: p.name)
    )
    values = {param.name: data.draw(values_for(param.kind), label=param.name) for param in chosen}
    path = write_lecture(sandbox / "lecture.toml", "Scene", template_name, values)
    plan_or_refuse(path, sandbox.parent / "out")


@FUZZ
@given(
    scene_id=st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(min_size=1, max_size=20)),
    title=st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_TEXT)),
    chapter=st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_TEXT), ANYTHING),
)
def test_scene_ids_titles_and_chapters_take_hostile_values(
    sandbox: Path, scene_id: str, title: str, chapter: Any
) -> None:
    path = write_lecture(sandbox / "lecture.toml", scene_id, "SlopeOfLine", {}, title=title)
    text = path.read_text(encoding="utf-8").replace(
        'template = "SlopeOfLine"\n', f'template = "SlopeOfLine"\nchapter = {toml_value(chapter)}\n'
    )
    path.write_text(text, encoding="utf-8")
    plan_or_refuse(path, sandbox.parent / "out")


@FUZZ
@given(
    sentence=st.one_of(st.text(max_size=200), st.sampled_from(HOSTILE_TEXT), ANYTHING),
    beat=st.integers(min_value=0, max_value=4),
)
def test_narration_takes_hostile_values(sandbox: Path, sentence: Any, beat: int) -> None:
    path = write_lecture(sandbox / "lecture.toml", "Scene", "SecantConvergence", {})
    lines = path.read_text(encoding="utf-8").splitlines()
    narration = [
        i
        for i, line in enumerate(lines)
        if line.startswith(("DrawThe", "Tabulate", "Shrink", "Zoom", "State"))
    ]
    name = lines[narration[beat]].split(" = ")[0]
    lines[narration[beat]] = f"{name} = {toml_value(sentence)}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan_or_refuse(path, sandbox.parent / "out")


@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=300), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
    )
)
def test_a_file_that_is_not_a_lecture_is_one_sentence(sandbox: Path, text: str) -> None:
    path = sandbox / "lecture.toml"
    path.write_text(text, encoding="utf-8")
    plan_or_refuse(path, sandbox.parent / "out")


def test_the_fuzz_helpers_write_a_lecture_that_plans(sandbox: Path) -> None:
    path = write_lecture(sandbox / "lecture.toml", "Scene", "SecantConvergence", {"x0": 1})
    table = scene_table("Scene", "SecantConvergence", {"x0": 1})
    assert path.read_text(encoding="utf-8").endswith(table)  # the head, then this scene's table
    assert '"x0" = 1\n' in table and '\n[scenes."Scene".narration]\n' in table
    plan_or_refuse(path, sandbox.parent / "out")
    assert build_plan(load_lecture(path), "Scene").x0 == 1


# ---------------------------------------------------------------- nesting and sizes

CASE_SECONDS = 2.0  # of CPU time: each hostile file is loaded (and planned) or refused in it
CASE_MEMORY = 200_000_000  # bytes: how much loading one such file may raise the peak
SHAPES = settings(
    max_examples=3 * EXAMPLES,  # cheap cases: most are refused before any planning
    deadline=None,  # the time limit is CASE_SECONDS, checked on the load itself
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    derandomize=True,
)


# Sizes and counts at and around the limits, and far past them, tried besides random ones.
EDGE_SIZES = [200, 201, 300, 301, 2_000, 2_001, 999_000, 1_000_001, 1_200_000]
EDGE_COUNTS = [8, 9, 12, 13, 100, 101, 200, 201, 40_000]


def load_within_limits(path: Path) -> None:
    """Load and plan the file, or refuse it in one sentence: quickly, and in bounded memory
    (the process's peak may not grow by more than CASE_MEMORY; tracemalloc would slow the
    TOML reader sevenfold, past the time limit)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    started = time.process_time()  # this process's own work: others share the machine
    try:
        lecture = load_lecture(path)
        for scene in lecture.scenes:
            build_plan(lecture, scene.name)
    except ContentError as error:
        message = str(error)
        assert message and "\n" not in message.strip() and len(message) < 1000
    elapsed = time.process_time() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak
    assert elapsed < CASE_SECONDS, f"took {elapsed:.2f} s"
    assert grown < CASE_MEMORY, f"the peak memory grew by {grown:,} bytes"


def nested(depth: int, shape: str) -> str:
    """A value (or, for "table", a table header) nested `depth` levels deep."""
    if shape == "array":
        return "[" * depth + "1" + "]" * depth
    if shape == "inline":
        return "{a = " * depth + "1" + "}" * depth
    return ".".join(["a"] * max(depth, 1))


@SHAPES
@given(
    depth=st.one_of(st.sampled_from([8, 9, 998, 999, 1000, 3000]), st.integers(0, 3000)),
    shape=st.sampled_from(["array", "inline", "table", "dotted"]),
    where=st.sampled_from(["top", "lecture", "scene", "narration", "param"]),
)
def test_any_nesting_depth_loads_or_is_refused_quickly(
    sandbox: Path, depth: int, shape: str, where: str
) -> None:
    path = write_lecture(sandbox / "lecture.toml", "Scene", "SlopeOfLine", {})
    text = path.read_text(encoding="utf-8")
    value = nested(depth, shape)
    if shape == "table":  # a [a.a.a...] header, appended after every other table
        text += f"\n[{value}]\nk = 1\n"
    else:
        line = f"{value} = 1\n" if shape == "dotted" else f"deep = {value}\n"
        anchors = {
            "top": "[lecture]\n",
            "lecture": "[lecture]\n",
            "scene": 'template = "SlopeOfLine"\n',
            "narration": '[scenes."Scene".narration]\n',
            "param": 'template = "SlopeOfLine"\n',
        }
        anchor = anchors[where]
        if where == "top":
            text = line + text
        elif where == "param":
            text = text.replace(anchor, anchor + line.replace("deep = ", "x_range = "), 1)
        else:
            text = text.replace(anchor, anchor + line, 1)
    path.write_text(text, encoding="utf-8")
    load_within_limits(path)


@SHAPES
@given(
    size=st.one_of(st.sampled_from(EDGE_SIZES), st.integers(0, 1_200_000)),
    where=st.sampled_from(
        ["title", "subtitle", "outline", "narration", "formula", "key", "pronunciation"]
    ),
    character=st.sampled_from(["a", "é", "斜", " ", "x+", "\\\\"]),
)
def test_strings_of_any_size_load_or_are_refused_quickly(
    sandbox: Path, size: int, where: str, character: str
) -> None:
    big = (character * (size // len(character) + 1))[:size]
    text = toml_value(big)
    path = write_lecture(sandbox / "lecture.toml", "Scene", "LectureTitle", {})
    lecture = path.read_text(encoding="utf-8")
    if where == "title":
        lecture = lecture.replace('title = "T"', f"title = {text}", 1)
    elif where in ("subtitle", "formula"):
        key = "subtitle" if where == "subtitle" else "title"
        lecture = lecture.replace(
            'template = "LectureTitle"\n', f'template = "LectureTitle"\n{key} = {text}\n'
        )
    elif where == "outline":
        lecture = lecture.replace(
            'template = "LectureTitle"\n', f'template = "LectureTitle"\noutline = [{text}]\n'
        )
    elif where == "narration":
        lecture = lecture.replace("ShowTheTitle = ", f"ShowTheTitle = {text}\nX = ", 1)
        lecture = lecture.replace("\nX = ", "\n# ", 1)
    elif where == "key":
        lecture = f"{text} = 1\n" + lecture
    else:
        lecture = f"[pronunciation]\n{text} = {text}\n\n" + lecture
    path.write_text(lecture, encoding="utf-8")
    load_within_limits(path)


@SHAPES
@given(
    count=st.one_of(st.sampled_from(EDGE_COUNTS), st.integers(0, 40_000)),
    where=st.sampled_from(
        ["pronunciation", "scene keys", "outline", "more_starts", "step_sizes", "scenes"]
    ),
)
def test_any_number_of_keys_or_items_loads_or_is_refused_quickly(
    sandbox: Path, count: int, where: str
) -> None:
    template = {"more_starts": "GradientDescentBall", "step_sizes": "SecantConvergence"}
    path = write_lecture(sandbox / "lecture.toml", "Scene", template.get(where, "LectureTitle"), {})
    text = path.read_text(encoding="utf-8")
    anchor = next(line for line in text.splitlines(keepends=True) if line.startswith("template"))
    if where == "pronunciation":
        text = "[pronunciation]\n" + "".join(f'"w{i}" = "word"\n' for i in range(count)) + text
    elif where == "scene keys":
        text = text.replace(anchor, anchor + "".join(f"k{i} = {i}\n" for i in range(count)))
    elif where == "outline":
        items = ", ".join(f'"Item {i}"' for i in range(count))
        text = text.replace(anchor, anchor + f"outline = [{items}]\n")
    elif where == "more_starts":
        items = ", ".join("[0.5, 0.5]" for _ in range(count))
        text = text.replace(anchor, anchor + f"more_starts = [{items}]\n")
    elif where == "step_sizes":
        items = ", ".join(f"{1 / (i + 1):.12g}" for i in range(count))
        text = text.replace(anchor, anchor + f"step_sizes = [{items}]\nfinal_step = 1e-6\n")
    else:
        names = ", ".join(f'"S{i}"' for i in range(count))
        text = text.replace('scenes = ["Scene"]', f'scenes = ["Scene", {names}]')
    path.write_text(text, encoding="utf-8")
    load_within_limits(path)
