"""The notes reader: each block a notes file can hold, with its line, on synthetic notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.notes.document import (
    Code,
    Display,
    Figure,
    Items,
    Notes,
    NotesError,
    Paragraph,
    Section,
    Table,
    parse_notes,
    read_notes,
)

COURSE_NOTES = (
    Path(__file__).resolve().parents[2].parent / "shared" / "lecture" / "calculus-for-ml-notes.md"
)
NBSP = "\u00a0"


def parse(text: str) -> Notes:
    return parse_notes(text, "notes.md")


def blocks(text: str) -> tuple:
    """The blocks of the notes' only section."""
    (section,) = parse(text).sections
    return section.blocks


def refusal(text: str) -> str:
    with pytest.raises(NotesError) as caught:
        parse(text)
    return str(caught.value)


# ---------------------------------------------------------------- headings, title, front


PLAIN_NOTES = """\
Waves for Beginners

A. Lecturer

March 2031

1 Overview

Waves carry energy.

2 Sine Waves

2.1 Amplitude

The height of a wave.

2.10 Phase Shift

3. Summary
"""


def test_plain_numbered_lines_are_headings_with_levels_and_the_short_lines_above_are_front():
    notes = parse_notes(PLAIN_NOTES, "waves.txt", Path("waves.txt"))
    assert notes.path == Path("waves.txt")
    assert notes.title == "Waves for Beginners"
    assert notes.front == ("Waves for Beginners", "A. Lecturer", "March 2031")
    assert notes.sections == (
        Section("1", "Overview", 1, 7, (Paragraph("Waves carry energy.", 9),)),
        Section("2", "Sine Waves", 1, 11, ()),
        Section("2.1", "Amplitude", 2, 13, (Paragraph("The height of a wave.", 15),)),
        Section("2.10", "Phase Shift", 2, 17, ()),
        Section("3", "Summary", 1, 19, ()),
    )


@pytest.mark.parametrize(
    "line",
    [
        "2 apples are red",  # the title starts in lowercase
        "2 Apples are red.",  # ends a sentence
        "2 Apples are these:",
        "2 Apples, pears,",
        "2 Apples or pears?",
        "2031 Spring Term",  # a year, not a section number
        "2 " + "Long" * 20,  # longer than a heading line
    ],
)
def test_lines_that_only_look_numbered_stay_prose(line):
    assert blocks(f"1 Start\n\n{line}\n") == (Paragraph(line, 3),)


def test_a_numbered_line_inside_a_longer_paragraph_is_prose():
    assert blocks("1 Start\n\n2 Second Line\ncontinues here\n") == (
        Paragraph("2 Second Line continues here", 3),
    )


def test_a_lone_numbered_list_item_is_a_heading_and_a_longer_list_stays_a_list():
    notes = parse("T\n\n1. Intro\n\nSteps:\n\n1. First\n2. Second\n")
    assert notes.sections == (
        Section("1", "Intro", 1, 3, (Paragraph("Steps:", 5), Items(("First", "Second"), 7))),
    )


def test_markdown_headings_keep_their_level_and_split_a_leading_number():
    notes = parse("Title line\n\n## 2.1 Limits\n\ntext\n\n### Worked Example\n\nSetext\n------\n")
    assert [(s.number, s.title, s.level, s.line) for s in notes.sections] == [
        ("2.1", "Limits", 2, 3),
        (None, "Worked Example", 3, 7),
        (None, "Setext", 2, 9),
    ]


def test_a_lone_level_one_heading_is_the_title_and_its_blocks_are_front():
    notes = parse("# Optics\n\nSpring term notes.\n\n## Lenses\n\nA lens bends light.\n")
    assert notes.title == "Optics"
    assert notes.front == ("Optics", "Spring term notes.")
    assert notes.sections == (
        Section(None, "Lenses", 2, 5, (Paragraph("A lens bends light.", 7),)),
    )


def test_two_level_one_headings_are_both_sections_and_there_is_no_title():
    notes = parse("# Part One\n\na\n\n# Part Two\n\nb\n")
    assert notes.title is None
    assert notes.front == ()
    assert [s.title for s in notes.sections] == ["Part One", "Part Two"]


def test_a_level_one_heading_below_front_lines_is_a_section():
    notes = parse("Optics\n\n# Lenses\n\n## Focal Length\n")
    assert notes.title == "Optics"
    assert [(s.title, s.level) for s in notes.sections] == [("Lenses", 1), ("Focal Length", 2)]


def test_a_long_paragraph_before_the_first_heading_is_front_and_names_nothing():
    prose = "An opening remark " * 6
    notes = parse(f"{prose}\n\n1 Start\n")
    assert notes.title is None
    assert notes.front == (prose.strip(),)


def test_front_lines_written_without_blank_lines_are_each_a_front_line():
    notes = parse("Heat Transfer\nB. Author\n\n1 Conduction\n")
    assert notes.front == ("Heat Transfer", "B. Author")
    assert notes.title == "Heat Transfer"


# ---------------------------------------------------------------- display mathematics


def test_displays_take_their_equation_number_off_the_latex():
    text = (
        "1 Start\n\n"
        "$$a = b \\quad (1)$$\n\n"
        "$$c = d \\qquad (2.3)$$\n\n"
        "$$e = f \\tag{2}$$\n\n"
        "$$g = h$$ (4)\n\n"
        "$$\n  \\int_0^1 x \\, dx = \\frac{1}{2}\n$$\n\n"
        "$$\\sin (x)$$\n"
    )
    assert blocks(text) == (
        Display("a = b", "(1)", 3),
        Display("c = d", "(2.3)", 5),
        Display("e = f", "(2)", 7),
        Display("g = h", "(4)", 9),
        Display("\\int_0^1 x \\, dx = \\frac{1}{2}", None, 11),
        Display("\\sin (x)", None, 15),
    )


def test_bracket_displays_are_displays():
    text = "1 Start\n\n\\[ x^2 \\quad (5) \\]\n\nthen\n\\[\ny = 1\n\\]\n"
    assert blocks(text) == (
        Display("x^2", "(5)", 3),
        Paragraph("then", 5),
        Display("y = 1", None, 6),
    )


def test_a_display_right_under_its_sentence_ends_the_paragraph():
    text = (
        "1 Start\n\nThe rule reads\n$$(fg)' = f'g + fg'$$ (6)\nfor all $x$.\n\n"
        "- a list item\n  $$z$$\n"
    )
    assert blocks(text) == (
        Paragraph("The rule reads", 3),
        Display("(fg)' = f'g + fg'", "(6)", 4),
        Paragraph("for all $x$.", 5),
        Items(("a list item $$z$$",), 7),
    )


def test_inline_math_stays_in_the_paragraph_as_written():
    assert blocks("1 Start\n\nTake $x_0 = 1$ and\n$y = x^2$ now.\n") == (
        Paragraph("Take $x_0 = 1$ and $y = x^2$ now.", 3),
    )


# ---------------------------------------------------------------- tables


def test_a_tab_separated_table_with_a_row_of_dots_after_it_is_elided():
    text = "1 Start\n\nSee:\n\nn\t$n^2$\tnote\n1\t$1$\tone\n2\t$4$\t\tfour\n...\n\nAfter.\n"
    assert blocks(text) == (
        Paragraph("See:", 3),
        Table(("n", "$n^2$", "note"), (("1", "$1$", "one"), ("2", "$4$", "four")), 5, True),
        Paragraph("After.", 10),
    )


def test_a_tab_separated_table_without_dots_is_complete_and_a_lone_tab_line_is_prose():
    text = "1 Start\n\na\tb\n1\t2\n\nkey\tvalue\n"
    assert blocks(text) == (
        Table(("a", "b"), (("1", "2"),), 3, False),
        Paragraph("key\tvalue", 6),
    )


def test_tab_lines_that_start_indented_are_a_table_not_code():
    assert blocks("1 Start\n\n\tx\ty\n\t1\t2\n") == (Table(("x", "y"), (("1", "2"),), 3, False),)


def test_a_pipe_table_keeps_its_cells_and_math():
    text = "1 Start\n\n| $x$ | $f(x)$ |\n|---|---|\n|  0 | 1 |\n| 1 |  $e$ |\n"
    assert blocks(text) == (Table(("$x$", "$f(x)$"), (("0", "1"), ("1", "$e$")), 3, False),)


@pytest.mark.parametrize("dots", ["| … | |", "| ⋮ | ⋮ |"])
def test_a_pipe_table_whose_last_row_is_dots_is_elided(dots):
    text = f"1 Start\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{dots}\n"
    assert blocks(text) == (Table(("a", "b"), (("1", "2"),), 3, True),)


def test_a_dots_paragraph_right_after_a_pipe_table_elides_it():
    text = "1 Start\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n⋮\n"
    assert blocks(text) == (Table(("a", "b"), (("1", "2"),), 3, True),)


# ---------------------------------------------------------------- figures, lists, code


def test_figure_captions_in_their_three_forms_and_an_image():
    text = (
        "1 Start\n\n"
        "Figure 3: The curve $y = x^2$ near zero.\n\n"
        "Figure 4. A second plot\n\n"
        "Fig. 5: Third\n\n"
        "![Level sets of $f$](sets.png)\n\n"
        "Figure 6 shows nothing special.\n"
    )
    assert blocks(text) == (
        Figure("3", "The curve $y = x^2$ near zero.", 3),
        Figure("4", "A second plot", 5),
        Figure("5", "Third", 7),
        Figure("", "Level sets of $f$", 9),
        Paragraph("Figure 6 shows nothing special.", 11),
    )


def test_lists_code_and_html_are_kept_as_text():
    text = (
        "1 Start\n\n"
        "- first <https://example.org/a>\n- second with $x$\n  - nested\n\n"
        "1. one\n2. two\n\n"
        "```python\nprint(1)\na\tb\n1\t2\n```\n\n"
        "    indented code\n\n"
        "<div>Box</div>\n\n"
        "<!-- a comment -->\n"
    )
    assert blocks(text) == (
        Items(("first https://example.org/a", "second with $x$", "nested"), 3),
        Items(("one", "two"), 7),
        Code("print(1)\na\tb\n1\t2", 10),
        Code("indented code", 16),
        Paragraph("<div>Box</div>", 18),
    )


# ---------------------------------------------------------------- repairs of extracted text


def test_a_sentence_a_page_break_cut_in_two_is_one_paragraph():
    text = "1 Start\n\nThe slope of a line depends on\n\nwhich two points are taken.\n"
    assert blocks(text) == (
        Paragraph("The slope of a line depends on which two points are taken.", 3),
    )


def test_paragraphs_that_end_a_sentence_or_start_one_stay_apart():
    text = (
        "1 Start\n\nIt ends here.\n\nand then more\n\nNo ending\n\nCapital start\n\n"
        "(Stop.)\n\nafter brackets\n\nIntroducing:\n\nlowercase after a colon\n"
    )
    assert [block.text for block in blocks(text)] == [
        "It ends here.",
        "and then more",
        "No ending",
        "Capital start",
        "(Stop.)",
        "after brackets",
        "Introducing:",
        "lowercase after a colon",
    ]


def test_a_display_between_two_paragraphs_keeps_them_apart():
    text = "1 Start\n\nFor a function like\n\n$$f(x) = 2x$$\n\nwe see the slope.\n"
    assert blocks(text) == (
        Paragraph("For a function like", 3),
        Display("f(x) = 2x", None, 5),
        Paragraph("we see the slope.", 7),
    )


def test_paragraphs_of_only_spaces_and_non_breaking_spaces_are_dropped_and_join_over():
    text = f"1 Start\n\nA cut\n\n{NBSP}\n\n \n\n{NBSP} {NBSP}\n\nsentence.\n"
    assert blocks(text) == (Paragraph("A cut sentence.", 3),)


# ---------------------------------------------------------------- refusals


def test_a_display_never_closed_is_refused_at_its_line():
    assert refusal("1 Start\n\ntext\n\n$$\na = b\n\nmore\n") == (
        "notes.md line 5: a $$ opens display mathematics that is never closed; "
        "close it with $$ before the next blank line."
    )


def test_a_display_never_closed_inside_a_paragraph_is_refused_at_its_line():
    assert refusal("1 Start\n\none\n$$ a = b\n") == (
        "notes.md line 4: a $$ opens display mathematics that is never closed; "
        "close it with $$ before the next blank line."
    )


def test_a_bracket_display_never_closed_is_refused_at_its_line():
    assert refusal("1 Start\n\n\\[ a = b\n\nmore\n") == (
        "notes.md line 3: a \\[ opens display mathematics that is never closed; "
        "close it with \\] before the next blank line."
    )


def test_dollars_in_code_are_never_display_mathematics():
    assert blocks("1 Start\n\n```\n$$\n```\n\nUse `$$` to open.\n") == (
        Code("$$", 3),
        Paragraph("Use `$$` to open.", 7),
    )


@pytest.mark.parametrize("text", ["", "\n \n", f"{NBSP}\n\t\n"])
def test_empty_notes_are_refused(text):
    assert refusal(text) == "notes.md is empty: there are no notes to read."


def test_notes_without_a_heading_are_refused():
    assert refusal("Some notes.\n\nMore notes.\n") == (
        "notes.md has no heading (a Markdown `#` heading or a numbered line like "
        "'1 Introduction'), so nothing marks where a section starts."
    )


def test_a_file_that_is_not_utf8_is_refused_with_the_offset_and_line(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes(b"1 Start\n\ncaf\xe9\n")
    with pytest.raises(NotesError) as caught:
        read_notes(path)
    assert str(caught.value) == (
        f"{path} is not UTF-8 text (a byte at offset 12, line 3, cannot be read); save it as UTF-8."
    )


def test_a_missing_file_is_refused(tmp_path):
    path = tmp_path / "missing.md"
    with pytest.raises(NotesError) as caught:
        read_notes(path)
    assert str(caught.value) == f"{path}: the notes file does not exist."


def test_a_file_with_a_byte_order_mark_and_windows_line_ends_is_read(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes("\ufeffTides\r\n\r\n1 Moon\r\n\r\nIt pulls.\r\n".encode())
    assert read_notes(path) == Notes(
        path, "Tides", ("Tides",), (Section("1", "Moon", 1, 3, (Paragraph("It pulls.", 5),)),)
    )


# ---------------------------------------------------------------- the course's own notes


@pytest.mark.skipif(
    not COURSE_NOTES.is_file(),
    reason=f"the course notes are not beside the clone ({COURSE_NOTES} is missing)",
)
def test_the_course_notes_structure():
    notes = read_notes(COURSE_NOTES)
    assert [(s.number, s.title, s.level) for s in notes.sections] == [
        ("1", "Introduction", 1),
        ("2", "Derivatives", 1),
        ("2.1", "Definition", 2),
        ("2.2", "Derivative Rules", 2),
        ("2.3", "Solution", 2),
        ("3", "Gradients", 1),
        ("4", "References", 1),
        ("4.1", "Derivative Help", 2),
        ("4.2", "Images", 2),
    ]
    assert len(notes.front) == 3
    assert notes.title == notes.front[0]
    every = [block for section in notes.sections for block in section.blocks]
    displays = [block for block in every if isinstance(block, Display)]
    assert len(displays) == 27
    assert [d.tag for d in displays if d.tag] == [f"({n})" for n in range(1, 9)]
    (table,) = [block for block in every if isinstance(block, Table)]
    assert (len(table.header), len(table.rows), table.elided) == (3, 4, True)
    assert [f.number for f in every if isinstance(f, Figure)] == ["1", "2", "3", "4"]
    assert [len(b.items) for b in every if isinstance(b, Items)] == [2, 3]
    assert not [p for p in every if isinstance(p, Paragraph) and not p.text.strip()]
