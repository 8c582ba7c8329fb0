"""Every limit a lecture file is held to, in one place, each with the reason for its value.

A careless or hostile file must be refused in one sentence before any work starts: a
20 MB title once hung the render with nothing printed, a table nested 1,000 levels deep
crashed the reader, a learning rate of 1e-300 was drawn as 0. The loader, the formula
reader and the plan builders read these constants; the README quotes them.
"""

from __future__ import annotations

# ---------------------------------------------------------------- the file

# The example lectures are about 10 kB; a megabyte is a hundred such lectures, far more
# than a video can narrate, and small enough to read and check in well under a second.
MAX_FILE_BYTES = 1_000_000

# Tables and lists inside each other. The deepest real value is
# scenes.<Id>.more_starts[i][j] (5 levels); Python's TOML reader fails near 1,000.
MAX_DEPTH = 8

# Scenes in lecture.scenes and [scenes.<Id>] tables: each scene is at least a few seconds
# of video and a plan to compute; a hundred is a long course, not one lecture.
MAX_SCENES = 100

# Entries of the [pronunciation] table: each is a whole-word replacement in every beat.
MAX_PRONUNCIATIONS = 200

# A key as written (a scene id is at most 64 characters; template keys are shorter).
# Longer keys are unknown anyway: this only keeps the refusal short.
MAX_KEY_SHOWN = 64

# ---------------------------------------------------------------- strings

# A title, subtitle, chapter, outline item or equation label is typeset on one or two
# lines of a 16:9 slide; at the title size about 40 characters fit on a line, so 200
# already means shrinking the text to a size no one can read.
MAX_TEXT_LENGTH = 200

# One beat's narration is spoken while the beat's picture stays on screen: about 2.6
# words a second, 2,000 characters (about 330 words) is two minutes on one picture.
MAX_NARRATION_LENGTH = 2_000

# A formula is typeset in one line of LaTeX above its graph and parsed by sympy; longer
# ones neither fit nor parse quickly.
MAX_FORMULA_LENGTH = 300

# A pronunciation table's written and spoken forms: a word or a short phrase.
MAX_PRONUNCIATION_LENGTH = 200

# ---------------------------------------------------------------- lists

# Items of a list parameter, by what the scene does with each one: an outline item or an
# equation label is a line on one slide; a step size is a row of the secant table; an
# author step is a line of the derivation, each verified with sympy; each extra start is
# a ball rolled by integrating its gradient flow (about a second of planning each).
MAX_TEXT_ITEMS = 12
MAX_HELPERS = 8  # helper functions one scene may declare
MAX_STEP_SIZES = 8
MAX_FORMULA_ITEMS = 12
MAX_POINTS = 8
MAX_NUMBER_ITEMS = 24  # numbers in one list (a table's inputs)
MAX_RECORDS = 16  # small tables in one list (a plot's elements)
MAX_VALUES = 12  # named numbers one scene may give
MAX_STEPS = 40  # sentences in one beat's narration list (an opening and one per step)

# A whole-number parameter (the number of gradient-descent steps drawn).
MAX_COUNT = 10_000

# ---------------------------------------------------------------- numbers

# Every number a lecture file gives (points, ranges, steps, rates) is drawn on axes or
# printed in a readout with at most 4 significant digits and 6 decimal places: a number
# nearer 0 than 1e-6 would show as 0, one larger than 1e6 would not fit a tick label.
MIN_NUMBER_SIZE = 1e-6
MAX_NUMBER_SIZE = 1e6

# A plotted range narrower than this cannot be labelled with 4 significant digits.
MIN_RANGE_SPAN = 1e-3

# The gradient-descent learning rate: below 0.001 the drawn steps do not move in the
# dozen steps a scene shows (and η would read as 0); above 10 every descent diverges.
LEARNING_RATE_RANGE = (0.001, 10.0)

# How long each ball rolls (flow time): below 0.01 it does not move; above 100 the flow
# integration would need hundreds of thousands of steps.
FLOW_TIME_RANGE = (0.01, 100.0)

# The secant's final step: its live readout shows at most 6 decimal places.
FINAL_STEP_RANGE = (1e-6, 1.0)
