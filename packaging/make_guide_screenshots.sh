#!/usr/bin/env bash
# Regenerates the screenshots of the user guide (resources/guide/images/*.png) from a fresh
# demo base: one per screen (Ctrl+1 … Ctrl+7) plus the welcome page, at 1366x768, on a
# virtual screen (Xvfb) through the `shoot` tool, then shrunk to 1100 px wide and optimised.
#   bash packaging/make_guide_screenshots.sh
# Environment: PEXDESK (the pexdesk command, default .venv/bin/pexdesk), SHOOT (the shoot
# tool, default /work/shared/tools/shoot), WAIT (seconds before each shot, default 3).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pexdesk=${PEXDESK:-$here/.venv/bin/pexdesk}
shoot=${SHOOT:-/work/shared/tools/shoot}
wait_s=${WAIT:-3}
out=$here/resources/guide/images
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Own settings folder: the shots do not depend on (nor change) the user's last base or screen.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
mkdir -p "$out" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
"$pexdesk" demo --db "$work/demo.db" >/dev/null

shot() {  # NAME KEYS [ARGS...]
  local name=$1 keys=$2; shift 2
  "$shoot" "$work/$name.png" --size 1366x768 --wait "$wait_s" --keys "$keys" -- "$pexdesk" "$@"
  convert "$work/$name.png" -resize '1100x>' -strip -colors 256 -define png:compression-level=9 \
    "$out/$name.png"
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --output "$out/$name.png" -- "$out/$name.png" || true
  fi
}

shot accueil ""
i=1
for name in tableau-de-bord partenaires reunions feuille-de-route indicateurs retours bilans; do
  shot "$name" "ctrl+$i" --db "$work/demo.db"
  i=$((i + 1))
done
du -ch "$out"/*.png | tail -1
