"""A picture beside the lecture, with its caption: Picture's plan and schema.

The lecture names a PNG, JPEG or SVG file in its folder (the loader has already refused a
missing file, one outside the folder, or a wrong suffix). The plan reads the file once to
know it can be drawn and how wide it is for its height: a file that is no picture is
refused here, in one sentence, rather than failing inside the renderer. No manim here:
the Scene class drawing the plan is scenes/templates/picture.py.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, TemplateSchema
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import hidden
from scenes.maths.statement_items import tex_words
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
VECTOR_SUFFIXES = (".svg",)
MAX_PIXELS = 40_000_000  # a photograph of 40 megapixels; more is no slide's picture
MAX_ASPECT = 20.0  # wider (or taller) than this for its other side shows as a line
MAX_BYTES = 20_000_000  # a picture file larger than this is no slide's picture (and slow)


@dataclass(frozen=True)
class PicturePlan:
    name: str
    heading: str  # "" for none
    caption: str
    caption_words: SaidValue  # the caption as the voice says it
    image_name: str  # the file's name, as the lecture wrote it
    is_vector: bool
    aspect: float  # width over height
    image_path: str = hidden()  # the absolute path, read by the scene


def build_plan(scene: SceneContent) -> PicturePlan:
    p = scene.params
    path = Path(p["image"])
    caption = p["caption"].strip()
    if not caption:
        raise PlanRefusal("caption", "is empty; say in a line what the picture shows", "")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlanRefusal(
            "image",
            f"is {size / 1e6:.0f} MB; a picture is limited to {MAX_BYTES // 1_000_000} MB, "
            "so make it smaller",
            path.name,
        )
    if path.suffix.lower() in VECTOR_SUFFIXES:
        width, height = _drawing_size(path)
    else:
        width, height = _raster_size(path)
    aspect = width / height
    if not 1 / MAX_ASPECT <= aspect <= MAX_ASPECT:
        raise PlanRefusal(
            "image",
            f"is {width:g} by {height:g}: more than {MAX_ASPECT:g} times as wide as it is "
            "high (or as high as wide), it would show as a line",
            path.name,
        )
    words = tex_words(caption)
    return PicturePlan(
        name=scene.name,
        heading=p["heading"].strip(),
        caption=caption,
        caption_words=SaidValue(words.rstrip("."), words.rstrip(".")),
        image_name=path.name,
        is_vector=path.suffix.lower() in VECTOR_SUFFIXES,
        aspect=round(aspect, 3),
        image_path=str(path),
    )


def _raster_size(path: Path) -> tuple[float, float]:
    """A PNG or JPEG's size in pixels, once its bytes have been decoded whole."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise PlanRefusal(
                        "image",
                        f"is {width} by {height} pixels; a picture is limited to "
                        f"{MAX_PIXELS // 1_000_000} megapixels, so scale it down",
                        path.name,
                    )
                opened.load()
    except PlanRefusal:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as error:
        raise PlanRefusal(
            "image", f"cannot be read as a PNG or JPEG picture ({_reason(error)})", path.name
        ) from None
    if not width or not height:
        raise PlanRefusal("image", "has no pixels", path.name)
    return float(width), float(height)


def _drawing_size(path: Path) -> tuple[float, float]:
    """An SVG drawing's size: the box around what it draws (a drawing of nothing refused)."""
    import svgelements

    try:
        drawing = svgelements.SVG.parse(str(path))
        shapes = [
            element
            for element in drawing.elements()
            if isinstance(element, svgelements.Shape) and len(svgelements.Path(element)) > 0
        ]
        boxes = [shape.bbox() for shape in shapes]
    except Exception as error:  # svgelements and its XML parser raise many kinds
        raise PlanRefusal(
            "image", f"cannot be read as an SVG drawing ({_reason(error)})", path.name
        ) from None
    boxes = [box for box in boxes if box is not None]
    if not boxes:
        raise PlanRefusal("image", "draws no shape (an SVG's text is not drawn)", path.name)
    left = min(box[0] for box in boxes)
    top = min(box[1] for box in boxes)
    right = max(box[2] for box in boxes)
    bottom = max(box[3] for box in boxes)
    if right - left <= 0 or bottom - top <= 0:
        raise PlanRefusal("image", "draws nothing with a width and a height", path.name)
    return right - left, bottom - top


def _reason(error: BaseException) -> str:
    """The first line of an error, without the path it may repeat."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text.split(" '/")[0].split(' "/')[0].rstrip(":. ")[:80] or type(error).__name__


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="Picture",
    group="Pictures",
    chapter="A picture",
    description="A picture beside the lecture (PNG, JPEG or SVG) with its caption.",
    beats=("ShowThePicture", "ReadTheCaption"),
    example_narration=("Look at this picture.", "{caption_words}."),
    params=(
        Param(
            "image",
            Kind.FILE,
            "diagram.svg",
            "the picture, a file in the lecture's folder",
            choices=(*RASTER_SUFFIXES, *VECTOR_SUFFIXES),
        ),
        Param(
            "caption",
            Kind.TEXT,
            "One layer of a network: every input feeds every neuron.",
            "a line under the picture saying what it shows",
        ),
        Param("heading", Kind.TEXT, "", 'a heading above the picture ("" for none)'),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.picture:Picture")
