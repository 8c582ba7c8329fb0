#!/bin/sh
# Installs what a fresh Debian machine lacks for rendering the lecture, then the
# Python packages into .venv. Safe to run again: it skips what is already there.
# `setup.sh test` also installs what only the test suite needs.
# POSIX sh: a minimal Debian has dash as /bin/sh and nothing else to rely on.
set -eu
cd "$(dirname "$0")/.."

# --- Python 3.11 or newer --------------------------------------------------
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 was not found; install Python 3.11 or newer (Debian: apt-get install python3) and run this again." >&2
  exit 1
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "python3 is $(python3 -c 'import platform; print(platform.python_version())' 2>/dev/null || echo 'unusable'), and the lecture needs Python 3.11 or newer; install one and put it first on PATH as python3." >&2
  exit 1
fi
# pycairo builds from source against Python.h; venv needs ensurepip
has_python_h() {
  python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null
}
has_ensurepip() {
  python3 -c 'import ensurepip' 2>/dev/null
}
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
with_tests=false
[ "${1:-}" = "test" ] && with_tests=true

# --- system packages ----------------------------------------------------------
if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  # pycairo builds from source: a C compiler, libc headers (only a Recommends of
  # gcc, and apt here installs no Recommends), pkg-config, cairo and pango headers.
  # MathTex/Tex: a small TeX Live and the DVI-to-SVG converter manim uses.
  render_packages="gcc libc6-dev pkg-config libcairo2-dev libpango1.0-dev
    texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm"
  has_python_h || render_packages="$render_packages python3-dev"
  has_ensurepip || render_packages="$render_packages python3-venv"
  # the HTML deck is tested in headless Chromium, the .pptx through LibreOffice to PDF
  test_packages=""
  $with_tests && test_packages="chromium libreoffice-impress poppler-utils"

  # How long apt takes, measured on 2 cores near a fast mirror: about 2 minutes
  # for the render packages, about 1 more for the test packages.
  missing_render=""
  for pkg in $render_packages; do
    installed "$pkg" || missing_render="$missing_render $pkg"
  done
  missing_test=""
  for pkg in $test_packages; do
    installed "$pkg" && continue
    # Ubuntu's Chromium is a snap, not the Debian package
    [ "$pkg" = chromium ] && command -v chromium-browser >/dev/null 2>&1 && continue
    missing_test="$missing_test $pkg"
  done
  minutes=0
  [ -n "$missing_render" ] && minutes=2
  [ -n "$missing_test" ] && minutes=$((minutes + 1))
  missing="${missing_render# }$missing_test"
  missing=${missing# }

  if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      sudo=""
    elif command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "These Debian packages are missing and only root can install them: $missing; run this as root (or have root run: apt-get install $missing), or install sudo and give $(id -un) sudo rights, then run it again." >&2
      exit 1
    fi
    echo "Installing Debian packages (about $minutes min, more on a slow network): $missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086 # the package list is meant to split into words
    $sudo env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends $missing
  fi
else
  # Not Debian-like: check for what the build and the renders use, by name.
  missing=""
  command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 ||
    command -v clang >/dev/null 2>&1 || missing="$missing, a C compiler"
  has_python_h || missing="$missing, the Python headers (Python.h)"
  has_ensurepip || missing="$missing, Python's venv/ensurepip"
  if ! command -v pkg-config >/dev/null 2>&1; then
    missing="$missing, pkg-config, cairo and pango with their headers"
  elif ! pkg-config --exists cairo pango 2>/dev/null; then
    missing="$missing, cairo and pango with their headers"
  fi
  command -v latex >/dev/null 2>&1 || missing="$missing, LaTeX (a small TeX Live with standalone)"
  command -v dvisvgm >/dev/null 2>&1 || missing="$missing, dvisvgm"
  if $with_tests; then
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
      missing="$missing, Chromium"
    command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 ||
      missing="$missing, LibreOffice Impress"
    command -v pdftoppm >/dev/null 2>&1 || missing="$missing, poppler's pdftoppm and pdfinfo"
  fi
  if [ -n "$missing" ]; then
    echo "This is not a Debian-like system (no apt-get/dpkg), so install these yourself and run this again: ${missing#, } (README.md, \"Two commands\", lists the package names for Fedora and macOS)." >&2
    exit 1
  fi
fi

# --- Python packages ----------------------------------------------------------
stamp=.venv/.installed
# (find -newer: test's -nt is not POSIX)
if [ ! -f "$stamp" ] || [ -n "$(find pyproject.toml -newer "$stamp")" ]; then
  echo "Installing Python packages into .venv (about 2 minutes; pycairo compiles)"
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  # the distribution's name before it was lecture-video: its editable finder would linger
  .venv/bin/python -m pip uninstall -q -y calculus-lecture >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".[voice,test]"
  touch "$stamp"
fi

# --- axe-core, for the HTML deck's accessibility test ---------------------------
# One pinned release from the npm registry, checked against the sha512 the registry
# publishes for it (dist.integrity); only axe.min.js is kept. python3, not curl:
# a fresh Debian has no curl.
if $with_tests && [ ! -f .venv/share/axe-core/axe.min.js ]; then
  echo "Downloading axe-core 4.10.3 (about 600 kB) into .venv/share/axe-core"
  python3 - <<'PY'
import base64, hashlib, io, os, sys, tarfile, urllib.request

URL = "https://registry.npmjs.org/axe-core/-/axe-core-4.10.3.tgz"
SHA512 = "Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg=="
TARGET = ".venv/share/axe-core/axe.min.js"
try:
    with urllib.request.urlopen(URL, timeout=120) as response:
        data = response.read()
except OSError as error:
    sys.exit(f"axe-core could not be downloaded from {URL} ({error}); check the network and run this again.")
if base64.b64encode(hashlib.sha512(data).digest()).decode() != SHA512:
    sys.exit(f"{URL} does not match its published sha512; not installing it (try again later).")
with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
    script = archive.extractfile("package/axe.min.js").read()
os.makedirs(os.path.dirname(TARGET), exist_ok=True)
with open(TARGET + ".tmp", "wb") as out:
    out.write(script)
os.replace(TARGET + ".tmp", TARGET)
PY
fi
