#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for rendering the lecture, then the
# Python packages into .venv. Safe to run again: it skips what is already there.
# `setup.sh test` also installs what only the test suite needs.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  # pycairo and manimpango build from source against these
  libcairo2-dev libpango1.0-dev pkg-config
  # MathTex/Tex: a small TeX Live and the DVI-to-SVG converter manim uses
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
  # Python's venv module (Debian splits it out)
  python3-venv
)
if [ "${1:-}" = "test" ]; then
  # the HTML deck is tested in headless Chromium, the .pptx through LibreOffice to PDF
  SYSTEM_PACKAGES+=(chromium libreoffice-impress poppler-utils)
fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# python3-venv is only needed when the interpreter lacks ensurepip
if python3 -c "import ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<<"${missing[*]}"

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Python packages into .venv"
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
