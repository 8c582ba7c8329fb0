# The two commands of the README. Both install what is missing first.
.PHONY: lecture test setup

setup:
	bash scripts/setup.sh

lecture: setup
	.venv/bin/lecture render

test:
	bash scripts/setup.sh test
	.venv/bin/ruff check .
	.venv/bin/pytest
