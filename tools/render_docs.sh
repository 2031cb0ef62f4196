#!/usr/bin/env bash
# Check that the docs build without the Quarto binary: process the notebooks as nbdev does, render them to HTML.
#
#  1. nbdev_proc_nbs: nbdev's docs processing of every notebook in nbs/ into _proc/ (as nbdev_docs does before it
#     calls Quarto). Without a `quarto` binary the nbdev_proc_nbs CLI would try to download and install Quarto,
#     so then its body is called from Python with that step skipped; everything else is nbdev's own code.
#  2. Checks: every notebook has its processed copy, none holds an error output, nbs/sidebar.yml lists what exists.
#  3. jupyter nbconvert --to html of every processed notebook into _proc/_html/; any failure fails the script.
#  4. If chromium is installed: headless screenshots of the home page and the model page into _proc/_shots/,
#     each checked to be a real page (not tiny, not one colour, has dark text pixels).
#
# Usage: tools/render_docs.sh [--require-browser] [--pages "index 03_model"]
#   --require-browser  fail (exit 1) when chromium is missing instead of skipping the screenshots
#   --pages LIST       notebook stems to screenshot (default: "index 03_model")
# Uses `python` and `jupyter` from PATH (activate the venv first), or $PYTHON; $CHROMIUM names the browser command.
# Chromium on Debian: apt-get update && apt-get install -y chromium
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="${PYTHON:-python}"
REQUIRE_BROWSER=0
PAGES="index 03_model"
while [ $# -gt 0 ]; do
  case "$1" in
    --require-browser) REQUIRE_BROWSER=1 ;;
    --pages) PAGES="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "render_docs: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "render_docs: $*"; }
die() { echo "render_docs: FAIL: $*" >&2; exit 1; }

# ---- 1. nbdev_proc_nbs -> _proc/
# nbs/_quarto.yml must stay a link to the top-level file (see the comment in _quarto.yml); if it is missing,
# nbdev would quietly write its default there and the top-level file would stop being the one in use.
[ -f _quarto.yml ] || die "_quarto.yml missing at the top level"
[ "$(readlink nbs/_quarto.yml 2>/dev/null)" = "../_quarto.yml" ] || die "nbs/_quarto.yml must be the symlink ../_quarto.yml (cd nbs && ln -sf ../_quarto.yml _quarto.yml)"
rm -rf _proc
PROC_HINT="nbdev_proc_nbs failed (see the cell above). nbdev's docs processing runs every cell that holds an import \
(and exported cells) without the rest of the notebook: keep imports in cells of their own"
if command -v quarto >/dev/null 2>&1; then
  say "nbdev_proc_nbs"
  nbdev_proc_nbs || die "$PROC_HINT"
else
  say "nbdev_proc_nbs (no quarto binary: skipping nbdev's Quarto install step)"
  # (python -c, not stdin: proc_nbs spawns worker processes, which re-import __main__ from its file)
  "$PY" -c 'import nbdev.quarto as q
q._ensure_quarto = lambda: None  # the CLI would download and install Quarto here
q.nbdev_proc_nbs.__wrapped__()' || die "$PROC_HINT"
fi
[ -f _proc/_quarto.yml ] || die "_proc/_quarto.yml missing: nbs/_quarto.yml (symlink to ../_quarto.yml) was not found"
[ -L _proc/_quarto.yml ] && die "_proc/_quarto.yml is a symlink; expected a copy"

# ---- 2. checks on the processed notebooks
mapfile -t NBS < <(cd nbs && find . -name '*.ipynb' -not -path '*/[_.]*' | sed 's|^\./||' | sort)
[ "${#NBS[@]}" -gt 0 ] || die "no notebooks in nbs/"
say "${#NBS[@]} notebook(s): ${NBS[*]}"
for nb in "${NBS[@]}"; do [ -f "_proc/$nb" ] || die "nbdev_proc_nbs wrote no _proc/$nb"; done
"$PY" - "${NBS[@]}" <<'EOF'
import json, sys, yaml
from pathlib import Path
bad = []
for nb in sys.argv[1:]:
    for i, c in enumerate(json.loads(Path('_proc', nb).read_text())['cells']):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': bad.append(f"{nb} cell {i}: {o.get('ename')}: {o.get('evalue')}")
if bad: sys.exit("render_docs: FAIL: error outputs would show in the docs:\n  " + "\n  ".join(bad))
def entries(xs):
    for x in xs:
        if isinstance(x, str): yield x
        elif isinstance(x, dict):
            if 'href' in x: yield x['href']
            yield from entries(x.get('contents', []))
side = list(entries(yaml.safe_load(Path('nbs/sidebar.yml').read_text())['website']['sidebar']['contents']))
for s in side:
    if not Path('nbs', s).exists(): print(f"render_docs: warning: nbs/sidebar.yml lists {s}, which does not exist")
for nb in sys.argv[1:]:
    if nb not in side: print(f"render_docs: warning: {nb} is not in nbs/sidebar.yml")
EOF

# ---- 3. HTML render of every processed notebook
OUTDIR="_proc/_html"
mkdir -p "$OUTDIR"
failed=()
for nb in "${NBS[@]}"; do
  case "$nb" in */*) dest="$OUTDIR/${nb%/*}" ;; *) dest="$OUTDIR" ;; esac
  # (nbconvert logs "Notebook JSON is invalid: ... 'has_sd'" for nbdev's processed notebooks; harmless)
  if jupyter nbconvert --to html --log-level WARN --output-dir "$dest" "_proc/$nb" > "$OUTDIR/.log" 2>&1; then
    say "html: $OUTDIR/${nb%.ipynb}.html"
  else
    cat "$OUTDIR/.log" >&2; failed+=("$nb")
  fi
done
[ "${#failed[@]}" -eq 0 ] || die "nbconvert failed on: ${failed[*]}"

# ---- 4. screenshots
BROWSER=""
for b in ${CHROMIUM:-chromium chromium-browser}; do command -v "$b" >/dev/null 2>&1 && { BROWSER="$b"; break; }; done
if [ -z "$BROWSER" ]; then
  if [ "$REQUIRE_BROWSER" = 1 ]; then die "chromium not found (--require-browser): apt-get install -y chromium"; fi
  say "chromium not found: screenshots skipped (install: apt-get install -y chromium)"
  say "ok (${#NBS[@]} notebooks rendered, no screenshots)"
  exit 0
fi
SHOTS="_proc/_shots"
mkdir -p "$SHOTS"
for page in $PAGES; do
  html="$ROOT/$OUTDIR/$page.html"
  [ -f "$html" ] || die "no $OUTDIR/$page.html to screenshot (is nbs/$page.ipynb missing?)"
  png="$ROOT/$SHOTS/$page.png"
  prof="$(mktemp -d)"
  # --host-resolver-rules: no network lookups (the nbconvert page links CDN scripts); fail fast offline
  if ! timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
      --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE localhost" --user-data-dir="$prof" \
      --screenshot="$png" --window-size=1200,2000 "file://$html" > "$SHOTS/$page.log" 2>&1; then
    tail -20 "$SHOTS/$page.log" >&2; rm -rf "$prof"; die "chromium failed on $page"
  fi
  rm -rf "$prof"
  [ -f "$png" ] || { tail -20 "$SHOTS/$page.log" >&2; die "chromium wrote no $png"; }
  "$PY" - "$png" <<'EOF' || die "screenshot check failed: $png"
import sys, os
from PIL import Image
p = sys.argv[1]
sz = os.path.getsize(p)
im = Image.open(p).convert('L')
w, h = im.size
hist = im.histogram()
n = w * h
dark = sum(hist[:100]) / n          # text-like pixels
ncol = sum(1 for c in hist if c)   # distinct grey levels
problems = []
if sz < 8_000: problems.append(f"file only {sz} bytes")
if ncol < 8: problems.append(f"only {ncol} grey levels (blank page?)")
if dark < 0.0001: problems.append(f"only {dark:.2%} dark pixels (no text?)")
msg = f"{os.path.basename(p)} {w}x{h}, {sz//1024} KiB, {ncol} grey levels, {dark:.2%} dark pixels"
if problems: sys.exit(f"render_docs: FAIL: {msg}: " + '; '.join(problems))
print(f"render_docs: screenshot {msg}")
EOF
done
say "ok (${#NBS[@]} notebooks rendered, screenshots in $SHOTS/)"
