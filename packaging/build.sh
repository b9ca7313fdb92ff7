#!/usr/bin/env bash
# Build pexdesk as a one-folder application (dist/pexdesk/) on Linux, then check the frozen app.
#   bash packaging/build.sh            build and verify
#   bash packaging/build.sh --icons    also render resources/icons/*.png and pexdesk.ico from
#                                      pexdesk.svg first (needs rsvg-convert: librsvg2-bin)
# Uses its own venv (packaging/.build-venv, not the development .venv) so that PyInstaller
# and Pillow never become dependencies of the application. Needs Python >= 3.11 with venv and
# Qt's runtime libraries (packaging/bootstrap.sh installs them). No CI service is assumed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=packaging/.build-venv
py=${PYTHON:-python3}

say() { printf 'build: %s\n' "$*" >&2; }
fail() { printf 'build: ÉCHEC : %s\n' "$*" >&2; exit 1; }

[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install -q --disable-pip-version-check "pyinstaller>=6.10,<7" "pillow>=10"
# The project itself, not editable: what is frozen is what a wheel would hold.
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps .
"$venv/bin/python" -m pip install -q --disable-pip-version-check .

if [ "${1:-}" = --icons ]; then
  command -v rsvg-convert >/dev/null || fail "rsvg-convert manquant (apt-get install librsvg2-bin)"
  for size in 16 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" resources/icons/pexdesk.svg -o "resources/icons/pexdesk-$size.png"
  done
  "$venv/bin/python" - <<'EOF'
from PIL import Image
sizes = [16, 32, 48, 64, 128, 256]
images = [Image.open(f"resources/icons/pexdesk-{s}.png").convert("RGBA") for s in sizes]
images[-1].save("resources/icons/pexdesk.ico", sizes=[(s, s) for s in sizes], append_images=images[:-1])
EOF
  say "icônes rendues depuis resources/icons/pexdesk.svg"
fi

say "PyInstaller…"
start=$(date +%s)
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build" packaging/pexdesk.spec
say "construit en $(( $(date +%s) - start )) s"

app=dist/pexdesk/pexdesk
[ -x "$app" ] || fail "$app absent"

# --- Verification of the frozen application ----------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Run from elsewhere, with a clean environment for Python: the bundle must not lean on the
# source tree or on a venv.
run() { (cd "$tmp" && env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV "$root/$app" "$@"); }

# Every kept Qt plugin must find its libraries inside the bundle.
missing=$(find dist/pexdesk/_internal/PySide6/Qt/plugins -name '*.so' -exec ldd {} + 2>/dev/null \
          | grep 'libQt6.* => not found' | sort -u || true)
[ -z "$missing" ] || fail "bibliothèques Qt manquantes pour un greffon : $missing"

version=$(run --version) || fail "pexdesk --version"
say "version : $version"
run demo --db "$tmp/demo.db" >/dev/null || fail "pexdesk demo"
[ -s "$tmp/demo.db" ] || fail "base de démonstration absente"
run check --db "$tmp/demo.db" >/dev/null || fail "pexdesk check"

QT_QPA_PLATFORM=offscreen run smoke --db "$tmp/demo.db" >"$tmp/smoke.txt" 2>&1 \
  || { cat "$tmp/smoke.txt" >&2; fail "pexdesk smoke"; }
run report --db "$tmp/demo.db" --out "$tmp/bilan.pdf" >/dev/null || fail "pexdesk report"
[ -s "$tmp/bilan.pdf" ] || fail "bilan.pdf absent"
head -c 5 "$tmp/bilan.pdf" | grep -q '%PDF-' || fail "bilan.pdf n'est pas un PDF"

say "smoke (application gelée, hors affichage) :"
cat "$tmp/smoke.txt"
say "bilan : $(stat -c %s "$tmp/bilan.pdf") octets"
say "taille de dist/pexdesk : $(du -sh dist/pexdesk | cut -f1)"
say "OK"
