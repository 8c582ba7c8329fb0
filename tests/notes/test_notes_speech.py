"""A lecturer's prose as the voice says it: references dropped, mathematics in words, every
sentence something the voice can read. The sentences here are made up for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.content.spoken import foreign_part, unspeakable_part
from scenes.notes.speech import in_words, numbers_in, sentences, speakable

NOTES = (
    Path(__file__).resolve().parents[2].parent / "shared" / "lecture" / "calculus-for-ml-notes.md"
)
NEVER_SAID = ("$", "\\", "_", "^", "Δ", "∇", "Figure")


def _voice_reads(sentence: str) -> bool:
    foreign = foreign_part(sentence)
    return unspeakable_part(sentence) is None and (foreign is None or not foreign.character)


# ---------------------------------------------------------------- inline mathematics


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Here $y = mx + b$ is a line.", "Here y equals m x plus b is a line."),
        ("Take $g(x) = x^2$ now.", "Take g of x equals x squared now."),
        (
            "Start at $x_0 = 1$ and stop at $x_{1} = 3$.",
            "Start at x zero equals 1 and stop at x one equals 3.",
        ),
        ("Mark $(1, 1)$ on the curve.", "Mark the point 1, 1 on the curve."),
        ("At the point $(2,3)$ it turns.", "At the point 2, 3 it turns."),
        (
            "It points along $\\langle -2, -2 \\rangle$ here.",
            "It points along the vector minus 2, minus 2 here.",
        ),
        ("The vector $\\langle 4, 1 \\rangle$ is long.", "The vector 4, 1 is long."),
        ("Call $h(t)$ the height.", "Call h of t the height."),
        ("The bottom is $1 + e^{-x}$ always.", "The bottom is 1 plus e to the minus x always."),
        ("Suppose $\\Delta x = 0$ there.", "Suppose delta x equals 0 there."),
        (
            "So $\\frac{d}{dx} u(v(x)) = u'(v(x))v'(x)$ holds.",
            "So the derivative with respect to x of u of v of x equals u prime of v of x "
            "times v prime of x holds.",
        ),
        (
            "Write $(1 + e^{-x})^{-1}$ instead.",
            "Write the quantity 1 plus e to the minus x, to the minus 1 instead.",
        ),
        ("Here $\\lim_{h \\to 0} q(h)$ exists.", "Here the limit as h goes to 0 of q of h exists."),
        ("We got $3(2) = 6$ here.", "We got 3 times 2 equals 6 here."),
        ("Factor it as $x(1 - x)$ now.", "Factor it as x times the quantity 1 minus x now."),
        ("So $\\frac{dy}{dx}$ is the slope.", "So d y by d x is the slope."),
        ("Then $-\\nabla h$ points down.", "Then minus the gradient of h points down."),
        ("We test $a < b$ and x < y here.", "We test a is less than b and x is less than y here."),
        ("Try $[0, 2]$ first.", "Try the interval from 0 to 2 first."),
        ("If $p \\in (0, 1)$ holds.", "If p is in the interval from 0 to 1 holds."),
        ("Since $x \\le 1$ and $y \\approx 2$.", "Since x is at most 1 and y is about 2."),
        (
            "The loss $\\sum_{i=1}^{n} (y_i - w x_i)^2$ falls.",
            "The loss the sum from i equals 1 to n of the quantity y sub i minus w x sub i, "
            "squared falls.",
        ),
        ("Then $\\int_0^1 x dx$ is a half.", "Then the integral from 0 to 1 of x d x is a half."),
        ("So $w^T x$ is a number.", "So w transpose x is a number."),
        ("An $n$-dimensional space.", "An n-dimensional space."),
        ("All $x$'s and the $i$th term.", "All x's and the i-th term."),
    ],
)
def test_inline_math_is_said_in_words_in_written_order(text: str, said: str) -> None:
    assert sentences(text) == (said,)


# ---------------------------------------------------------------- mathematics outside $


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "A rise Δy , over a run Δx , with step δ.",
            "A rise delta y, over a run delta x, with step delta.",
        ),
        ("Take x_0 and x_1 and x_{12}.", "Take x zero and x one and x twelve."),
        (
            "Both e^x and e^{-x} and t^2 and x^n grow.",
            "Both e to the x and e to the minus x and t squared and x to the n grow.",
        ),
        ("Its direction is ∇g at each point.", "Its direction is the gradient of g at each point."),
        ("It is written ∇ here.", "It is written the gradient here."),
        ("For large z 's the tail is thin.", "For large z's the tail is thin."),
        ("Both x² and x₀ appear.", "Both x squared and x zero appear."),
        (
            "The call q(t) and its slope q'(t) agree.",
            "The call q of t and its slope q prime of t agree.",
        ),
        ("The ratio dy/dx is steep.", "The ratio dy over dx is steep."),
        ("The angle θ grows by π.", "The angle theta grows by pi."),
    ],
)
def test_plain_text_mathematics_is_said_in_words(text: str, said: str) -> None:
    assert sentences(text) == (said,)


# ---------------------------------------------------------------- typography and markup


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("She said “go” and it’s fine—mostly.", 'She said "go" and it\'s fine, mostly.'),
        ("It runs from 3–5 seconds – roughly.", "It runs from 3 to 5 seconds, roughly."),
        ("**Bold** words and *italic* and `code` too.", "Bold words and italic and code too."),
        ("Read <https://example.org/page> for more.", "Read for more."),
        ("Visit www.example.org/x or https://example.org today.", "Visit or today."),
        ("See [the page](https://example.org) later.", "See the page later."),
        ("Some rules hold, i.e. most.", "Some rules hold, that is most."),
        ("The slope w.r.t. x is big.", "The slope with respect to x is big."),
    ],
)
def test_typography_markup_and_urls_made_plain(text: str, said: str) -> None:
    assert sentences(text) == (said,)


def test_a_lone_or_escaped_dollar_sign_is_no_mathematics() -> None:
    assert sentences("Odd $x^2 and y_1 here.") == ("Odd x squared and y one here.",)
    assert sentences("It costs \\$5 today.") == ("It costs 5 dollars today.",)


def test_list_items_are_sentences_of_their_own_and_lose_their_urls() -> None:
    text = "- Help: <https://example.org/a>\n- Videos: https://example.org/b"
    assert sentences(text) == ("Help.", "Videos.")


# ---------------------------------------------------------------- splitting


def test_split_after_ending_punctuation_before_capital_quote_or_digit() -> None:
    text = 'One. Two! Three? "Four" is here. 5 is next. lower. stays'
    assert sentences(text) == (
        "One.",
        "Two!",
        "Three?",
        '"Four" is here.',
        "5 is next. lower. stays.",
    )


def test_abbreviations_do_not_end_sentences() -> None:
    assert sentences("We plot speed vs. time. Then we stop.") == (
        "We plot speed versus time.",
        "Then we stop.",
    )
    assert sentences("Some rules, e.g. Newton's, are old. Others, i.e. Leibniz's, are not.") == (
        "Some rules, for example Newton's, are old.",
        "Others, that is Leibniz's, are not.",
    )
    assert sentences("Apples, pears, etc. Then more etc. and so.") == (
        "Apples, pears, and so on.",
        "Then more and so on and so.",
    )


def test_no_split_inside_mathematics_and_a_split_before_math_or_greek() -> None:
    assert sentences("Set $a = 1.5. B$ here. $b$ is next. δ is small.") == (
        "Set a equals 1.5. B here.",
        "b is next.",
        "delta is small.",
    )


def test_a_sentence_in_parentheses_is_said_without_them() -> None:
    assert sentences("It is flat. (A constant's slope is 0.)") == (
        "It is flat.",
        "A constant's slope is 0.",
    )


def test_long_sentences_are_kept_whole_and_empty_ones_dropped() -> None:
    long = " ".join(["word"] * 60) + "."
    assert sentences(long) == (long,)
    assert sentences("  \n ") == ()
    assert sentences("(See Figure 2.)") == ()


def test_a_sentence_without_ending_punctuation_gets_a_period() -> None:
    assert sentences("For a curve like") == ("For a curve like.",)
    assert sentences("we get this:") == ("we get this:",)


# ---------------------------------------------------------------- references


def test_figure_and_table_references_are_dropped() -> None:
    text = (
        "It is big (see Figure 4) and round. (See Figure 2.) Look (Figure 7) up. "
        "Numbers are in (see Table 3) a list."
    )
    assert sentences(text) == ("It is big and round.", "Look up.", "Numbers are in a list.")


def test_a_sentence_that_points_at_a_figure_is_dropped() -> None:
    assert sentences("Look at Figure 5 to see this. The curve rises.") == ("The curve rises.",)
    assert sentences("See Figure 3 for how that looks.") == ()
    assert sentences("Figure 1: A bowl of y^2 .") == ()
    assert sentences("The curve shown in Figure 6 rises.") == ("The curve rises.",)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("We use the product rule in (5).", "We use the product rule."),
        ("Then we'll apply (2).", "Then we'll apply it."),
        ("The quotient rule (9) helps.", "The quotient rule helps."),
        ("From (4) we see it.", "We see it."),
        ("In equation (1) the slope is clear.", "The slope is clear."),
        ("Equation (3) says so.", "This equation says so."),
        ("Substitute this into (1).", "Substitute this into it."),
        ("Compare (2) and (3) now.", "Compare them now."),
        ("We can simplify (7) further.", "We can simplify it further."),
        ("Recall the ratio $q(x)$ from (2) here.", "Recall the ratio q of x here."),
        ("The values $q(2)$ and $q(3)$ stay.", "The values q of 2 and q of 3 stay."),
    ],
)
def test_equation_references_are_dropped_grammatically(text: str, said: str) -> None:
    assert sentences(text) == (said,)


# ---------------------------------------------------------------- speakable


def test_speakable_keeps_one_piece_without_added_periods() -> None:
    assert speakable("Some $x^2$ value, e.g. four") == "Some x squared value, for example four"
    assert speakable("It rises (see Figure 1). It falls") == "It rises. It falls"
    assert speakable("It rises. See Figure 1 for that.") == "It rises."


# ---------------------------------------------------------------- numbers


def test_numbers_in_finds_digit_numbers_in_order() -> None:
    assert numbers_in("It is 2, then 0.5, then -1 and 3/4, not x2 or 2x.") == (
        "2",
        "0.5",
        "-1",
        "3/4",
    )
    assert numbers_in("x zero equals 1") == ("1",)
    assert numbers_in("no numbers") == ()


def test_in_words_writes_only_the_chosen_numbers() -> None:
    sentence = "It is 2, then 0.5, then -1 and 3/4 and 7."
    assert in_words(sentence, ["2", "0.5", "-1", "3/4"]) == (
        "It is two, then zero point five, then minus one and three quarters and 7."
    )
    assert in_words("From 12 to 12.05.", {"12"}) == "From twelve to 12.05."
    assert in_words("From 12 to 12.05.", ()) == "From 12 to 12.05."


# ---------------------------------------------------------------- the voice can read it all

_PIECES = [
    *"abcxyzfgS ()[]{}.,;:!?'\"$\\^_-+=*/<>|~#`0123456789\n",
    *"ΔδπθαΣ∇—–“”’²₀→·∂∑∫′жé中",
    "\\frac",
    "\\langle",
    "\\rangle",
    "\\left(",
    "\\right)",
    "\\text{",
    "\\nabla",
    "e.g.",
    "vs.",
    " See Figure 2",
    "(see Table 1)",
    " in (6)",
    "(3)",
    "http://a.b/c",
    "<https://a.b>",
    "x_0",
    "e^{-x}",
    "$x^2$",
    "$f(x)$",
    "$(1,1)$",
    "- ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_every_sentence_is_readable_by_the_voice(text: str) -> None:
    for sentence in (*sentences(text), speakable(text)):
        assert _voice_reads(sentence), (text, sentence)


@pytest.mark.parametrize(
    "text",
    [
        "Odd $x^2 and y_1 here.",
        "Money costs $5 and \\$6 today.",
        "Markup <b>bold</b> and a | bar ~ tilde # hash.",
        "A mixed $\\frac{\\partial f}{\\partial x} \\cdot \\sum_i w_i$ term.",
        "Stray } brace { and \\command here.",
        "Symbols ∂f → ∑ ∫ · ′ ″ all.",
        "A word in Русский and 中文 here.",
    ],
)
def test_awkward_input_still_reads(text: str) -> None:
    said = sentences(text)
    assert said
    assert all(_voice_reads(sentence) for sentence in said), said


# ---------------------------------------------------------------- the example notes


def _paragraphs(text: str) -> list[str]:
    return [
        paragraph.strip()
        for paragraph in text.split("\n\n")
        if paragraph.strip() and not paragraph.strip().startswith("$$")
    ]


@pytest.mark.skipif(not NOTES.is_file(), reason=f"the example notes are not at {NOTES}")
def test_every_paragraph_of_the_example_notes_is_speakable() -> None:
    paragraphs = _paragraphs(NOTES.read_text(encoding="utf-8"))
    said = [sentence for paragraph in paragraphs for sentence in sentences(paragraph)]
    assert len(said) > len(paragraphs)
    for sentence in said:
        assert not any(part in sentence for part in NEVER_SAID), sentence
        assert _voice_reads(sentence), sentence


@pytest.mark.parametrize(
    ("latex", "said"),
    [
        (
            r"\frac{d}{dx}(f(x) + g(x))",
            "the derivative with respect to x of the quantity f of x plus g of x",
        ),
        (r"\frac{d}{dx}(e^{-x})", "the derivative with respect to x of e to the minus x"),
        (r"2(1)", "2 times 1"),
    ],
)
def test_a_bracket_after_words_is_what_they_apply_to(latex: str, said: str) -> None:
    assert speakable(f"${latex}$") == said
