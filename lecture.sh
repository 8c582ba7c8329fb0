#!/bin/sh
# The README's two commands; both install what is missing first (scripts/setup.sh).
#   ./lecture.sh render [ARGS...]        `lecture render ARGS...`; no ARGS: the whole
#                                        lecture in hd into output/hd/
#   ./lecture.sh test [PYTEST ARGS...]   ruff, then pytest ARGS...
# Runs from this folder whatever the caller's; `sh lecture.sh ...` works too.
set -eu
cd "$(dirname "$0")"
case "${1:-}" in
  render)
    shift
    sh scripts/setup.sh
    exec .venv/bin/lecture render "$@"
    ;;
  test)
    shift
    sh scripts/setup.sh test
    .venv/bin/ruff check .
    exec .venv/bin/pytest "$@"
    ;;
  *)
    echo "usage: ./lecture.sh render [SCENE...] [OPTIONS] | ./lecture.sh test [PYTEST ARGS...]" >&2
    exit 2
    ;;
esac
