#!/usr/bin/env bash
# Every Quora figure of the results page for one model, each from its own command, into OUTDIR/*.json.
#
#   heldout.json    textvae_eval MODEL --data quora --split test --unseen --iw 1 --json         (greedy reconstruction from the mean)
#   valid.json      textvae_eval MODEL --data quora --split valid --iw 50 --json                (IW-NLL, KL, MI, AU; reconstruction)
#   refine50.json   textvae_eval MODEL --data quora --split test --unseen --limit 200 --iw 1 --refine 50 --json
#   interp.txt      textvae_interpolate MODEL "where can i find a book on machine learning" "how can i become a successful entrepreneur"
#   interp0.txt     the same with --refine 0
#   samples_valid_T*_C*.json  textvae_eval MODEL --data quora --split valid --samples 500 --temperature T --code_temperature C --json
#                   (T = 0.2 0.3 0.4 0.5, C = 0.6 0.7 0.8 1.0: the two sampling temperatures are chosen together on the
#                   validation questions, never on test: the pair whose samples are closest to the real questions in both
#                   perplexity and distinct bigrams, |log ppl ratio| + |log distinct-2 ratio| smallest; printed at the end of the sweep)
#   samples.json    textvae_eval MODEL --data quora --samples 500 --json                        (the fitted prior, if the model has one)
#   samples_normal.json   the same with --prior normal
#   pairs.json      textvae_eval MODEL --pairs quora --split test --json                        (paraphrase retrieval)
#
# Usage: bash tools/quora_eval.sh MODEL OUTDIR     (MODEL: a model folder or a shipped name; TEXTVAE_DATA names the data)
# SWEEP_ONLY=1 stops after the temperature sweep (the defaults are then set from it, and the rest is run).
# A file that exists is kept (delete it to measure again); each is written whole or not at all.
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
model=$1; out=$2; mkdir -p "$out"
S1="where can i find a book on machine learning"; S2="how can i become a successful entrepreneur"
run() { local f=$1; shift; [ -s "$out/$f" ] && return; echo "== $f" >&2; "$@" > "$out/$f.tmp"; mv "$out/$f.tmp" "$out/$f"; }
run heldout.json textvae_eval "$model" --data quora --split test --unseen --iw 1 --json --cpu
run valid.json textvae_eval "$model" --data quora --split valid --iw 50 --json --cpu
run refine50.json textvae_eval "$model" --data quora --split test --unseen --limit 200 --iw 1 --refine 50 --json --cpu
run interp.txt textvae_interpolate "$model" "$S1" "$S2"
run interp0.txt textvae_interpolate "$model" "$S1" "$S2" --refine 0
for C in 0.6 0.7 0.8 1.0; do for T in 0.2 0.3 0.4 0.5; do
  run samples_valid_T${T}_C$C.json textvae_eval "$model" --data quora --split valid --samples 500 --temperature $T --code_temperature $C --json --cpu
done; done
"${PYTHON:-python}" - "$out" <<'PY'
import json, math, sys
from pathlib import Path
def score(f):
    d = json.loads(f.read_text()); s,r = d['samples'],d['real']
    return abs(math.log(s['ppl']/r['ppl'])) + abs(math.log(s['distinct_2']/r['distinct_2']))
best = min(Path(sys.argv[1]).glob('samples_valid_T*_C*.json'), key=score)
t,c = best.stem.removeprefix('samples_valid_T').split('_C')
print(f"closest to the real validation questions: --temperature {t} --code_temperature {c} ({best.name}, score {score(best):.3f})", file=sys.stderr)
PY
[ -n "${SWEEP_ONLY:-}" ] && { echo "sweep done: $out" >&2; exit 0; }
run samples.json textvae_eval "$model" --data quora --samples 500 --json --cpu
run samples_normal.json textvae_eval "$model" --data quora --samples 500 --prior normal --json --cpu
run pairs.json textvae_eval "$model" --pairs quora --split test --json --cpu
echo "done: $out" >&2
