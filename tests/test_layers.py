"""The package's layers: which folders may import manim, imports only downwards, no circles.

Walks scenes/ itself, so a new module is checked the moment it exists, and a folder
that is not a known layer fails the test instead of being skipped. Every import counts,
at module level or inside a function (only `if TYPE_CHECKING:` blocks, which run nothing,
are left out).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from scenes.paths import PACKAGE_DIR
from scenes.render.cache import module_sources

# The content, math, voice and plans (template declarations) layers never import manim; the
# others may.
MANIM_FREE = ("content", "maths", "voice", "plans", "notes")
MANIM_ALLOWED = ("templates", "kit", "render", "outputs", "cli")
TOP_LEVEL_MANIM_FREE = ("scenes", "scenes.paths", "scenes.ownership")
# Lowest first: a module may import its own layer and the layers before it, never after.
LAYER_ORDER = (
    "",  # scenes/__init__.py, scenes/paths.py, scenes/ownership.py
    "content",
    "maths",
    "voice",
    "plans",
    "notes",
    "kit",
    "templates",
    "outputs",
    "render",
    "cli",
)
# Commands that draw nothing: in a fresh interpreter they import neither manim nor scipy.
LIGHT_COMMANDS = (
    ["--help"],
    ["list", "-q", "draft", "--out", "{out}"],
    ["plan"],
    ["plan", "--json"],
    ["templates"],
    ["doctor", "--out", "{out}"],
    ["new", "{out}/new.toml"],
)
COMMAND_PROBE = """
import contextlib, io, json, sys
sys.argv = ["lecture", *sys.argv[1:]]
from scenes.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as exit:
        code = exit.code
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"manim", "scipy"})
print(json.dumps({"code": code, "loaded": loaded}))
"""

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m == "manim" or m.startswith("manim."))))
"""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_in(folder: str) -> list[str]:
    return sorted(module_name(path) for path in (PACKAGE_DIR / folder).rglob("*.py"))


def imports_manim(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "manim" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "manim":
            return True
    return False


def test_every_folder_of_the_package_is_a_known_layer() -> None:
    folders = sorted(p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(MANIM_FREE + MANIM_ALLOWED)
    for folder in folders:
        assert len(modules_in(folder)) > 1, f"{folder} has no modules"


def test_content_and_maths_import_no_manim_at_any_depth() -> None:
    manim_free = [*TOP_LEVEL_MANIM_FREE, *(m for f in MANIM_FREE for m in modules_in(f))]
    for name in manim_free:
        for path, source in module_sources(name).items():
            layer = Path(path).parts[1] if len(Path(path).parts) > 2 else None
            assert layer in (None, *MANIM_FREE), f"{name} imports {path}, a layer above it"
            assert not imports_manim(source), f"{path} (imported by {name}) imports manim"
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *manim_free],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(probe.stdout.strip().splitlines()[-1]) == []


def test_the_static_import_check_sees_manim_where_a_template_imports_it() -> None:
    sources = module_sources("scenes.templates.secant")
    assert imports_manim(sources["scenes/templates/secant.py"])
    assert imports_manim(sources["scenes/kit/base.py"])


def project_imports(path: Path) -> set[str]:
    """The project modules a module imports anywhere in its code, except under
    `if TYPE_CHECKING:` (for `from X import y`, both X and X.y: y may be a module)."""

    def walk(node: ast.AST) -> Iterator[ast.AST]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            yield child
            yield from walk(child)

    found: set[str] = set()
    for node in walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found |= {name for name in names if name == "scenes" or name.startswith("scenes.")}
    return found


def layer_of(module: str) -> str:
    """`scenes.render.jobs` -> "render"; the package itself and `scenes.paths` -> ""."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYER_ORDER else ""


def module_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE_DIR.rglob("*.py")}
    return {name: project_imports(path) & set(paths) - {name} for name, path in paths.items()}


def test_every_import_goes_to_the_same_layer_or_one_below() -> None:
    assert set(LAYER_ORDER) - {""} == set(MANIM_FREE + MANIM_ALLOWED)
    rank = {layer: position for position, layer in enumerate(LAYER_ORDER)}
    upward = [
        f"{name} imports {imported}"
        for name, imported_names in sorted(module_graph().items())
        for imported in sorted(imported_names)
        if rank[layer_of(imported)] > rank[layer_of(name)]
    ]
    assert upward == []


def test_the_layer_check_sees_an_upward_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from scenes.cli.main import main\n"
        "def late():\n    from scenes.plans import templates\n"
    )
    assert project_imports(module) == {"scenes.plans", "scenes.plans.templates"}
    assert layer_of("scenes.plans.secant") == "plans" and layer_of("scenes.paths") == ""


def test_no_import_circles() -> None:
    graph = module_graph()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, f"import circle: {' -> '.join((*trail, name))}"
        if name in done:
            return
        for imported in sorted(graph[name]):
            if not name.startswith(f"{imported}."):  # a package's own __init__ is not a circle
                visit(imported, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    assert len(done) == len(graph) > 40


def test_commands_that_draw_nothing_import_neither_manim_nor_scipy(tmp_path: Path) -> None:
    for command in LIGHT_COMMANDS:
        args = [arg.format(out=tmp_path / "out") for arg in command]
        probe = subprocess.run(
            [sys.executable, "-c", COMMAND_PROBE, *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=PACKAGE_DIR.parent,
        )
        outcome = json.loads(probe.stdout.strip().splitlines()[-1])
        assert outcome["loaded"] == [], f"lecture {' '.join(args)} imports {outcome['loaded']}"
        assert outcome["code"] in (0, None, 1), f"lecture {' '.join(args)}: {probe.stderr}"


def test_only_the_voice_module_imports_piper_and_only_when_it_speaks() -> None:
    """piper-tts is GPL and optional: no other module imports it, none at import time."""
    importers = [
        module_name(path)
        for path in PACKAGE_DIR.rglob("*.py")
        if any(
            (isinstance(node, ast.Import) and any(a.name.startswith("piper") for a in node.names))
            or (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("piper"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert importers == ["scenes.voice.piper_voice"]
    probe = (
        "import sys, scenes.cli.main, scenes.render.jobs, scenes.voice.narration, "
        "scenes.voice.piper_voice\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('piper', 'onnxruntime')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert loaded.stdout.strip().splitlines()[-1] == "[]"
