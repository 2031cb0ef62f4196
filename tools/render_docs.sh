#!/usr/bin/env bash
# Build the docs site as readers get it, with Quarto, and check it.
#
#  1. nbdev_docs: nbdev's processing of nbs/ into _proc/, then `quarto render` into _docs/ (the site GitHub Pages
#     serves). Quarto must be on PATH (1.10.18, the version deploy.yaml pins). nbdev_docs must change no tracked file:
#     README.md is tools/render_readme.py's (settings.ini points nbdev's README step at a notebook that does not exist).
#     nbdev reprocesses only the notebooks changed since its last run (_proc/ is its cache): rm -rf _proc for a full
#     build, as a fresh clone (CI) does.
#  2. tools/check_site.py on _docs/ and the build log: no Quarto or pandoc warning, a page per notebook, every local
#     link and #anchor resolves, no raw syntax shown as text, no error output, no image cut off, MathJax where math is.
#  3. Headless-Chromium screenshots of some pages, served over HTTP from _docs/ as a web server serves them, into
#     _docs_shots/ (with the build log), each checked to be a real page: not tiny, not one colour, dark text pixels,
#     and the site's coloured navigation bar at the top (its CSS loaded).
#
# Usage: tools/render_docs.sh [--require-browser] [--no-shots] [--no-build] [--pages "index model"]
#   --require-browser  fail (exit 1) when chromium is missing instead of skipping the screenshots
#   --no-shots         build and check only
#   --no-build         check (and screenshot) the _docs/ already there, with its build log in _docs_shots/
#   --pages LIST       pages to screenshot, by page or notebook name (default: "index model loss generation results")
# Uses `python` from PATH (activate the venv first), or $PYTHON; $CHROMIUM names the browser command.
#
# Quarto on a machine that reaches only the package registries (../shared beside the checkout):
#   ../shared/quarto/install.sh ~/.local/quarto-offline && export PATH=~/.local/quarto-offline/bin:$PATH
# elsewhere from https://quarto.org/docs/download/ (1.10.18). Then `nbdev_preview` serves the site while you edit
# (add `--port 8000 --no_browser` on a remote machine). Chromium on Debian: apt-get install -y chromium
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="${PYTHON:-python}"
REQUIRE_BROWSER=0; SHOTS_ON=1; BUILD=1
PAGES="index model loss generation results"
QUARTO_WANT=1.10.18
while [ $# -gt 0 ]; do
  case "$1" in
    --require-browser) REQUIRE_BROWSER=1 ;;
    --no-shots) SHOTS_ON=0 ;;
    --no-build) BUILD=0 ;;
    --pages) [ $# -ge 2 ] || { echo "render_docs: --pages needs a list of pages, e.g. --pages \"index model\"" >&2; exit 2; }; PAGES="$2"; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "render_docs: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "render_docs: $*"; }
die() { echo "render_docs: FAIL: $*" >&2; exit 1; }
command -v "$PY" >/dev/null 2>&1 || die "python not found ($PY): activate the environment, or name the interpreter in \$PYTHON"
SHOTS="_docs_shots"
LOG="$SHOTS/nbdev_docs.log"
mkdir -p "$SHOTS"

# ---- 1. nbdev_docs -> _docs/
if [ "$BUILD" = 1 ]; then
  # nbs/_quarto.yml must stay a link to the top-level file (see the comment in _quarto.yml); if it were missing,
  # nbdev would quietly write its default there and the top-level file would stop being the one in use.
  [ -f _quarto.yml ] || die "_quarto.yml missing at the top level"
  [ "$(readlink nbs/_quarto.yml 2>/dev/null)" = "../_quarto.yml" ] || die "nbs/_quarto.yml must be the symlink ../_quarto.yml (cd nbs && ln -sf ../_quarto.yml _quarto.yml)"
  # without quarto, nbdev_docs would try to download and install it (sudo dpkg): say how to get it instead
  command -v quarto >/dev/null 2>&1 || die "quarto not on PATH: ../shared/quarto/install.sh ~/.local/quarto-offline && export PATH=~/.local/quarto-offline/bin:\$PATH (or https://quarto.org/docs/download/, version $QUARTO_WANT)"
  qv="$(quarto --version)"
  [ "$qv" = "$QUARTO_WANT" ] || say "note: quarto $qv; the site is deployed with $QUARTO_WANT"
  snap() { git status --porcelain 2>/dev/null; sha256sum README.md 2>/dev/null || true; }
  before="$(snap)"
  say "nbdev_docs (quarto $qv), log in $LOG"
  t0=$SECONDS
  set +e
  nbdev_docs > "$LOG" 2>&1
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    tail -40 "$LOG" >&2
    die "nbdev_docs failed (exit $rc; whole log in $LOG). nbdev's docs processing runs every cell that holds an import (and exported cells) without the rest of the notebook: keep imports in cells of their own"
  fi
  say "nbdev_docs took $((SECONDS - t0))s"
  after="$(snap)"
  if [ "$before" != "$after" ]; then
    diff <(echo "$before") <(echo "$after") >&2 || true
    die "nbdev_docs changed files of the checkout (above); README.md is written by tools/render_readme.py only"
  fi
  # nbdev's own notes (not Quarto's): test cells that mix imports with other code run during the docs processing
  n_mixed="$(grep -c 'UserWarning: Found cells containing imports and other code' "$LOG" || true)"
  [ "$n_mixed" = 0 ] || say "note: nbdev ran $n_mixed cell(s) holding imports and other code while processing the docs (see $LOG)"
fi
[ -f "$LOG" ] || die "no build log $LOG (run without --no-build first)"

# ---- 2. the site checker
"$PY" tools/check_site.py --log "$LOG" || die "the site has the problems above (tools/check_site.py; build log $LOG)"

# ---- 3. screenshots
if [ "$SHOTS_ON" = 0 ]; then say "ok (screenshots not asked for)"; exit 0; fi
BROWSER=""
for b in ${CHROMIUM:-chromium chromium-browser}; do command -v "$b" >/dev/null 2>&1 && { BROWSER="$b"; break; }; done
if [ -z "$BROWSER" ]; then
  [ "$REQUIRE_BROWSER" = 1 ] && die "chromium not found (--require-browser): apt-get install -y chromium"
  say "chromium not found: screenshots skipped (install: apt-get install -y chromium)"
  say "ok (site built and checked, no screenshots)"
  exit 0
fi
# serve _docs/ over HTTP on a free local port: Quarto's pages load ES modules, which browsers refuse from file://
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$PY" -m http.server "$PORT" --bind 127.0.0.1 --directory _docs > "$SHOTS/http.log" 2>&1 &
SRV=$!
trap 'kill "$SRV" 2>/dev/null || true' EXIT
for _ in $(seq 50); do "$PY" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/index.html')" 2>/dev/null && break; sleep 0.2; done
for page in $PAGES; do
  name="$("$PY" -c 'import re, sys; print(re.sub(r"^\d+[a-zA-Z0-9]*_", "", sys.argv[1].lower()).removesuffix(".html"))' "$page")"
  [ -f "_docs/$name.html" ] || die "no _docs/$name.html to screenshot"
  png="$ROOT/$SHOTS/$name.png"
  rm -f "$png"
  prof="$(mktemp -d)"
  # --host-resolver-rules: no network lookups (MathJax comes from a CDN; offline it fails fast and the TeX shows)
  if ! timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --hide-scrollbars \
      --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
      --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1" --user-data-dir="$prof" \
      --virtual-time-budget=5000 --screenshot="$png" --window-size=1280,2000 \
      "http://127.0.0.1:$PORT/$name.html" > "$SHOTS/$name.log" 2>&1; then
    tail -20 "$SHOTS/$name.log" >&2; rm -rf "$prof"; die "chromium failed on $name"
  fi
  rm -rf "$prof"
  [ -f "$png" ] || { tail -20 "$SHOTS/$name.log" >&2; die "chromium wrote no $png"; }
  "$PY" - "$png" <<'EOF' || die "screenshot check failed: $png"
import sys, os
from PIL import Image
p = sys.argv[1]
sz = os.path.getsize(p)
rgb = Image.open(p).convert('RGB')
im = rgb.convert('L')
w, h = im.size
hist = im.histogram()
n = w * h
dark = sum(hist[:100]) / n          # text-like pixels
ncol = sum(1 for c in hist if c)   # distinct grey levels
# the navigation bar: the top strip is mostly one saturated colour when the site's CSS loaded (an error page is white)
hsv = rgb.crop((0, 0, w, 30)).convert('HSV').tobytes()
sat = sum(1 for i in range(0, len(hsv), 3) if hsv[i+1] > 80 and hsv[i+2] > 80) / (w * 30)
problems = []
if sz < 8_000: problems.append(f"file only {sz} bytes")
if ncol < 8: problems.append(f"only {ncol} grey levels (blank page?)")
if dark < 0.0001: problems.append(f"only {dark:.2%} dark pixels (no text?)")
if sat < 0.5: problems.append(f"no coloured navigation bar at the top ({sat:.0%} of the strip; the site's CSS not loaded, or an error page?)")
msg = f"{os.path.basename(p)} {w}x{h}, {sz//1024} KiB, {ncol} grey levels, {dark:.2%} dark pixels, navbar {sat:.0%}"
if problems: sys.exit(f"render_docs: FAIL: {msg}: " + '; '.join(problems))
print(f"render_docs: screenshot {msg}")
EOF
done
say "ok (site built and checked; screenshots in $ROOT/$SHOTS/)"
