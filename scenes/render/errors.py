"""What can go wrong with a job, as exceptions the command line turns into one sentence.

RenderInputError and its kinds are bad input (exit code 2); RenderError is a render
that ran but did not produce what a clip needs (exit code 1).
"""

from __future__ import annotations

from collections.abc import Iterator


def causes(error: BaseException) -> Iterator[BaseException]:
    """`error` and what caused it, innermost last (each once, however the chain loops)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


class RenderInputError(ValueError):
    """A job asks for something that does not exist; the CLI reports it as bad input."""


class QualityError(RenderInputError):
    """A quality preset cannot be used."""


class UnknownQualityError(QualityError):
    """The quality has no preset file."""


class InvalidQualityError(QualityError):
    """A preset file lacks the frame size or rate."""


class UnsupportedFormatError(RenderInputError):
    """The output format is not one this renderer writes."""


class SceneNotFoundError(RenderInputError):
    """The scene's module or class cannot be found."""


class RenderError(RuntimeError):
    """manim finished but did not produce what a clip needs."""
