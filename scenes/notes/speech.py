"""A lecturer's prose as the voice says it: sentences in the lecturer's own words, with
inline mathematics in words and what a video cannot use left out.

Notes point at figures ("(See Figure 1.)") and numbered equations ("the chain rule in
(6)") that a narrated video does not have, and notes exported from PDF carry mathematics
outside `$...$` ("Δy", "x_0", "e^{-x}", "∇f") and PDF spacing ("x 's", "Δy ,"). The voice
reads none of that well, and narration holding it is refused (content/spoken.py). So each
paragraph is cut into sentences, its references dropped, its mathematics put into words
with statement_items.tex_words (after fixing what that reader says badly: "mx" as one
word, "f(x)" as "f x", "x_0" as "x sub 0", a point or vector without saying so), and
whatever the voice still could not read removed. Numbers written in digits stay digits;
`numbers_in` finds them and `in_words` writes chosen ones in words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

from scenes.content.spoken import foreign_part, unspeakable_part
from scenes.maths.said_numbers import WRITTEN_NUMBER
from scenes.maths.spoken_math import spoken_decimal_text, spoken_integer, spoken_number
from scenes.maths.statement_items import tex_words

# abbreviations said as their words (a voice spells some out; a caption reads either)
SPOKEN_ABBREVIATIONS = {
    "e.g.": "for example",
    "i.e.": "that is",
    "vs.": "versus",
    "cf.": "compare",
    "w.r.t.": "with respect to",
    "approx.": "approximately",
    "resp.": "respectively",
}
ET_CETERA = "and so on"
# abbreviations whose period never ends a sentence
KEPT_ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Fig.", "Figs.", "Eq.", "Eqs.", "No.")
ENDING_PUNCTUATION = ".!?:"
# a letter followed by "(" is a function applied ("f of x") unless it usually names a
# variable or constant; then it is a product where what follows is a sum
VARIABLE_LETTERS = frozenset("abcdkmnrtxyz")
# function names that TeX writes without a backslash in careless notes
BARE_FUNCTIONS = ("sin", "cos", "tan", "tanh", "log", "ln", "exp", "lim", "max", "min")
# verbs after which a bare equation number is the equation itself: "simplify (7)" is "simplify it"
OBJECT_VERBS = re.compile(
    r"(?:appl|use|usi|simplif|rewrit|differentiat|solv|substitut|expand|recall|combin|compar|"
    r"check|prov|deriv|integrat|evaluat|plug|giv|yield|remember|writ|multipl|divid|tak)\w*$",
    re.IGNORECASE,
)
# a reference after these is dropped with them ("the chain rule in (6)" is "the chain rule")
DROPPED_PREPOSITIONS = ("in", "from", "see", "per")
# a reference after these is their object, said as "it" ("apply the rule to (2)")
OBJECT_PREPOSITIONS = ("of", "to", "into", "with", "using", "by", "on", "onto")

_MATH = re.compile(r"(\$[^$]*\$)")
_HIDDEN = "\ue000"  # marks where a piece of mathematics stands while the prose is changed
# a sentence ends at '.', '!' or '?' (and closing quotes or brackets) before a space and a
# capital, digit, quote, bracket, mathematics or a letter such as a Greek one, or at the end
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+(?:[\"'(\[]?[A-Z0-9]|[^\x00-\x7f])|\s*$)")
_LIST_ITEM = re.compile(r"\n(?=\s{0,3}(?:[-*+]|\d+[.)])\s)")
_APPLIED = "\ue001"  # marks the end of a function applied, where a product may follow
_GLUED = "\ue002"  # marks mathematics written against the word after it
_FIGURE = r"(?:figures?|figs?\.|tables?|tabs?\.)\s*\d+(?:\.\d+)*[a-z]?"
_FIGURE_PARENTHESIS = re.compile(rf"\s*\([^()]*\b{_FIGURE}[^()]*\)", re.IGNORECASE)
_SEE_PARENTHESIS = re.compile(r"\s*\(\s*(?:see|cf\.)\s[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)
_FIGURE_PHRASE = re.compile(
    rf",?\s*(?:as\s+)?(?:(?:is|are)\s+)?(?:(?:shown|seen|drawn|plotted|pictured|illustrated|"
    rf"depicted|graphed)\s+)?(?:in|on)\s+(?:the\s+)?{_FIGURE}",
    re.IGNORECASE,
)
_FIGURE_MENTION = re.compile(rf"\b{_FIGURE}", re.IGNORECASE)
_REFERENCE = r"\(\d{1,3}[a-z]?\)"
_REFERENCES = re.compile(
    rf"(?<![\w)\]}}'^_]){_REFERENCE}(?:\s*(?:,|and|or|to|-|–)\s*{_REFERENCE})*"
)
_EQUATION_WORD = re.compile(
    r"\b(?:the\s+)?(?:equations?|eqs?\.|eqns?\.|formulas?|formulae)$", re.IGNORECASE
)
_URL = re.compile(r"(?::\s*)?<?(?:https?://|www\.)[^\s>]+>?")
_PLAIN_SCRIPTED = re.compile(
    r"(?<![\w\\])[A-Za-z0-9]+(?:[_^](?:\{[^{}]*\}|-?[A-Za-z0-9]+(?:\.\d+)?))+(?![\w{])"
)
_PLAIN_CALL = re.compile(
    r"(?<![\w\\'])[A-Za-z]'*\((?:[^()\s]|\([^()]*\))(?:[^()]|\([^()]*\)){0,20}\)"
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱ", "0123456789+-ni")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-")
_SYMBOL_WORDS = {
    "∂": " partial ",
    "→": " to ",
    "⟶": " to ",
    "·": " times ",
    "⋅": " times ",
    "′": " prime",
    "″": " double prime",
    "∑": " the sum ",
    "∫": " the integral ",
    "∈": " in ",
    "−": " minus ",
    "…": "...",
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
}
_UNSAYABLE = set("\\$^_{}<>*#`|~∂∇∑∫→·′″⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_BIG_OPERATORS = {"sum": "the sum", "prod": "the product", "int": "the integral"}
# relations said with their verb ("x is at most 1"), where tex_words leaves it out
_RELATION_WORDS = {
    "leq": "is at most",
    "le": "is at most",
    "geq": "is at least",
    "ge": "is at least",
    "in": "is in",
    "approx": "is about",
    "neq": "is not",
    "ne": "is not",
}
_TEXT_COMMANDS = r"\\(?:text|textbf|textit|textrm|mathrm|mathbf|mathit|operatorname|emph|mbox)"


# ---------------------------------------------------------------- the public API


def sentences(text: str) -> tuple[str, ...]:
    """A paragraph's prose as speakable sentences, in order."""
    said = []
    for piece in _all_pieces(text):
        piece = _unwrapped(piece)
        if _points_at_figure(piece):
            continue
        sentence = _ended(_said(piece))
        if any(character.isalnum() for character in sentence):
            said.append(sentence)
    return tuple(said)


def speakable(text: str) -> str:
    """One piece of prose made speakable (no splitting): its sentences that only point at
    a figure are left out, the rest said as `sentences` says them, without added periods."""
    pieces = [_said(piece) for piece in _all_pieces(text) if not _points_at_figure(piece)]
    return _tidy(" ".join(piece for piece in pieces if piece))


def numbers_in(sentence: str) -> tuple[str, ...]:
    """The numbers written in digits in a speakable sentence ("2", "0.5"), in order."""
    return tuple(match.group() for match in WRITTEN_NUMBER.finditer(sentence))


def in_words(sentence: str, numbers: Collection[str]) -> str:
    """The sentence with each of these digit-numbers written in words ("2" -> "two",
    "0.5" -> "zero point five", "-1" -> "minus one"); other numbers untouched."""
    chosen = set(numbers)

    def said(match: re.Match[str]) -> str:
        written = match.group()
        return _number_words(written) if written in chosen else written

    return WRITTEN_NUMBER.sub(said, sentence)


def _number_words(written: str) -> str:
    if "/" in written:
        top, bottom = written.split("/")
        if "." not in written and int(bottom) != 0:
            return spoken_number(f"{top}/{bottom}")
        return f"{_number_words(top)} over {_number_words(bottom)}"
    return spoken_decimal_text(written)


# ---------------------------------------------------------------- the text, made plain


def _normalized(text: str) -> str:
    """The paragraph as one line of plain prose: Markdown, URLs, HTML, typographic quotes
    and dashes, display-math and \\(...\\) delimiters made plain; mathematics kept in $."""
    text = re.sub(r"\$\$(.*?)\$\$", r"$\1$", text, flags=re.DOTALL)
    text = re.sub(r"\\\((.*?)\\\)", r"$\1$", text, flags=re.DOTALL)
    text = re.sub(r"\\\$\s*(\d+(?:\.\d+)?)", r"\1 dollars", text)  # an escaped dollar sign
    text = _outside_math(text.replace("\\$", " dollars "), lambda part: part.replace("$", " "))
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # an image
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # a link: its words
    text = _URL.sub("", text)
    text = re.sub(r"</?[A-Za-z][^<>]*>", " ", text)  # HTML tags
    text = _outside_math(text, _plain_markdown)
    for symbol, words in _SYMBOL_WORDS.items():
        if symbol in "“”„‘’…\u00a0":
            text = text.replace(symbol, words)
    return " ".join(text.split())


def _plain_markdown(text: str) -> str:
    """Emphasis and code marks left out; dashes as the pause or range they are."""
    text = re.sub(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<!\w)_(?=[^\s_])([^_]+?)(?<=\S)_(?!\w)", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\s*(?:—|--+)\s*", ", ", text)
    text = re.sub(r"(\d)\s*–\s*(\d)", r"\1 to \2", text)
    text = re.sub(r"(?<=[A-Za-z]{2})\s+-\s+(?=[A-Za-z]{2})", ", ", text)
    return re.sub(r"\s*–\s*", ", ", text)


def _outside_math(text: str, change: Callable[[str], str]) -> str:
    """`change` applied to the prose between the $...$ pieces, the mathematics kept."""
    parts = _MATH.split(text)
    return "".join(part if index % 2 else change(part) for index, part in enumerate(parts))


def _math_hidden(text: str, change: Callable[[str], str]) -> str:
    """`change` applied to the whole text, each $...$ piece standing in it as one word."""
    maths: list[str] = []

    def hidden(match: re.Match[str]) -> str:
        maths.append(match.group())
        return f"{_HIDDEN}{len(maths) - 1}{_HIDDEN}"

    changed = change(_MATH.sub(hidden, text))
    return re.sub(rf"{_HIDDEN}(\d+){_HIDDEN}", lambda m: maths[int(m.group(1))], changed)


# ---------------------------------------------------------------- sentences


def _all_pieces(text: str) -> list[str]:
    """The sentences of each list item in turn (an item is its own sentence)."""
    return [piece for item in _LIST_ITEM.split(text) for piece in _pieces(_normalized(item))]


def _pieces(text: str) -> list[str]:
    """The text cut after '.', '!' or '?' (and closing quotes or brackets) where a space and
    a capital, quote, bracket or digit follow, never inside mathematics or after an
    abbreviation."""
    masked = _MATH.sub(lambda match: _HIDDEN * len(match.group()), text)
    cuts, start = [], 0
    for match in _SENTENCE_END.finditer(masked):
        words = masked[: match.start() + 1].split()
        if words and _abbreviation(words[-1]):
            continue
        cuts.append(text[start : match.end()].strip())
        start = match.end()
    cuts.append(text[start:].strip())
    return [cut for cut in cuts if cut]


def _abbreviation(word: str) -> bool:
    word = word.lstrip("(\"'")
    return word.lower() in SPOKEN_ABBREVIATIONS or word in KEPT_ABBREVIATIONS


def _points_at_figure(piece: str) -> bool:
    """Whether a sentence, its parenthesised references left out, still names a figure
    or table: the video has none to show."""
    return bool(_FIGURE_MENTION.search(_outside_math(piece, _without_figures)))


def _unwrapped(piece: str) -> str:
    """A sentence written wholly in parentheses, said without them."""
    if piece.startswith("(") and piece.endswith(")") and _balanced(piece[1:-1]):
        return piece[1:-1]
    return piece


def _balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _ended(sentence: str) -> str:
    sentence = sentence.rstrip(" ,;")
    if sentence and sentence.rstrip("\"')").endswith(tuple(ENDING_PUNCTUATION)):
        return sentence
    return sentence + "." if sentence else sentence


# ---------------------------------------------------------------- one sentence said


def _said(text: str) -> str:
    text = _normalized(text)
    capital = _starts_capital(text)
    text = _math_hidden(text, _without_figures)
    text = _math_hidden(text, _without_equation_references)
    text = _outside_math(text, _plain_mathematics)
    text = _outside_math(text, _spoken_abbreviations)
    text = _math_rewritten(text)
    said = _voice_ready(_glued(tex_words(text)))
    if capital and said[:1].islower():  # "In (1) we see" is "We see"
        said = said[0].upper() + said[1:]
    return said


def _glued(words: str) -> str:
    """Words written against mathematics, put back against it (tex_words spaces them):
    "n-dimensional", "x's", "i-th"."""
    words = re.sub(rf"\s*{_GLUED}\s*(?=[A-Za-z])(?!s\b)", "-", words)
    return re.sub(rf"\s*{_GLUED}\s*", "", words)


def _starts_capital(text: str) -> bool:
    letters = re.search(r"[A-Za-z$]", text)
    return letters is not None and letters.group().isupper()


def _without_figures(text: str) -> str:
    """Parenthesised pointers ("(see Figure 1)") and phrases ("shown in Figure 2") left out."""
    text = _SEE_PARENTHESIS.sub("", text)
    text = _FIGURE_PARENTHESIS.sub("", text)
    return _FIGURE_PHRASE.sub("", text)


def _without_equation_references(text: str) -> str:
    """Equation numbers left out: dropped after a noun or "in"/"from", said as "it" (or
    "them") where they are a verb's object, "this equation" where the word names them."""
    while (match := _REFERENCES.search(text)) is not None:
        head, tail = text[: match.start()].rstrip(), text[match.end() :]
        several = len(re.findall(_REFERENCE, match.group())) > 1
        text = _head_without_reference(head, "them" if several else "it") + tail
    return text


def _head_without_reference(head: str, pronoun: str) -> str:
    """The text before a reference, with what stands in for the reference."""
    named = _EQUATION_WORD.search(head)
    before = head[: named.start()].rstrip() if named else head
    words = before.split()
    last = words[-1].lower() if words else ""
    if last in DROPPED_PREPOSITIONS:
        return before[: len(before) - len(words[-1])].rstrip()
    if last in OBJECT_PREPOSITIONS:
        return f"{before} {pronoun}"
    if named:
        return (
            f"{before} this equation"
            if before and not _sentence_ends(before)
            else (f"{before} This equation".lstrip())
        )
    if words and OBJECT_VERBS.match(last):
        return f"{before} {pronoun}"
    if not words or _sentence_ends(before):
        return f"{before} This".lstrip()
    return before


def _sentence_ends(text: str) -> bool:
    return text.rstrip("\"')").endswith(tuple(".!?:"))


def _spoken_abbreviations(text: str) -> str:
    for written, said in SPOKEN_ABBREVIATIONS.items():
        for form, words in ((written, said), (written.capitalize(), said.capitalize())):
            text = re.sub(rf"(?<![\w.]){re.escape(form)}", words, text)
    ending = r"(?<![\w.])etc\.(?=\s+[\"'(]?[A-Z0-9]|\s*$)"
    text = re.sub(ending, ET_CETERA + ".", text)
    return re.sub(r"(?<![\w.])etc\.", ET_CETERA, text)


def _plain_mathematics(text: str) -> str:
    """Mathematics written outside $ (as notes exported from PDF write it): Greek and other
    symbols as words, scripts and calls ("x_0", "e^{-x}", "f(x)") marked as TeX math."""
    text = re.sub(
        r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱ]+", lambda m: "^{" + m.group().translate(_SUPERSCRIPTS) + "}", text
    )
    text = re.sub(r"[₀₁₂₃₄₅₆₇₈₉₊₋]+", lambda m: "_{" + m.group().translate(_SUBSCRIPTS) + "}", text)
    text = re.sub(r"∇\s*([A-Za-z])(?![A-Za-z])", r"the gradient of \1", text)
    text = text.replace("∇", "the gradient")
    for symbol, words in _SYMBOL_WORDS.items():
        text = text.replace(symbol, words)
    text = "".join(_greek_name(character) for character in text)
    text = _PLAIN_SCRIPTED.sub(lambda match: f"${match.group()}$", text)
    text = _outside_math(text, lambda part: _PLAIN_CALL.sub(lambda m: f"${m.group()}$", part))
    text = re.sub(r"(\S)\s+'s\b", r"\1's", text)  # "x 's", PDF spacing
    text = re.sub(r"\s+<\s+", " is less than ", text)
    text = re.sub(r"\s+>\s+", " is greater than ", text)
    text = re.sub(r"\b(and|or)\s*/\s*(and|or)\b", r"\1 \2", text)
    return re.sub(r"([\w)])\s*/\s*([\w(])", r"\1 over \2", text)


def _greek_name(character: str) -> str:
    """A Greek letter as its name ("Δ" is "delta ", said before the name it changes)."""
    name = unicodedata.name(character, "")
    if not name.startswith("GREEK") or " LETTER " not in name:
        return character
    return " " + name.split(" LETTER ")[-1].lower().replace("final ", "") + " "


# ---------------------------------------------------------------- inline math, rewritten


def _math_rewritten(text: str) -> str:
    """Each $...$ piece rewritten as TeX that tex_words says well, knowing the word before
    it (a point after "the point" is not "the point" again)."""
    parts = _MATH.split(text)
    for index in range(1, len(parts), 2):
        before = re.findall(r"[A-Za-z]+", parts[index - 1])
        said = "$" + _latex_said(parts[index][1:-1], before[-1] if before else "") + "$"
        if re.match(r"[-'\w]", parts[index + 1]):  # "$n$-dimensional", "$x$'s"
            said += _GLUED
        parts[index] = said
    return "".join(parts)


def _latex_said(latex: str, word_before: str) -> str:
    """One piece of inline TeX rewritten for tex_words to say as a lecturer would: letters
    apart, subscript digits as words, operators, calls, powers of sums and products."""
    latex = re.sub(r"\\(?:left|right|bigg?|Bigg?)(?![A-Za-z])\s*\.?", "", latex).strip()
    latex = _whole_forms_said(re.sub(r"\s*,\s*", ", ", latex), word_before.lower())
    latex = _letters_apart(latex)
    latex = re.sub(r"(\d)\s*(?=[A-Za-z\\])(?!\\(?:cdot|times|quad|,))", r"\1 ", latex)
    latex = _operators_said(latex)
    latex = re.sub(
        r"_\{?(\d{1,3})\}?", lambda m: rf" \text{{{spoken_integer(int(m.group(1)))}}}", latex
    )
    latex = _quantities_said(_calls_said(latex))
    latex = re.sub(rf"{_APPLIED}\s*(?=[A-Za-z({{]|\\(?!text|cdot|times))", r" \\cdot ", latex)
    latex = latex.replace(_APPLIED, "")
    return re.sub(r"(\\text\{[^{}]*\}\s*)\(([^()]*)|([)}\d])\s*\(", _bracket_said, latex)


def _bracket_said(match: re.Match[str]) -> str:
    """A bracket after words ("the derivative ... of (f(x) + g(x))") is what they apply to,
    "the quantity" where it holds a sum; after a number or a bracket, a product."""
    words, inside, before = match.groups()
    if words is None:
        return rf"{before} \cdot ("
    flat = re.sub(r"\{[^{}]*\}", "", inside).strip()  # signs inside {-x} are not a sum
    said_already = inside.lstrip().startswith(r"\text{the quantity}")
    quantity = r"\text{the quantity} " if re.search(r"(?<!^)[-+]", flat) else ""
    return f"{words}{'' if said_already else quantity}({inside}"


def _whole_forms_said(latex: str, word_before: str) -> str:
    """A point, an interval or a vector said as one ("the point 1, 1"), unless the word
    before already names it."""
    point = re.fullmatch(r"\(([^()]*,[^()]*)\)", latex)
    if point:
        named = word_before in ("point", "points")
        return point.group(1) if named else rf"\text{{the point}} {point.group(1)}"
    interval = re.fullmatch(r"\[([^\[\],]*), ([^\[\],]*)\]", latex)
    if interval:
        return rf"\text{{the interval from}} {interval.group(1)} \text{{to}} {interval.group(2)}"
    vector = r"\text{the vector} " if word_before not in ("vector", "vectors") else ""
    return re.sub(r"\\langle\s*(.*?)\s*\\rangle", lambda m: vector + m.group(1), latex)


def _operators_said(latex: str) -> str:
    """Operators said as a lecturer says them: "the gradient of f", "the limit as h goes
    to 0 of", "the sum from i equals 1 to n of", "d y by d x", "x is at most 1"."""
    latex = re.sub(r"\\nabla\s*([A-Za-z])(?![A-Za-z])", r"\\text{the gradient of} \1", latex)
    latex = latex.replace(r"\nabla", r"\text{the gradient}")
    latex = re.sub(
        r"\\lim_\{([^{}]*)\}",
        lambda m: (
            r"\text{the limit as} "
            + re.sub(r"\\(?:to|rightarrow)(?![A-Za-z])", r"\\text{goes to}", m.group(1))
            + r" \text{of} "
        ),
        latex,
    )
    latex = re.sub(
        r"\\(sum|prod|int)_(\{[^{}]*\}|\\?[A-Za-z0-9]+)\^(\{[^{}]*\}|\\?[A-Za-z0-9]+)",
        lambda m: (
            rf"\text{{{_BIG_OPERATORS[m.group(1)]} from}} {m.group(2)} "
            rf"\text{{to}} {m.group(3)} \text{{of}} "
        ),
        latex,
    )
    latex = re.sub(
        r"\\(sum|prod)_(\{[^{}]*\}|\\?[A-Za-z0-9]+)",
        lambda m: rf"\text{{{_BIG_OPERATORS[m.group(1)]} over}} {m.group(2)} \text{{of}} ",
        latex,
    )
    latex = re.sub(
        r"\\d?frac\{d\}\{d\s*([A-Za-z])\}",
        r"\\text{the derivative with respect to} \1 \\text{of} ",
        latex,
    )
    latex = re.sub(
        r"\\d?frac\{d\s*([A-Za-z])\}\{d\s*([A-Za-z])\}", r"\\text{d} \1 \\text{by d} \2", latex
    )
    latex = re.sub(r"\|([^|]+)\|", r"\\text{the absolute value of} \1 ", latex)
    latex = re.sub(r"\^\{?(?:T|\\top|\\intercal)\}?(?![A-Za-z])", r" \\text{transpose} ", latex)
    latex = re.sub(
        r"\\in\s*[(\[]([^()\[\],]*), ([^()\[\],]*)[)\]]",
        r"\\text{is in the interval from} \1 \\text{to} \2",
        latex,
    )
    for command, words in _RELATION_WORDS.items():
        latex = re.sub(rf"\\{command}(?![A-Za-z])", rf"\\text{{{words}}}", latex)
    return latex


def _letters_apart(latex: str) -> str:
    """Letters written together are a product ("mx" is "m x"), except a known function
    name, which becomes its command; TeX commands and text arguments are left as they are."""

    def apart(match: re.Match[str]) -> str:
        letters = match.group("letters")
        if letters is None:
            return match.group()
        if letters in BARE_FUNCTIONS:
            return "\\" + letters
        return " ".join(letters)

    kept = rf"{_TEXT_COMMANDS}\s*\{{[^{{}}]*\}}|\\[A-Za-z]+|_\{{[A-Za-z]+\}}"
    pattern = rf"{kept}|(?P<letters>[A-Za-z]{{2,}})"
    return re.sub(pattern, apart, latex)


def _calls_said(latex: str) -> str:
    """A function applied, innermost first: f(g(x)) is "f of g of x", f'(x) "f prime of x";
    a variable's letter before a sum in parentheses is a product ("x times the quantity")."""
    call = re.compile(
        r"(?<![A-Za-z\\])([A-Za-z]|\\(?:sigma|phi|varphi|psi|ell))((?:\s*'|\\prime)*)\s*\(([^()]*)\)"
    )

    def said(match: re.Match[str]) -> str:
        name, primes, inside = match.groups()
        if name in VARIABLE_LETTERS and re.search(r"[-+]", inside):
            return rf"{{{name}{primes} \text{{times the quantity}} {inside}}}{_APPLIED}"
        return rf"{{{name}{primes} \text{{of}} {inside}}}{_APPLIED}"

    return _settled(call, said, latex)


def _quantities_said(latex: str) -> str:
    """A sum in parentheses raised to a power is "the quantity ..., squared"."""
    power = re.compile(r"\(([^()]*)\)\s*\^\s*(\{[^{}]*\}|\\?[A-Za-z0-9])")

    def said(match: re.Match[str]) -> str:
        inside, exponent = match.groups()
        if re.search(r"[-+]|\\cdot|\\times", inside):
            return rf"\text{{the quantity}} {inside} \text{{,}} ^{exponent}"
        return rf"{{{inside}}}^{exponent}"

    return _settled(power, said, latex)


def _settled(pattern: re.Pattern[str], said: Callable[[re.Match[str]], str], text: str) -> str:
    """The pattern replaced again and again until nothing changes (nested calls, powers)."""
    while True:
        changed = pattern.sub(said, text)
        if changed == text:
            return text
        text = changed


# ---------------------------------------------------------------- what the voice gets


def _voice_ready(words: str) -> str:
    """The words tidied, and anything the voice would still read badly taken out."""
    words = "".join(" " if character in _UNSAYABLE else character for character in words)
    words = re.sub(r"([\w)])\s*/\s*([\w(])", r"\1 over \2", words)
    words = "".join(_latin_or_name(character) for character in words)
    words = _tidy(words)
    while (part := unspeakable_part(words)) is not None and part.part in words:
        words = _tidy(words.replace(part.part, " ", 1))
    return words


def _latin_or_name(character: str) -> str:
    """A Greek letter as its name, a letter of another script left out (the voice is English)."""
    if not character.isalpha() or character.isascii():
        return character
    if unicodedata.name(character, "").startswith("GREEK"):
        return _greek_name(character)
    probe = foreign_part(character)
    return " " if probe is not None and probe.character else character


def _tidy(words: str) -> str:
    """One space between words, none before punctuation, no empty or unmatched brackets."""
    words = _matched_brackets(" ".join(words.split()))
    for _ in range(3):
        words = re.sub(r"\(\s*\)|\[\s*\]", "", words)
        words = re.sub(r"\(\s+", "(", words)
        words = re.sub(r"\s+\)", ")", words)
        words = re.sub(r"\s+([,.;:!?])", r"\1", words)
        words = re.sub(r",\s*([,.;:!?])", r"\1", words)
        words = re.sub(r"([;:])\s*([.!?])", r"\2", words)
        words = " ".join(words.split())
    return words.strip(" ,;")


def _matched_brackets(words: str) -> str:
    """Parentheses left unmatched by a cut or a dropped reference, removed."""
    unmatched, opened = set(), []
    for index, character in enumerate(words):
        if character == "(":
            opened.append(index)
        elif character == ")":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    unmatched.update(opened)
    return "".join(c for index, c in enumerate(words) if index not in unmatched)
