"""A lecture file (render_config/lecture.toml) -> a checked, read-only content model.

Everything a lecturer types is read here and nowhere else: each value is converted
to what the math core expects (exact sympy numbers, sympy expressions in real x
and y) and every mistake is reported as one sentence naming the file, the key and
the value, so a typo never reaches a half-rendered video. Each `[scenes.<Id>]` table
is one instance of a scene template (its `template` key, or the id itself) and is
checked against that template's schema, which the caller passes in.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import pickle
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import sympy

from scenes.content import limits
from scenes.content.expressions import (
    FUNCTIONS,
    ExpressionError,
    UnsafeLatexError,
    check_latex_text,
    parse_expression,
)
from scenes.content.limits import MAX_COUNT
from scenes.content.schema import Kind, Param, SceneCheck, Schemas, TemplateSchema
from scenes.content.spoken import apply_pronunciation, foreign_part, unspeakable_part
from scenes.content.voice_settings import VOICE, VoiceSettings, read_voice_settings
from scenes.paths import DEFAULT_CONTENT

CONTENT_ENV = "LECTURE_CONTENT"
NARRATION = "narration"
PRONUNCIATION = "pronunciation"
TEMPLATE_KEY = "template"
CHAPTER_KEY = "chapter"
SCENE_KEYS = (TEMPLATE_KEY, CHAPTER_KEY, NARRATION)  # every scene table may have these
RESERVED_NAMES = frozenset({"x", "y", "e", "E"})
# a value's name in a Kind.VALUES table: a symbol its formulas use
VALUE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}")
RESERVED_VALUE_NAMES = frozenset({"e", "E", "pi", "I", "oo", *FUNCTIONS})
FILE_DIGEST = "file-content:"  # keys the digest of a file parameter's bytes

# A scene id names its files (OUT/<quality>/<Id>.mp4, <Id>/...): no path, no clash with
# the lecture's own outputs, the same on case-blind disks.
SCENE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
RESERVED_SCENE_IDS = frozenset({"lecture", "chapters", "slides", "transparent", "figures"})
SCENE_ID_RULE = (
    "is not a scene id: it names the scene's files, so use up to 64 letters, digits, _ or -, "
    "starting with a letter, and none of lecture, chapters, slides, transparent, figures"
)
_LECTURE_KEYS = ("title", "scenes")
_FILE_KEYS = ("lecture", "scenes", PRONUNCIATION, VOICE)  # a lecture file's top-level tables
_MAX_ITEMS: dict[Kind, int] = {
    Kind.TEXT_LIST: limits.MAX_TEXT_ITEMS,
    Kind.EXPR_LIST: limits.MAX_FORMULA_ITEMS,
    Kind.STEP_SIZES: limits.MAX_STEP_SIZES,
    Kind.POINT_LIST: limits.MAX_POINTS,
    Kind.FORMULA_LIST: limits.MAX_FORMULA_ITEMS,
    Kind.NUMBER_LIST: limits.MAX_NUMBER_ITEMS,
    Kind.COUNT_LIST: limits.MAX_TEXT_ITEMS,
    Kind.RECORDS: limits.MAX_RECORDS,
}
_TOML_POSITION = re.compile(r"^(?P<reason>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_NOT_GIVEN = object()
# a plan value named in narration, "{slope}": the plan fills it (maths/narration_values.py)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

_KIND_WANTS: dict[Kind, str] = {
    Kind.TEXT: "text in quotes",
    Kind.TEXT_LIST: 'a non-empty list of texts, such as ["Derivatives", "Gradients"]',
    Kind.EXPR_X: 'a formula in x in quotes, such as "x**2"',
    Kind.EXPR_XY: 'a formula in x and y in quotes, such as "x**2 + y**2"',
    Kind.EXPR_LIST: 'a list of formulas in x, such as ["x**2", "2*x"]',
    Kind.NUMBER: 'a number such as 1, 0.5 or "1/3"',
    Kind.POSITIVE: 'a number greater than 0, such as 0.1 or "1/10"',
    Kind.COUNT: f"a whole number from 1 to {MAX_COUNT}",
    Kind.STEP_SIZES: "a non-empty list of decreasing numbers greater than 0, such as [1, 0.5]",
    Kind.POINT: "a point [x, y], such as [1, 1]",
    Kind.POINT_LIST: "a list of points, such as [[1, 0], [0, 0]]",
    Kind.RANGE: "a range [low, high] with low < high, such as [-2, 2]",
    Kind.NAME: 'a one-letter function name other than x, y and e, such as "S"',
    Kind.HELPERS: 'a table of one-letter names and formulas, such as { S = "1/(1 + exp(-x))" }',
    Kind.FORMULA: 'a formula in quotes, such as "x**2" or "(f(2) - f(1))/(2 - 1)"',
    Kind.FORMULA_LIST: 'a non-empty list of formulas, such as ["x**2", "2*x"]',
    Kind.VALUES: 'a table of names and numbers, such as { x = 1, w = "1/2" }',
    Kind.NUMBER_LIST: 'a non-empty list of numbers, such as [0, 0.5, "1/3"]',
    Kind.COUNT_LIST: "a non-empty list of increasing whole numbers, such as [1, 2, 4]",
    Kind.RECORDS: 'a list of tables, such as [{ x = 1 }, { x = 2, label = "B" }]',
    Kind.CHOICE: "one of the words listed in `lecture templates`",
    Kind.FILE: 'a file in the lecture\'s folder, such as "images/diagram.png"',
}


class ContentError(ValueError):
    """A mistake in the content file; str() is one printable sentence naming file, key and value."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        key: str | None = None,
        value: Any = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.key = key
        self.value = value


@dataclass(frozen=True)
class Beat:
    """One idea of a scene and the sentence(s) said over it ("" for a silent beat).

    `narration` is what the captions show; `spoken` is what the voice says (the
    narration after the lecture's pronunciation table).
    """

    name: str
    narration: str
    spoken: str = ""
    former: tuple[str, ...] = ()  # names the beat had before (recordings may use them)
    # said in turn: the beat's opening, then one part per step of the template's beat
    # (a single string: one part, said from the beat's start while its steps play)
    parts: tuple[str, ...] = ()
    spoken_parts: tuple[str, ...] = ()
    listed: bool = False  # written as a list, one sentence per step (an opening may lead)
    default: bool = False  # the lecture left it out: the template's own sentence(s)

    def __post_init__(self) -> None:
        if not self.parts:
            object.__setattr__(self, "parts", (self.narration,))
        if not self.spoken:
            object.__setattr__(self, "spoken", " ".join(p for p in self.spoken_parts if p))
        if not self.spoken:
            object.__setattr__(self, "spoken", self.narration)
        if not self.spoken_parts:
            spoken = (self.spoken,) if len(self.parts) == 1 else self.parts
            object.__setattr__(self, "spoken_parts", spoken)

    @property
    def stepped(self) -> bool:
        """Whether its narration is said step by step (an opening and one part per step)."""
        return len(self.parts) > 1


@dataclass(frozen=True)
class SceneContent:
    """One scene instance: its id (`name`, also its output files' name), the template it
    is drawn with, its chapter title, checked parameters and narration; `digest` changes
    when its table does, `visual_digest` only when something but the narration does."""

    name: str
    template: str
    chapter: str
    params: Mapping[str, Any] = field(hash=False)
    beats: tuple[Beat, ...]
    digest: str
    visual_digest: str = ""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as its fields, for render jobs to carry; see _scene_content."""
        params = pickle.dumps(dict(self.params))
        fields = (self.name, self.template, self.chapter, params, self.beats, self.digest)
        return (_scene_content, (*fields, self.visual_digest))


def _scene_content(
    name: str,
    template: str,
    chapter: str,
    params: bytes,
    beats: tuple[Beat, ...],
    digest: str,
    visual_digest: str,
) -> SceneContent:
    """A SceneContent unpickled exactly as it was loaded.

    sympy rebuilds an expression from its arguments when unpickled, which would simplify
    an author's step written unevaluated ("(1 + e^-x - 1)/..."); rebuilt without
    evaluation, each expression is the tree that was pickled.
    """
    with sympy.evaluate(False):
        values = pickle.loads(params)
    return SceneContent(
        name, template, chapter, MappingProxyType(values), beats, digest, visual_digest
    )


@dataclass(frozen=True)
class Lecture:
    """The whole lecture: its title and scenes in the order they are shown."""

    path: Path
    title: str
    scenes: tuple[SceneContent, ...]
    pronunciation: Mapping[str, str] = field(default_factory=dict, hash=False)
    voice: VoiceSettings = VoiceSettings()

    def scene(self, name: str) -> SceneContent:
        """The content of one scene; KeyError names the scenes this lecture has."""
        for scene in self.scenes:
            if scene.name == name:
                return scene
        valid = ", ".join(scene.name for scene in self.scenes)
        raise KeyError(f"scene {name!r} is not in the lecture {self.path}; its scenes: {valid}")


def content_path() -> Path:
    """The content file: $LECTURE_CONTENT when set, else render_config/lecture.toml."""
    configured = os.environ.get(CONTENT_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_CONTENT


def load_lecture(path: Path | str | None, templates: Schemas) -> Lecture:
    """Read and check a lecture file against the templates' schemas; mistakes raise ContentError.

    `path` None reads the default content (see content_path).
    """
    path = Path(path) if path is not None else content_path()
    reader = _Reader(path)
    data = reader.read_toml()
    reader.refuse_unknown_keys(data, "", _FILE_KEYS, "a lecture file")
    lecture = reader.table(data, "lecture", "title and scenes")
    reader.refuse_unknown_keys(lecture, "lecture", _LECTURE_KEYS, "the [lecture] table")
    title = reader.text("lecture.title", reader.required(lecture, "lecture", "title", "text"))
    names = reader.scene_names(reader.required(lecture, "lecture", "scenes", "a list of scenes"))
    tables = reader.table(data, "scenes", "one [scenes.<Name>] table per scene")
    if len(tables) > limits.MAX_SCENES:
        raise reader.error(
            "scenes",
            f"has {len(tables)} tables; a lecture file holds at most {limits.MAX_SCENES} scenes",
        )
    reader.pronunciation = reader.pronunciation_table(data)
    voice = read_voice_settings(
        data, path.parent, lambda key, problem, value: reader.error(key, problem, value)
    )
    schemas = {name: reader.schema_of(name, table, templates) for name, table in tables.items()}
    for index, name in enumerate(names):
        if name not in tables:
            raise reader.error(
                f"lecture.scenes[{index}]",
                f"has no [scenes.{name}] table{_did_you_mean(name, tables)}; "
                "add one, naming its template",
                name,
            )
    scenes = tuple(reader.scene(name, schemas[name], tables[name]) for name in names)
    return Lecture(
        path=path,
        title=title,
        scenes=scenes,
        pronunciation=MappingProxyType(dict(reader.pronunciation)),
        voice=voice,
    )


def scene_digest(table: Mapping[str, Any]) -> str:
    """sha256 of a scene's raw TOML table in canonical JSON: the render cache key's content part."""
    canonical = json.dumps(
        table, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Reader:
    """Reads one content file, turning each mistake into a ContentError about that file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.pronunciation: dict[str, str] = {}

    def error(
        self, key: str | None, problem: str, value: Any = _NOT_GIVEN, show_value: bool = True
    ) -> ContentError:
        where = f"{self.shown}: {_short(key, 2 * limits.MAX_KEY_SHOWN)}" if key else self.shown
        if value is not _NOT_GIVEN and show_value:
            where += f" = {_toml(value)}"
        message = f"{where} {problem}"
        if not message.endswith((".", "?", "!")):
            message += "."
        return ContentError(
            message, path=self.path, key=key, value=None if value is _NOT_GIVEN else value
        )

    def refuse_long(
        self, key: str, text: str, limit: int, what: str, value: Any = _NOT_GIVEN
    ) -> None:
        """`text` at most `limit` characters, else one sentence naming `what` is limited."""
        if len(text) > limit:
            raise self.error(
                key,
                f"is {len(text):,} characters long; {what} is limited to {limit:,} characters",
                value,
            )

    # ------------------------------------------------------------ file and tables

    def read_toml(self) -> dict[str, Any]:
        """The file's tables, refused before any work when too big or nested too deep."""
        try:
            with self.path.open("rb") as file:  # never more than the limit, even from a pipe
                raw = file.read(limits.MAX_FILE_BYTES + 1)
            if len(raw) > limits.MAX_FILE_BYTES:
                size = _file_size(self.path)  # 0 for a pipe, whose size is not known
                actual = f"{_bytes(size)} ({size:,} bytes)" if size >= len(raw) else "larger"
                raise ContentError(
                    f"{self.shown}: the file is {actual}; a lecture file is limited to "
                    f"{_bytes(limits.MAX_FILE_BYTES)} ({limits.MAX_FILE_BYTES:,} bytes).",
                    path=self.path,
                )
            text = raw.decode("utf-8")
        except FileNotFoundError:
            raise ContentError(
                f"{self.shown}: the content file does not exist.", path=self.path
            ) from None
        except UnicodeDecodeError:
            raise ContentError(
                f"{self.shown}: the file is not UTF-8 text.", path=self.path
            ) from None
        except OSError as error:
            raise ContentError(
                f"{self.shown}: the file cannot be read ({error.strerror or error}).",
                path=self.path,
            ) from None
        try:
            data = tomllib.loads(text)
        except RecursionError:
            raise ContentError(
                f"{self.shown}: the file nests tables or lists too deeply to read; a lecture "
                f"file nests them at most {limits.MAX_DEPTH} levels deep.",
                path=self.path,
            ) from None
        except tomllib.TOMLDecodeError as error:
            match = _TOML_POSITION.match(str(error))
            if match is None:
                message = f"{self.shown}: the file is not valid TOML ({error})."
            else:
                line, column = match["line"], match["column"]
                message = (
                    f"{self.shown}:{line}:{column}: the file is not valid TOML at line {line}, "
                    f"column {column} ({match['reason']})."
                )
            raise ContentError(message, path=self.path) from None
        self.refuse_deep_nesting(data)
        return data

    def refuse_deep_nesting(self, data: dict[str, Any]) -> None:
        """Tables and lists at most MAX_DEPTH levels deep (walked without recursion)."""
        stack: list[tuple[str, Any, int]] = [("", data, 0)]
        while stack:
            key, value, depth = stack.pop()
            if isinstance(value, dict):
                children = [(f"{key}.{k}" if key else k, v) for k, v in value.items()]
            elif isinstance(value, list):
                children = [(f"{key}[{i}]", v) for i, v in enumerate(value)]
            else:
                continue
            if depth > limits.MAX_DEPTH:
                raise self.error(
                    key,
                    f"is nested {depth} levels deep; a lecture file nests tables and lists at "
                    f"most {limits.MAX_DEPTH} levels deep",
                )
            stack.extend((k, v, depth + 1) for k, v in reversed(children))

    def table(
        self, parent: Mapping[str, Any], key: str, wants: str, prefix: str = ""
    ) -> dict[str, Any]:
        dotted = f"{prefix}.{key}" if prefix else key
        if key not in parent:
            raise self.error(dotted, f"is missing; add a [{dotted}] table with {wants}")
        value = parent[key]
        if not isinstance(value, dict):
            raise self.error(
                dotted, f"is not a table; write a [{dotted}] table with {wants}", value
            )
        return value

    def required(self, table: Mapping[str, Any], prefix: str, key: str, wants: str) -> Any:
        if key not in table:
            raise self.error(f"{prefix}.{key}", f"is missing; add it as {wants}")
        return table[key]

    def refuse_unknown_keys(
        self, table: Mapping[str, Any], prefix: str, known: Sequence[str], owner: str
    ) -> None:
        for key, value in table.items():
            if key not in known:
                shown = _short(_toml(key) if _needs_quotes(key) else key, limits.MAX_KEY_SHOWN)
                hint = _did_you_mean(key, known) if len(key) <= limits.MAX_KEY_SHOWN else ""
                what = "key" if prefix else "top-level table"
                raise self.error(
                    f"{prefix}.{shown}" if prefix else shown,
                    f"is not a {what} of {owner}{hint}; its {what}s are: {', '.join(known)}",
                    value,
                    show_value=not isinstance(value, dict),
                )

    def scene_names(self, value: Any) -> tuple[str, ...]:
        key = "lecture.scenes"
        if not isinstance(value, list) or not value:
            raise self.error(key, "is not a non-empty list of scene names", value)
        if len(value) > limits.MAX_SCENES:
            raise self.error(
                key,
                f"lists {len(value)} scenes; a lecture has at most {limits.MAX_SCENES}",
                show_value=False,
            )
        names: list[str] = []
        for index, name in enumerate(value):
            item = f"{key}[{index}]"
            if not isinstance(name, str):
                raise self.error(item, "is not a scene name in quotes", name)
            if not SCENE_ID.fullmatch(name) or name.lower() in RESERVED_SCENE_IDS:
                raise self.error(item, SCENE_ID_RULE, name)
            if name in names:
                raise self.error(item, "is listed twice", name)
            names.append(name)
        return tuple(names)

    # ------------------------------------------------------------ one scene

    def schema_of(self, name: str, table: Any, templates: Schemas) -> TemplateSchema:
        """The template a scene table names (its `template` key, else its id)."""
        prefix = f"scenes.{name}"
        if not isinstance(table, dict):
            raise self.error(prefix, "is not a table; write it as [scenes.<Id>]", table)
        valid = ", ".join(sorted({schema.name for schema in templates.values()}))
        if TEMPLATE_KEY not in table:
            if name in templates:
                return templates[name]
            raise self.error(
                prefix,
                f"names no template and is not one{_did_you_mean(name, templates)}; add "
                f'template = "<one of: {valid}>" to its table',
                show_value=False,
            )
        chosen = table[TEMPLATE_KEY]
        if not isinstance(chosen, str) or chosen not in templates:
            raise self.error(
                f"{prefix}.{TEMPLATE_KEY}",
                f"is not a template{_did_you_mean(str(chosen), templates)}; templates: {valid}",
                chosen,
            )
        return templates[chosen]

    def scene(self, name: str, spec: TemplateSchema, table: dict[str, Any]) -> SceneContent:
        prefix = f"scenes.{name}"
        self.refuse_unknown_keys(
            table, prefix, (*spec.param_names, *SCENE_KEYS), f"the template {spec.name}"
        )
        raw = {param.name: table.get(param.name, param.default) for param in spec.params}
        # Function names first: the author steps may call them, as in "S(x) * (1 - S(x))".
        params: dict[str, Any] = {
            param.name: self.name(f"{prefix}.{param.name}", raw[param.name])
            for param in spec.params
            if param.kind is Kind.NAME
        }
        functions = tuple(params.values())
        # Helper functions next: each may call the helpers before it; the formulas after may
        # call them all, as in function = "-ln(S(x))" (the function never calls its own name).
        helper_names: tuple[str, ...] = ()
        for param in spec.params:
            if param.kind is Kind.HELPERS:
                helpers = self.helpers(f"{prefix}.{param.name}", raw[param.name], functions)
                params[param.name] = helpers
                helper_names = (*helper_names, *helpers)
        functions = (*functions, *helper_names)
        for param in spec.params:
            if param.kind is Kind.EXPR_X and helper_names:
                params[param.name] = self.expression(
                    f"{prefix}.{param.name}", raw[param.name], ("x",), helper_names
                )
            elif param.kind not in (Kind.NAME, Kind.HELPERS):
                params[param.name] = self.param(
                    f"{prefix}.{param.name}",
                    param.kind,
                    raw[param.name],
                    functions,
                    sized=param.limits is None,  # else its own limits say what it may be
                    choices=param.choices,
                )
        params = {param.name: params[param.name] for param in spec.params}
        for param in spec.params:
            self.within_limits(f"{prefix}.{param.name}", param, raw[param.name], params)
            self.inside_ranges(prefix, param, raw, params)
        if spec.check is not None:
            spec.check(
                SceneCheck(
                    prefix=prefix,
                    raw=raw,
                    params=params,
                    refuse=lambda key, problem, value: self.error(
                        f"{prefix}.{key}", problem, value
                    ),
                    show=_toml,
                )
            )
        # a file's content, not only its name, keys the scene: a redrawn diagram renders again
        files = {
            f"{FILE_DIGEST}{param.name}": _content_digest(params[param.name])
            for param in spec.params
            if param.kind is Kind.FILE
        }
        chapter = (
            self.text(f"{prefix}.{CHAPTER_KEY}", table[CHAPTER_KEY])
            if CHAPTER_KEY in table
            else spec.chapter
        )
        return SceneContent(
            name=name,
            template=spec.name,
            chapter=chapter,
            params=MappingProxyType(params),
            beats=self.narration(name, spec, table),
            digest=scene_digest({**table, **files}),
            visual_digest=scene_digest(
                {k: v for k, v in {**table, **files}.items() if k != NARRATION}
            ),
        )

    def narration(
        self, name: str, spec: TemplateSchema, table: Mapping[str, Any]
    ) -> tuple[Beat, ...]:
        prefix = f"scenes.{name}"
        # no [narration] table, or a beat left out: the template says its own sentence
        written = (
            self.table(table, NARRATION, "one sentence per beat", prefix)
            if NARRATION in table
            else {}
        )
        key = f"{prefix}.{NARRATION}"
        renamed = dict(spec.renamed_beats)
        narration: dict[str, Any] = {}
        for beat, value in written.items():
            current = renamed.get(beat, beat)
            if current in narration:
                raise self.error(
                    f"{key}.{beat}",
                    f"gives the beat {current} a second time (one is its former name); keep one",
                    value,
                )
            narration[current] = value
        for beat, value in written.items():
            if beat not in spec.beats and beat not in renamed:
                raise self.error(
                    f"{key}.{beat}",
                    f"is not a beat of the template {spec.name}"
                    f"{_did_you_mean(beat, spec.beats)}; "
                    f"its beats are: {', '.join(spec.beats)}",
                    value,
                )
        beats: list[Beat] = []
        for index, beat in enumerate(spec.beats):
            text = narration.get(beat, spec.example_narration[index])
            written = tuple(text) if isinstance(text, list) else (text,)
            if isinstance(text, list) and not 1 <= len(text) <= limits.MAX_STEPS:
                raise self.error(
                    f"{key}.{beat}",
                    f"lists {len(text)} sentences; give one per step of the beat "
                    f"(at most {limits.MAX_STEPS}), or one text for the whole beat",
                    text,
                )
            spoken_parts = []
            for number, part in enumerate(written):
                where = f"{key}.{beat}" + (f"[{number}]" if isinstance(text, list) else "")
                spoken_parts.append(self.sentence(where, part))
            joined = " ".join(part for part in written if part)
            self.refuse_long(
                f"{key}.{beat}", joined, limits.MAX_NARRATION_LENGTH, "a beat's narration", text
            )
            beats.append(
                Beat(
                    beat,
                    joined,
                    " ".join(part for part in spoken_parts if part),
                    spec.former_names(beat),
                    written,
                    tuple(spoken_parts),
                    listed=isinstance(text, list),
                    default=beat not in narration,
                )
            )
        return tuple(beats)

    def sentence(self, key: str, text: Any) -> str:
        """One narration text checked (quoted text, no control character, speakable, English);
        its spoken form, after the pronunciation table."""
        if not isinstance(text, str):
            raise self.error(key, "is not text in quotes (or a list of texts, one per step)", text)
        control = next((c for c in text if _is_control(c) and c not in "\t\n\r"), None)
        if control is not None:
            raise self.error(key, f"contains the control character {control!r}", text)
        spoken = apply_pronunciation(text, self.pronunciation)
        heard = PLACEHOLDER.sub("value", spoken)  # {name}: filled from the plan, in words
        unspeakable = unspeakable_part(heard)
        if unspeakable is not None:
            raise self.error(key, unspeakable.sentence(), text)
        foreign = foreign_part(heard)
        if foreign is not None:
            raise self.error(key, foreign.sentence(), text)
        return spoken

    def pronunciation_table(self, data: Mapping[str, Any]) -> dict[str, str]:
        """The optional [pronunciation] table: written form = spoken form, both plain text."""
        if PRONUNCIATION not in data:
            return {}
        table = data[PRONUNCIATION]
        if not isinstance(table, dict):
            raise self.error(
                PRONUNCIATION,
                'is not a table; write [pronunciation] with lines such as "S(x)" = "S of x"',
                table,
            )
        if len(table) > limits.MAX_PRONUNCIATIONS:
            raise self.error(
                PRONUNCIATION,
                f"has {len(table)} entries; it is limited to {limits.MAX_PRONUNCIATIONS}",
            )
        for written, spoken in table.items():
            key = f"{PRONUNCIATION}.{_toml(written)}"
            if not written.strip():
                raise self.error(key, "is empty; name the written form to replace")
            self.refuse_long(key, written, limits.MAX_PRONUNCIATION_LENGTH, "a written form")
            if not isinstance(spoken, str) or not spoken.strip():
                raise self.error(key, "is not text in quotes: the words to say instead", spoken)
            self.refuse_long(key, spoken, limits.MAX_PRONUNCIATION_LENGTH, "a spoken form", spoken)
            unspeakable = unspeakable_part(spoken)
            if unspeakable is not None:
                raise self.error(key, unspeakable.sentence(), spoken)
            foreign = foreign_part(spoken)
            if foreign is not None:
                raise self.error(key, foreign.sentence(), spoken)
        return dict(table)

    # ------------------------------------------------------------ values by kind

    def param(
        self,
        key: str,
        kind: Kind,
        value: Any,
        functions: tuple[str, ...],
        sized: bool = True,
        choices: tuple[str, ...] = (),
    ) -> Any:
        converters: dict[Kind, Callable[[str, Any], Any]] = {
            Kind.TEXT: self.text,
            Kind.TEXT_LIST: self.text_list,
            Kind.EXPR_X: lambda k, v: self.expression(k, v, ("x",)),
            Kind.EXPR_XY: lambda k, v: self.expression(k, v, ("x", "y")),
            Kind.EXPR_LIST: lambda k, v: self.expression_list(k, v, functions),
            Kind.NUMBER: lambda k, v: self.number(k, v, sized),
            Kind.POSITIVE: lambda k, v: self.positive(k, v, sized),
            Kind.COUNT: self.count,
            Kind.STEP_SIZES: self.step_sizes,
            Kind.POINT: self.point,
            Kind.POINT_LIST: self.point_list,
            Kind.RANGE: self.range,
            Kind.NAME: self.name,
            Kind.HELPERS: lambda k, v: self.helpers(k, v, functions),
            Kind.FORMULA: self.formula,
            Kind.FORMULA_LIST: self.formula_list,
            Kind.VALUES: self.values,
            Kind.NUMBER_LIST: self.number_list,
            Kind.COUNT_LIST: self.count_list,
            Kind.RECORDS: self.records,
            Kind.CHOICE: lambda k, v: self.choice(k, v, choices),
            Kind.FILE: lambda k, v: self.file(k, v, choices),
        }
        return converters[kind](key, value)

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.error(key, f"is not {_KIND_WANTS[Kind.TEXT]}", value)
        self.refuse_long(key, value, limits.MAX_TEXT_LENGTH, "a text drawn on a slide", value)
        try:
            return check_latex_text(value)
        except UnsafeLatexError as error:
            raise self.error(key, f"is refused: it {error}", value) from None

    def text_list(self, key: str, value: Any) -> tuple[str, ...]:
        items = self.list(key, value, Kind.TEXT_LIST, allow_empty=False)
        return tuple(self.text(f"{key}[{i}]", item) for i, item in enumerate(items))

    def expression(
        self,
        key: str,
        value: Any,
        variables: Sequence[str],
        functions: Sequence[str] = (),
        evaluate: bool = True,
    ) -> sympy.Expr:
        if _is_plain_number(value):
            return self.number(key, value)
        if not isinstance(value, str):
            raise self.error(key, "is not a formula in quotes", value)
        try:
            return parse_expression(value, variables, functions, evaluate=evaluate)
        except ExpressionError as error:
            raise self.error(key, f"is not a valid expression: {error}", value) from None

    def expression_list(
        self, key: str, value: Any, functions: Sequence[str]
    ) -> tuple[sympy.Expr, ...]:
        items = self.list(key, value, Kind.EXPR_LIST, allow_empty=True)
        return tuple(
            self.expression(f"{key}[{i}]", item, ("x",), functions, evaluate=False)
            for i, item in enumerate(items)
        )

    def number(self, key: str, value: Any, sized: bool = True) -> sympy.Expr:
        """An exact real number; `sized`: one the scene can draw (see drawable_size)."""
        try:
            number = exact_number(value)
        except NumberError as error:
            raise self.error(key, str(error), value) from None
        return self.drawable_size(key, value, number) if sized else number

    def drawable_size(
        self, key: str, value: Any, number: sympy.Expr, zero_allowed: bool = True
    ) -> sympy.Expr:
        """A number 0 or between MIN_NUMBER_SIZE and MAX_NUMBER_SIZE in size: the axes and
        readouts show 4 significant digits and 6 decimal places."""
        size = abs(float(number.evalf(15)))
        low, high = limits.MIN_NUMBER_SIZE, limits.MAX_NUMBER_SIZE
        if size > high:
            raise self.error(
                key, f"is too large to draw: numbers are limited to {_g(high)} in size", value
            )
        if 0 < size < low:
            zero = "0 or " if zero_allowed else ""
            raise self.error(
                key,
                f"is too close to 0 to draw: write {zero}a number of at least {_g(low)} in size",
                value,
            )
        return number

    def positive(self, key: str, value: Any, sized: bool = True) -> sympy.Expr:
        number = self.number(key, value, sized=False)
        if not number.is_positive:
            raise self.error(key, "is not greater than 0", value)
        return self.drawable_size(key, value, number, zero_allowed=False) if sized else number

    def count(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COUNT:
            raise self.error(key, f"is not {_KIND_WANTS[Kind.COUNT]}", value)
        return value

    def step_sizes(self, key: str, value: Any) -> tuple[sympy.Expr, ...]:
        items = self.list(key, value, Kind.STEP_SIZES, allow_empty=False)
        steps = tuple(self.positive(f"{key}[{i}]", item) for i, item in enumerate(items))
        for i in range(1, len(steps)):
            if not (steps[i - 1] - steps[i]).is_positive:
                raise self.error(
                    f"{key}[{i}]",
                    f"is not smaller than the step before it, {_toml(items[i - 1])}; "
                    "step sizes must decrease",
                    items[i],
                )
        return steps

    def point(self, key: str, value: Any) -> tuple[sympy.Expr, sympy.Expr]:
        if not isinstance(value, list) or len(value) != 2:
            raise self.error(key, f"is not {_KIND_WANTS[Kind.POINT]}", value)
        return (self.number(f"{key}[0]", value[0]), self.number(f"{key}[1]", value[1]))

    def point_list(self, key: str, value: Any) -> tuple[tuple[sympy.Expr, sympy.Expr], ...]:
        items = self.list(key, value, Kind.POINT_LIST, allow_empty=True)
        return tuple(self.point(f"{key}[{i}]", item) for i, item in enumerate(items))

    def range(self, key: str, value: Any) -> tuple[sympy.Expr, sympy.Expr]:
        if not isinstance(value, list) or len(value) != 2:
            raise self.error(key, f"is not {_KIND_WANTS[Kind.RANGE]}", value)
        low, high = self.number(f"{key}[0]", value[0]), self.number(f"{key}[1]", value[1])
        if not (high - low).is_positive:
            raise self.error(key, "is not a range: its low end must be below its high end", value)
        if float((high - low).evalf(15)) < limits.MIN_RANGE_SPAN:
            raise self.error(
                key,
                f"is too narrow to draw: a range spans at least {_g(limits.MIN_RANGE_SPAN)}",
                value,
            )
        return (low, high)

    def name(self, key: str, value: Any) -> str:
        if (
            not isinstance(value, str)
            or len(value) != 1
            or not (value.isascii() and value.isalpha())
            or value in RESERVED_NAMES
        ):
            raise self.error(key, f"is not {_KIND_WANTS[Kind.NAME]}", value)
        return value

    def helpers(self, key: str, value: Any, taken: Sequence[str]) -> dict[str, sympy.Expr]:
        """Helper functions { S = "1/(1 + exp(-x))" }: one-letter names not taken, formulas in
        x that may call the helpers written before them."""
        if not isinstance(value, dict):
            raise self.error(key, f"is not {_KIND_WANTS[Kind.HELPERS]}", value)
        if len(value) > limits.MAX_HELPERS:
            raise self.error(
                key, f"has {len(value)} helpers; a scene may declare at most {limits.MAX_HELPERS}"
            )
        helpers: dict[str, sympy.Expr] = {}
        for name, body in value.items():
            where = f"{key}.{name}"
            self.name(where, name)
            if name in taken:
                raise self.error(where, "is already the function's own name; choose another")
            helpers[name] = self.expression(where, body, ("x",), tuple(helpers))
        return helpers  # a plain dict: scene content travels to render workers pickled

    def formula(self, key: str, value: Any) -> str:
        """A formula kept as written: its template's plan reads it, in the names it gives
        (the values of a chain, the inputs of a graph), and refuses it in one sentence."""
        if _is_plain_number(value):
            return repr(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"is not {_KIND_WANTS[Kind.FORMULA]}", value)
        self.refuse_long(key, value, limits.MAX_FORMULA_LENGTH, "a formula", value)
        control = next((c for c in value if _is_control(c)), None)
        if control is not None:
            raise self.error(key, f"contains the control character {control!r}", value)
        return value.strip()

    def formula_list(self, key: str, value: Any) -> tuple[str, ...]:
        items = self.list(key, value, Kind.FORMULA_LIST, allow_empty=False)
        return tuple(self.formula(f"{key}[{i}]", item) for i, item in enumerate(items))

    def values(self, key: str, value: Any) -> dict[str, sympy.Expr]:
        """Named numbers { x = 1, w = "1/2" }: names a formula may use, each an exact number."""
        if not isinstance(value, dict) or not value:
            raise self.error(key, f"is not {_KIND_WANTS[Kind.VALUES]}", value)
        if len(value) > limits.MAX_VALUES:
            raise self.error(
                key, f"has {len(value)} names; a scene may name at most {limits.MAX_VALUES}"
            )
        named: dict[str, sympy.Expr] = {}
        for name, number in value.items():
            where = f"{key}.{name}"
            if not VALUE_NAME.fullmatch(name) or name in RESERVED_VALUE_NAMES:
                raise self.error(
                    where,
                    "is not a name for a value: use up to 16 letters, digits or _, starting "
                    "with a letter, and none of e, E, pi or a function's name",
                )
            named[name] = self.number(where, number)
        return named  # a plain dict: scene content travels to render workers pickled

    def number_list(self, key: str, value: Any) -> tuple[sympy.Expr, ...]:
        items = self.list(key, value, Kind.NUMBER_LIST, allow_empty=False)
        return tuple(self.number(f"{key}[{i}]", item) for i, item in enumerate(items))

    def count_list(self, key: str, value: Any) -> tuple[int, ...]:
        items = self.list(key, value, Kind.COUNT_LIST, allow_empty=False)
        counts = tuple(self.count(f"{key}[{i}]", item) for i, item in enumerate(items))
        for i in range(1, len(counts)):
            if counts[i] <= counts[i - 1]:
                raise self.error(
                    f"{key}[{i}]",
                    f"is not larger than the number before it, {counts[i - 1]}; "
                    "the numbers must increase",
                    items[i],
                )
        return counts

    def records(self, key: str, value: Any) -> tuple[dict[str, Any], ...]:
        """Small tables kept as written (their plan reads each key and names it when wrong):
        keys are words, values numbers, strings, true/false or flat lists of them."""
        items = self.list(key, value, Kind.RECORDS, allow_empty=True)
        records = []
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict) or not item:
                raise self.error(where, f"is not a table; write {_KIND_WANTS[Kind.RECORDS]}", item)
            for name, entry in item.items():
                flat = entry if isinstance(entry, list) else [entry]
                if isinstance(entry, dict) or any(isinstance(f, list | dict) for f in flat):
                    raise self.error(
                        f"{where}.{name}",
                        "is nested too deep: write a number, a text or a list of them",
                        entry,
                    )
                for text in (f for f in flat if isinstance(f, str)):
                    self.refuse_long(
                        f"{where}.{name}", text, limits.MAX_FORMULA_LENGTH, "a text", entry
                    )
            records.append(dict(item))
        return tuple(records)

    def choice(self, key: str, value: Any, choices: tuple[str, ...]) -> str:
        if value not in choices:
            words = ", ".join(json.dumps(choice) for choice in choices)
            raise self.error(key, f"is not one of {words}", value)
        return str(value)

    def file(self, key: str, value: Any, suffixes: tuple[str, ...]) -> str:
        """A file in the lecture file's folder or below, that exists and can be read; its
        absolute path. Nothing outside the lecture's folder is read."""
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"is not {_KIND_WANTS[Kind.FILE]}", value)
        folder = self.path.resolve().parent
        place = (folder / value).resolve()
        if not place.is_relative_to(folder):
            raise self.error(
                key,
                f"lies outside the lecture's folder {display_path(folder)}; copy it there",
                value,
            )
        if suffixes and place.suffix.lower() not in suffixes:
            raise self.error(key, f"is not a {', '.join(suffixes)} file", value)
        if not place.is_file():
            raise self.error(key, f"names no file in {display_path(folder)}", value)
        try:
            with place.open("rb") as opened:
                opened.read(1)
        except OSError as error:
            raise self.error(
                key, f"cannot be read ({error.strerror or type(error).__name__})", value
            ) from None
        return str(place)

    def list(self, key: str, value: Any, kind: Kind, allow_empty: bool) -> list[Any]:
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self.error(key, f"is not {_KIND_WANTS[kind]}", value)
        most = _MAX_ITEMS[kind]
        if len(value) > most:
            raise self.error(
                key, f"has {len(value)} items; this list is limited to {most}", show_value=False
            )
        return value

    # ------------------------------------------------------------ cross-checks

    def within_limits(self, key: str, param: Param, raw: Any, params: Mapping[str, Any]) -> None:
        """A number in the closed range its template can show (`param.limits`)."""
        if param.limits is None:
            return
        low, high = param.limits
        value = float(sympy.sympify(params[param.name]).evalf(15))  # a count is an int
        if not low <= value <= high:
            raise self.error(
                key,
                f"is outside the range this scene can show, from {_g(low)} to {_g(high)}",
                raw,
            )

    def inside_ranges(
        self, prefix: str, param: Param, raw: Mapping[str, Any], params: Mapping[str, Any]
    ) -> None:
        """A number, point or list of points that must lie in the ranges `param.inside` names."""
        if not param.inside:
            return
        key, value = f"{prefix}.{param.name}", params[param.name]
        if param.kind is Kind.POINT_LIST:
            points = [
                (f"{key}[{i}]", item, point)
                for i, (item, point) in enumerate(zip(raw[param.name], value, strict=True))
            ]
        elif param.kind is Kind.POINT:
            points = [(key, raw[param.name], value)]
        else:
            points = [(key, raw[param.name], (value,))]
        for point_key, item, coordinates in points:
            for coordinate, range_name in zip(coordinates, param.inside, strict=True):
                low, high = params[range_name]
                if not between(coordinate, low, high):
                    raise self.error(
                        point_key, f"lies outside {range_name} = {_toml(raw[range_name])}", item
                    )


class NumberError(ValueError):
    """A value that is no exact real number; the message completes "KEY = VALUE ..."."""


def exact_number(value: Any) -> sympy.Expr:
    """A number as a lecture file writes it (1, 0.5, "1/3", "sqrt(2)") as an exact real."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise NumberError(f"is not a number; write {_KIND_WANTS[Kind.NUMBER]}")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError("is not a finite number")
        return sympy.Rational(repr(value))
    try:
        number = parse_expression(value, variables=())
    except ExpressionError as error:
        reason = str(error).split(";")[0]
        raise NumberError(f"is not a number ({reason}); write {_KIND_WANTS[Kind.NUMBER]}") from None
    if not (number.is_extended_real and number.is_finite):
        raise NumberError("is not a real number")
    return number


def _content_digest(path: str) -> str:
    """The SHA-256 of a file's bytes (a file parameter keys its scene by what it holds)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def between(value: sympy.Expr, low: sympy.Expr, high: sympy.Expr) -> bool:
    return bool((value - low).is_nonnegative) and bool((high - value).is_nonnegative)


def _is_plain_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_control(char: str) -> bool:
    return ord(char) < 32 or 127 <= ord(char) < 160


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def display_path(path: Path) -> str:
    """The path as the user gave it; an absolute one inside the working directory, relative."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


def _toml(value: Any, limit: int = 80) -> str:
    """A value written the way it looks in the TOML file, shortened when long."""
    text = _toml_full(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _toml_full(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int) and abs(value) >= 10**_MAX_DIGITS:
        return _g(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if len(text.lstrip("-")) <= _MAX_DIGITS else _g(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_full(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_full(v)}" for k, v in value.items()) + "}"
    return str(value)


_MAX_DIGITS = 12  # a number longer than this is shown rounded, as "1e+308" or "3.142"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _g(value: float) -> str:
    """A number rounded to 4 significant digits, as Python writes it: 0.001, 1e-06, 1e+308."""
    return f"{float(value):.4g}"


def _short(text: str, limit: int) -> str:
    """Text cut to `limit` characters, ending in "..." where cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _needs_quotes(key: str) -> bool:
    return not _BARE_KEY.fullmatch(key)


def _bytes(size: int) -> str:
    """A size as people read it: 1 MB, 20.5 MB, 900 kB."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
