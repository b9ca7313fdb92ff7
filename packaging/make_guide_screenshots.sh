#!/usr/bin/env bash
# Regenerates the screenshots of the user guide (resources/guide/images/*.png) from a fresh
# demo base: one per screen (Ctrl+1 … Ctrl+7) plus the welcome page, at 1366x768, on a
# virtual screen (Xvfb) through the `shoot` tool, then shrunk to 1100 px wide and optimised;
# and the preview of a partner directory's import (packaging/guide-annuaire.csv, a fictional
# directory of the demo département), cut out of the screen at its own size.
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
mkdir -p "$out" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$work/downloads"
# « Importer un annuaire… » opens its file dialog in the downloads folder: the directory waits
# there, so that typing its name is enough.
echo "XDG_DOWNLOAD_DIR=\"$work/downloads\"" >"$XDG_CONFIG_HOME/user-dirs.dirs"
cp "$here/packaging/guide-annuaire.csv" "$work/downloads/annuaire.csv"
"$pexdesk" demo --db "$work/demo.db" >/dev/null

shot() {  # NAME KEYS [ARGS...]; with crop=WxH+X+Y, only that part of the screen
  local name=$1 keys=$2; shift 2
  "$shoot" "$work/$name.png" --size 1366x768 --wait "$wait_s" --keys "$keys" -- "$pexdesk" "$@"
  convert "$work/$name.png" ${crop:+-crop "$crop" +repage} -resize '1100x>' -strip -colors 256 \
    -define png:compression-level=9 "$out/$name.png"
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
# Partenaires, search field (the screen's Alt+P needs the focus inside it), « Importer un
# annuaire… », the file's name, Return; two Shift presses give the preview time to be ready
# before « Ignorer les lignes invalides » (Alt+V) is ticked. Nothing is imported. The crop is the
# dialog's outline on this screen (720x520 at 313,84): measure it again if the dialog changes.
crop=720x520+313+84 shot partenaires-import \
  "ctrl+2 ctrl+f alt+p a n n u a i r e period c s v Return shift shift alt+v" --db "$work/demo.db"
du -ch "$out"/*.png | tail -1
