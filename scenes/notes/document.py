"""A lecturer's notes read into sections of blocks, so each block can become a scene.

Notes come as Markdown with `$...$` / `$$...$$` mathematics, or as plain text exported
from LaTeX, a PDF or a word processor: numbered heading lines (`2.1 Definition`),
tab-separated tables, sentences cut in two by page breaks. Both are read here with
markdown-it plus a pre-scan of the lines for what Markdown does not know. Nothing in the
notes is ever run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_block_dollar

from scenes.content.loader import display_path

# A notes file is prose: a few hundred kilobytes at most; more is not notes.
MAX_NOTES_BYTES = 4 * 1024 * 1024
# Front lines (title, author, date) and plain heading lines are short.
MAX_SHORT_LINE = 80
BOM = "\ufeff"
# `2 Derivatives`, `2.1 Definition`, `3. Gradients`: each number part at most two digits,
# so a year (`2019 Fall Term`) is never a section number.
NUMBERED_HEADING = re.compile(r"(?P<number>\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+(?P<title>\S.*)")
HEADING_END_PUNCTUATION = (".", ",", ";", ":", "?")
# `Figure 3: ...`, `Figure 3. ...`, `Fig. 3: ...`
FIGURE = re.compile(
    r"(?:Figure|Fig\.)[ \t]*(?P<number>\d+(?:\.\d+)*[a-z]?)[ \t]*[:.](?:\s+|$)(?P<caption>.*)",
    re.IGNORECASE | re.DOTALL,
)
# A row standing for rows left out of a table.
ELLIPSIS = re.compile(r"(?:\.{3,}|\. \. \.|…|⋮|⋯|\$\\(?:vdots|dots|ldots|cdots)\$)")
# An equation's number at the end of its display: `\quad (1)`, `\qquad (2.3)`, `\tag{4}`.
QUAD_TAG = re.compile(r"\\q?quad\s*\((?P<tag>\d+(?:\.\d+)*[a-z]?)\)\s*$")
TAG_COMMAND = re.compile(r"\\tag\*?\s*\{(?P<tag>[^{}]+)\}\s*$")
SENTENCE_END = (".", "!", "?", ":")
# Closing quotes and brackets after a sentence's last mark: `(See Figure 1.)`.
CLOSERS = "\"')]”’»"
FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"`+[^`]*`+")
# Lines of only whitespace, the non-breaking space (U+00A0) included, are blank lines.
BLANK = re.compile(r"[\s\u00a0\u200b\u2007\u202f]*")


@dataclass(frozen=True)
class Paragraph:
    """Prose; inline math kept as `$...$`, soft line breaks joined with a space."""

    text: str
    line: int


@dataclass(frozen=True)
class Display:
    """Display mathematics; its equation number ("(1)") apart from the LaTeX."""

    latex: str
    tag: str | None
    line: int


@dataclass(frozen=True)
class Table:
    """A table's cells as written; `elided` when a "..." row says rows were left out."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    elided: bool


@dataclass(frozen=True)
class Figure:
    """A figure's caption (the picture itself is not in the notes); number "" for an image."""

    number: str
    caption: str
    line: int


@dataclass(frozen=True)
class Items:
    """A bullet or numbered list, each item's text (nested items follow their parent)."""

    items: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Code:
    """Code as text, to be shown, never run."""

    text: str
    line: int


Block = Paragraph | Display | Table | Figure | Items | Code


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it up to the next heading of any level."""

    number: str | None
    title: str
    level: int
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Notes:
    """The notes: their title, the lines before the first section, then the sections."""

    path: Path
    title: str | None
    front: tuple[str, ...]
    sections: tuple[Section, ...]


class NotesError(ValueError):
    """One sentence, naming the file (and line where there is one), for the CLI (exit 2)."""


@dataclass(frozen=True)
class _Heading:
    number: str | None
    title: str
    level: int
    line: int
    markdown: bool  # a `#` or setext heading, not a plain numbered line


@dataclass(frozen=True)
class _Prose:
    """A paragraph while reading: its lines kept, for front lines and joining."""

    lines: tuple[str, ...]
    line: int
    joinable: bool  # Markdown prose (an HTML block is never joined to its neighbour)

    @property
    def text(self) -> str:
        return " ".join(self.lines)


_Entry = _Heading | _Prose | Block
BlockRule = Callable[[StateBlock, int, int, bool], bool]


def read_notes(path: Path) -> Notes:
    """The notes in the file at `path` (UTF-8, a byte order mark allowed)."""
    name = display_path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_NOTES_BYTES + 1)
    except FileNotFoundError:
        raise NotesError(f"{name}: the notes file does not exist.") from None
    except OSError as error:
        raise NotesError(
            f"{name}: the notes file cannot be read ({error.strerror or error})."
        ) from None
    if len(raw) > MAX_NOTES_BYTES:
        raise NotesError(
            f"{name} is larger than {MAX_NOTES_BYTES:,} bytes, the most a notes file may be."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise NotesError(
            f"{name} is not UTF-8 text (a byte at offset {error.start}, line {line}, "
            "cannot be read); save it as UTF-8."
        ) from None
    return parse_notes(text, name, path)


def parse_notes(text: str, name: str, path: Path | None = None) -> Notes:
    """The notes in `text`; `name` is how errors name the file."""
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if BLANK.fullmatch(text):
        raise NotesError(f"{name} is empty: there are no notes to read.")
    lines = text.split("\n")
    source, tables = _prescan(lines, name)
    entries = sorted([*tables, *_markdown_entries(source, name)], key=lambda entry: entry.line)
    entries = _join_broken_paragraphs(_mark_elisions(entries))
    if not any(isinstance(entry, _Heading) for entry in entries):
        raise NotesError(
            f"{name} has no heading (a Markdown `#` heading or a numbered line like "
            "'1 Introduction'), so nothing marks where a section starts."
        )
    return _assemble(entries, path if path is not None else Path(name))


# ---------------------------------------------------------------- the pre-scan


def _prescan(lines: list[str], name: str) -> tuple[str, list[Table]]:
    """The source markdown-it reads, and the tab-separated tables taken out of it.

    Line numbers stay as in the file: a table's lines become blank lines, `\\[ \\]`
    become `$$ $$` (the same width), and lines of only (non-breaking) spaces blank lines.
    """
    out = list(lines)
    tables: list[Table] = []
    code = _code_lines(lines)
    index = 0
    while index < len(lines):
        if index in code:
            index += 1
            continue
        if BLANK.fullmatch(lines[index]):
            out[index] = ""
        elif lines[index].lstrip().startswith("\\["):
            _bracket_display(lines, out, index, name)
        run = _tab_run(lines, index, code)
        if len(run) >= 2:
            tables.append(_tab_table(run, index + 1))
            for offset in range(len(run)):
                out[index + offset] = ""
            index += len(run)
            continue
        index += 1
    return "\n".join(out), tables


def _code_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines inside fenced code (the fences included)."""
    inside: set[int] = set()
    opener: str | None = None
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if opener is None and match:
            opener = match["fence"]
            inside.add(index)
        elif opener is not None:
            inside.add(index)
            closing = match["fence"] if match else ""
            if closing[:1] == opener[0] and len(closing) >= len(opener):
                if not line.strip().strip(opener[0]):
                    opener = None
    return inside


def _bracket_display(lines: Sequence[str], out: list[str], start: int, name: str) -> None:
    """`\\[ ... \\]` written as `$$ ... $$` for markdown-it, or refused when never closed."""
    first = out[start].index("\\[")
    out[start] = out[start][:first] + "$$" + out[start][first + 2 :]
    for index in range(start, len(lines)):
        text = out[index].rstrip()
        if index > start and BLANK.fullmatch(text):
            break
        closes = text.endswith("\\]") and (index > start or len(text) - first > 3)
        if closes:
            out[index] = text[:-2] + "$$"
            return
    raise NotesError(
        f"{name} line {start + 1}: a \\[ opens display mathematics that is never closed; "
        "close it with \\] before the next blank line."
    )


def _cells(line: str) -> list[str]:
    """A line's tab-separated cells (runs of tabs that align columns count as one)."""
    return [cell.strip() for cell in re.split(r"\t+", line.strip())]


def _tab_run(lines: Sequence[str], start: int, code: set[int]) -> list[list[str]]:
    """The rows of a tab-separated table starting at `start`: each with as many cells."""
    if "\t" not in lines[start].strip():
        return []
    width = len(_cells(lines[start]))
    run: list[list[str]] = []
    index = start
    while index < len(lines) and index not in code and "\t" in lines[index].strip():
        cells = _cells(lines[index])
        if len(cells) != width:
            break
        run.append(cells)
        index += 1
    return run


def _tab_table(run: list[list[str]], line: int) -> Table:
    header, *rows = (tuple(cells) for cells in run)
    return _elide_last_row(Table(header, tuple(rows), line, elided=False))


# ---------------------------------------------------------------- markdown-it


def _parser() -> MarkdownIt:
    """CommonMark with tables and `$` mathematics, where a `$$` line may end a paragraph
    (notes often put a display right under the sentence that introduces it)."""
    parser = (
        MarkdownIt("commonmark")
        .enable("table")
        .use(dollarmath_plugin, allow_blank_lines=False, double_inline=True)
    )
    rule = _tried_quietly(math_block_dollar(allow_labels=True, allow_blank_lines=False))
    parser.block.ruler.at("math_block", rule, {"alt": ["paragraph", "blockquote", "list"]})
    return parser


def _tried_quietly(rule: BlockRule) -> BlockRule:
    """The display rule made safe to ask whether it would match: it ignores `silent`."""

    def quietly(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, False)
        tokens, line = len(state.tokens), state.line
        found = rule(state, start, end, False)
        del state.tokens[tokens:]
        state.line = line
        return found

    return quietly


def _markdown_entries(source: str, name: str) -> Iterator[_Entry]:
    """Headings and blocks in the order markdown-it reads them."""
    tokens = _parser().parse(source)
    for token in tokens:
        if token.type == "inline":
            _refuse_unclosed_display(token, name)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _closing(tokens, index)
        yield from _entry(tokens[index : end + 1])
        index = end + 1


def _closing(tokens: Sequence[Token], index: int) -> int:
    """The index of the token that closes the one at `index` (itself when it opens none)."""
    if tokens[index].nesting != 1 or tokens[index].type in ("blockquote_open",):
        return index
    depth = 0
    for end in range(index, len(tokens)):
        depth += tokens[end].nesting
        if depth == 0:
            return end
    return len(tokens) - 1


def _entry(group: Sequence[Token]) -> Iterator[_Entry]:
    """What one top-level token (with the tokens it encloses) stands for."""
    first = group[0]
    line = first.map[0] + 1 if first.map else 0
    kind = first.type
    if kind == "heading_open":
        yield _markdown_heading(group[1], int(first.tag[1:]), line)
    elif kind == "paragraph_open":
        yield _paragraph(group[1], line, top=first.level == 0)
    elif kind in ("math_block", "math_block_label"):
        yield _display(first, line)
    elif kind == "table_open":
        yield _pipe_table(group, line)
    elif kind in ("bullet_list_open", "ordered_list_open"):
        yield _list(group, line)
    elif kind in ("fence", "code_block"):
        yield Code(first.content.rstrip("\n"), line)
    elif kind == "html_block":
        text = first.content.strip()
        if not re.fullmatch(r"<!--.*?-->", text, re.DOTALL):
            yield _Prose(tuple(text.splitlines()), line, joinable=False)


def _refuse_unclosed_display(token: Token, name: str) -> None:
    """A `$$` that markdown-it left in prose is a display never closed."""
    content = CODE_SPAN.sub(lambda match: " " * len(match[0]), token.content)
    content = content.replace("\\$", "  ")
    marks = [match.start() for match in re.finditer(r"\$\$", content)]
    if len(marks) % 2 and token.map:
        line = token.map[0] + content[: marks[-1]].count("\n") + 1
        raise NotesError(
            f"{name} line {line}: a $$ opens display mathematics that is never closed; "
            "close it with $$ before the next blank line."
        )


def _inline_lines(token: Token) -> tuple[str, ...]:
    """An inline token's text line by line, inline math kept as `$...$`."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "html_inline"):
            parts.append(child.content)
        elif child.type == "math_inline":
            parts.append(f"${child.content}$")
        elif child.type == "math_inline_double":
            parts.append(f"$${child.content}$$")
        elif child.type == "code_inline":
            parts.append(f"`{child.content}`")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    lines = (line.strip() for line in "".join(parts).split("\n"))
    return tuple(line for line in lines if line)


def _inline_text(token: Token) -> str:
    return " ".join(_inline_lines(token))


def _split_number(text: str) -> tuple[str | None, str]:
    """`2.1 Definition` as ("2.1", "Definition"); a title without a number as (None, it)."""
    match = NUMBERED_HEADING.fullmatch(text)
    if match and match["title"][0].isupper():
        return match["number"], match["title"].strip()
    return None, text


def _markdown_heading(inline: Token, level: int, line: int) -> _Heading:
    number, title = _split_number(_inline_text(inline))
    return _Heading(number, title, level, line, markdown=True)


def _plain_heading(text: str, line: int) -> _Heading | None:
    """A short line like `2.1 Definition`, as notes exported from LaTeX number sections."""
    if len(text) > MAX_SHORT_LINE or text.endswith(HEADING_END_PUNCTUATION):
        return None
    number, title = _split_number(text)
    if number is None:
        return None
    return _Heading(number, title, number.count(".") + 1, line, markdown=False)


def _paragraph(inline: Token, line: int, *, top: bool) -> _Entry:
    lines = _inline_lines(inline)
    text = " ".join(lines)
    heading = _plain_heading(text, line) if top and len(lines) == 1 else None
    if heading is not None:
        return heading
    figure = FIGURE.fullmatch(text)
    if figure:
        return Figure(figure["number"], figure["caption"].strip(), line)
    children = [c for c in inline.children or [] if c.type not in ("softbreak", "hardbreak")]
    images = [child for child in children if child.type == "image"]
    if len(images) == 1 and all(c.type == "image" or not c.content.strip() for c in children):
        return Figure("", images[0].content.strip(), line)
    return _Prose(lines, line, joinable=True)


def _display(token: Token, line: int) -> Display:
    """A display's LaTeX with its equation number taken off the end."""
    latex = token.content.strip()
    if token.type == "math_block_label":
        return Display(latex, f"({token.info.strip()})", line)
    for pattern in (TAG_COMMAND, QUAD_TAG):
        match = pattern.search(latex)
        if match:
            return Display(latex[: match.start()].strip(), f"({match['tag'].strip()})", line)
    return Display(latex, None, line)


def _pipe_table(group: Sequence[Token], line: int) -> Table:
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    for token in group:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(_inline_text(token))
        elif token.type == "tr_close":
            rows.append(tuple(cells))
    header, *body = rows
    return _elide_last_row(Table(header, tuple(body), line, elided=False))


def _list(group: Sequence[Token], line: int) -> _Entry:
    """A list's items; a lone `3. Gradients` is a numbered heading, not a list."""
    items: list[list[str]] = []
    open_items: list[int] = []
    for token in group:
        if token.type == "list_item_open":
            open_items.append(len(items))
            items.append([])
        elif token.type == "list_item_close":
            open_items.pop()
        elif token.type == "inline" and open_items:
            items[open_items[-1]].append(_inline_text(token))
        elif token.type in ("math_block", "math_block_label") and open_items:
            items[open_items[-1]].append(f"$${token.content.strip()}$$")
    texts = tuple(" ".join(part for part in item if part) for item in items)
    first = group[0]
    if first.type == "ordered_list_open" and len(texts) == 1 and first.markup == ".":
        inlines = [token for token in group if token.type == "inline"]
        spans = [token.map[1] - token.map[0] for token in inlines if token.map]
        lone = spans == [1]
        heading = _plain_heading(f"{group[1].info}. {texts[0]}", line) if lone else None
        if heading is not None:
            return heading
    return Items(texts, line)


# ---------------------------------------------------------------- repairs


def _is_ellipsis(text: str) -> bool:
    return bool(ELLIPSIS.fullmatch(text.strip()))


def _elide_last_row(table: Table) -> Table:
    """A last row of only "..." (and empty cells) is not data: it says rows were left out."""
    if table.rows:
        last = table.rows[-1]
        if any(_is_ellipsis(cell) for cell in last) and all(
            _is_ellipsis(cell) or not cell for cell in last
        ):
            return replace(table, rows=table.rows[:-1], elided=True)
    return table


def _mark_elisions(entries: Sequence[_Entry]) -> list[_Entry]:
    """A "..." paragraph right after a table marks the table elided and is dropped."""
    out: list[_Entry] = []
    for entry in entries:
        previous = out[-1] if out else None
        if isinstance(entry, _Prose) and isinstance(previous, Table) and _is_ellipsis(entry.text):
            out[-1] = replace(previous, elided=True)
            continue
        out.append(entry)
    return out


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


def _join_broken_paragraphs(entries: Sequence[_Entry]) -> list[_Entry]:
    """Two paragraphs in a row, the first unfinished and the second starting in lowercase,
    are one sentence a page break cut in two (text extracted from a PDF)."""
    out: list[_Entry] = []
    for entry in entries:
        previous = out[-1] if out else None
        if (
            isinstance(entry, _Prose)
            and isinstance(previous, _Prose)
            and entry.joinable
            and previous.joinable
            and not _ends_sentence(previous.text)
            and entry.text[:1].islower()
        ):
            out[-1] = _Prose(previous.lines + entry.lines, previous.line, joinable=True)
            continue
        out.append(entry)
    return out


# ---------------------------------------------------------------- sections


def _block(entry: _Entry) -> Block:
    return Paragraph(entry.text, entry.line) if isinstance(entry, _Prose) else entry


def _front_texts(entry: _Entry) -> tuple[str, ...]:
    """A block before the first section as front lines: short lines each, else its text."""
    if isinstance(entry, _Prose):
        if all(len(line) <= MAX_SHORT_LINE for line in entry.lines):
            return entry.lines
        return (entry.text,)
    if isinstance(entry, Display):
        return (entry.latex,)
    if isinstance(entry, Table):
        return tuple("\t".join(row) for row in (entry.header, *entry.rows))
    if isinstance(entry, Figure):
        return (entry.caption,)
    if isinstance(entry, Items):
        return entry.items
    if isinstance(entry, Code):
        return (entry.text,)
    return ()


def _title_heading(headings: Sequence[_Heading], short_front: bool) -> _Heading | None:
    """A lone `# Title` above the sections names the notes instead of opening a section."""
    if short_front or len(headings) < 2:
        return None
    first = headings[0]
    top = [h for h in headings if h.markdown and h.level == 1]
    if first.markdown and first.level == 1 and first.number is None and top == [first]:
        return first
    return None


def _assemble(entries: Sequence[_Entry], path: Path) -> Notes:
    headings = [entry for entry in entries if isinstance(entry, _Heading)]
    start = entries.index(headings[0])
    front = [text for entry in entries[:start] for text in _front_texts(entry)]
    short = [text for text in front if len(text) <= MAX_SHORT_LINE]
    title = short[0] if short else None
    named_by = _title_heading(headings, bool(short))
    rest = list(entries[start:])
    if named_by is not None:
        title = named_by.title
        following = entries.index(headings[1])
        front += [named_by.title]
        front += [text for entry in entries[start + 1 : following] for text in _front_texts(entry)]
        rest = list(entries[following:])
    return Notes(path, title, tuple(front), tuple(_sections(rest)))


def _sections(entries: Sequence[_Entry]) -> Iterator[Section]:
    """Each heading with the blocks up to the next one."""
    heading: _Heading | None = None
    blocks: list[Block] = []
    for entry in [*entries, None]:
        if entry is None or isinstance(entry, _Heading):
            if heading is not None:
                yield Section(
                    heading.number, heading.title, heading.level, heading.line, tuple(blocks)
                )
            heading, blocks = entry, []
        else:
            blocks.append(_block(entry))
