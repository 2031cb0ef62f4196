#!/usr/bin/env bash
# The Quora recipe search: candidates trained briefly on part of the data, each scored on questions it never saw.
#
# Every candidate is `textvae_train --recipe quora-v1 --limit $LIMIT --epochs $EPOCHS` plus its own flags (below), then
#   textvae_eval RUN --data quora --split test --unseen --limit 1000 --iw 1 --json     (held-out reconstruction)
#   textvae_eval RUN --data quora --split test --unseen --limit 200 --iw 1 --refine 50 --json
#   textvae_eval RUN --data quora --samples 500 --json                                 (sample quality)
#
# Usage: bash tools/quora_search.sh OUTDIR [more textvae_train flags, given to every candidate]
# Environment: ROWS (default: all candidates), LIMIT (training sentences, default 40000), EPOCHS (default 5).
# Each row trains into OUTDIR/ROW (skipped when OUTDIR/ROW/model.safetensors exists) and is evaluated into
# OUTDIR/ROW.*.json; OUTDIR/table.md is the table of all the rows that have results.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1; shift
LIMIT="${LIMIT:-40000}"; EPOCHS="${EPOCHS:-5}"
declare -A FLAGS=(
  [A_quora]=""
  [B_zout64_emb]="--z_out true --z_sz 64 --freeze_emb false"
  [C_B_del15]="--z_out true --z_sz 64 --freeze_emb false --del_p 0.15"
  [D_B_beta02]="--z_out true --z_sz 64 --freeze_emb false --beta 0.2"
  [E_B_hid512]="--z_out true --z_sz 64 --freeze_emb false --n_hid 512"
  [G_B_z128]="--z_out true --z_sz 128 --freeze_emb false"
  [I_D_bf16]="--z_out true --z_sz 64 --freeze_emb false --beta 0.2 --fp16 true"
)
ROWS="${ROWS:-$(printf '%s\n' "${!FLAGS[@]}" | sort | tr '\n' ' ')}"
mkdir -p "$out"
for row in $ROWS; do
  [ -n "${FLAGS[$row]+x}" ] || { echo "quora_search: unknown row $row (${!FLAGS[*]})" >&2; exit 2; }
  if [ ! -f "$out/$row/model.safetensors" ]; then
    echo "== $row: training"
    t0=$SECONDS
    # shellcheck disable=SC2086
    textvae_train --recipe quora-v1 --limit "$LIMIT" --epochs "$EPOCHS" ${FLAGS[$row]} "$@" --out "$out/$row" --quiet
    echo "$((SECONDS - t0))" > "$out/$row.train_s"
  fi
  ev() { local f=$1; shift; [ -f "$out/$row.$f.json" ] || { textvae_eval "$out/$row" --data quora --json --cpu "$@" > "$out/$row.$f.json.tmp" && mv "$out/$row.$f.json.tmp" "$out/$row.$f.json"; }; }
  echo "${FLAGS[$row]}" > "$out/$row.flags"
  echo "== $row: evaluating"
  ev heldout --split test --unseen --limit 1000 --iw 1
  ev refine50 --split test --unseen --limit 200 --iw 1 --refine 50
  ev samples --samples 500
done
python - "$out" "${!FLAGS[@]}" <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
rows = ['| candidate | flags | held-out acc | BLEU | exact | exact, refine 50 | KL | samples / real LM ppl | distinct-2 (real) | training s |',
        '|---|---|---|---|---|---|---|---|---|---|']
for k in sorted(sys.argv[2:]):
    f = {s: out/f'{k}.{s}.json' for s in ('heldout', 'refine50', 'samples')}
    if not all(p.exists() for p in f.values()): continue
    h,r,s = (json.loads(p.read_text()) for p in f.values())
    flags = (out/f'{k}.flags').read_text().strip()
    hist = (out/k/'history.csv').read_text().strip().splitlines()[1:]
    secs = sum(sum(int(x)*60**i for i,x in enumerate(reversed(l.rsplit(',', 1)[1].split(':')))) for l in hist)
    rows.append(f"| {k} | {flags} | {100*h['rec_acc']:.1f}% | {h['bleu']:.1f} | {100*h['exact']:.1f}% | {100*r['exact']:.1f}% | {h['kl']:.1f} | "
                f"{s['samples']['ppl']/s['real']['ppl']:.2f} | {s['samples']['distinct_2']:.3f} ({s['real']['distinct_2']:.3f}) | {secs} |")
(out/'table.md').write_text('\n'.join(rows) + '\n')
print('\n'.join(rows))
PY
