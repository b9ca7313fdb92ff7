#!/usr/bin/env bash
# Prepare a Debian/Ubuntu machine for pexdesk, then open the app on the demo base or run the tests.
#   bash packaging/bootstrap.sh app    install, create the demo base if missing, open the app on it
#   bash packaging/bootstrap.sh test   install with test tools, run the whole test suite (offscreen)
# Safe to run again: it installs only what is missing. Extra arguments go to pexdesk / pytest.
set -euo pipefail
mode=${1:-}; shift || true
case "$mode" in app|test) ;; *) echo "usage: bash packaging/bootstrap.sh app|test [ARGS…]" >&2; exit 2;; esac
cd "$(dirname "$0")/.."

sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
# Qt's runtime libraries; the xcb ones only for a real window (tests run offscreen).
packages=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
[ "$mode" = app ] && packages+=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0
                               libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xkb1)
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)
if command -v dpkg >/dev/null; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "$mode" = app ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  # pip compiles the bytecode of what it installs, not of an editable project: without
  # this, a machine that cannot write __pycache__ compiles pexdesk at every start (+70 ms).
  .venv/bin/python -m compileall -q pexdesk >/dev/null
  mkdir -p demo
  [ -f demo/pexdesk-demo.db ] || .venv/bin/pexdesk demo --db demo/pexdesk-demo.db
  exec .venv/bin/pexdesk --db demo/pexdesk-demo.db "$@"
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest "$@"
status=$?
[ $status -eq 5 ] && echo "bootstrap: pytest collected no test: this is a failure" >&2
exit $status
