#!/usr/bin/env bash
# The Penn Treebank table: the ptb recipe and its three baselines, trained and evaluated on the test set.
#
#   vae       textvae_train --recipe ptb                         (AWD-LSTM decoder, autoencoder pretraining, free bits)
#   no-awd    ... --decoder teacher --tie false --embed_p 0.4 --out_p 0.4 --input_p 0 --weight_p 0
#                                                                (the same sizes, a plain LSTM decoder with plain dropout)
#   no-ae     ... --ae_epochs 0                                  (no autoencoder pretraining)
#   lm        ... --latent false                                 (the language model: the same decoder, no z, no KL)
#
# Usage: bash tools/ptb_table.sh OUTDIR [more textvae_train flags, given to every row]
#   e.g. a small CPU run: bash tools/ptb_table.sh runs/ptb-small --cpu --limit 10000 --emb_sz 64 --n_hid 128 --enc_hid 128 --enc_layers 2 --z_sz 16 --ae_epochs 2 --epochs 4
# Environment: IW (importance samples of textvae_eval, default 500), ROWS (default "vae no-awd no-ae lm"),
#   EVAL (extra textvae_eval flags, e.g. "--cpu").
# Each row trains into OUTDIR/ROW (resumed when it is there) and is evaluated into OUTDIR/ROW.json; a row whose
# JSON exists is skipped. OUTDIR/table.md is the table of all the rows that have one.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1; shift
IW="${IW:-500}"; ROWS="${ROWS:-vae no-awd no-ae lm}"
mkdir -p "$out"
for row in $ROWS; do
  case $row in
    vae) flags=();;
    no-awd) flags=(--decoder teacher --tie false --embed_p 0.4 --out_p 0.4 --input_p 0 --weight_p 0);;
    no-ae) flags=(--ae_epochs 0);;
    lm) flags=(--latent false);;
    *) echo "ptb_table: unknown row $row (vae, no-awd, no-ae, lm)" >&2; exit 2;;
  esac
  [ -f "$out/$row.json" ] && { echo "== $row: done"; continue; }
  echo "== $row: training"
  t0=$SECONDS
  if [ -f "$out/$row/run.json" ]; then textvae_train --resume --out "$out/$row" --quiet
  else textvae_train --recipe ptb "$@" "${flags[@]}" --out "$out/$row" --quiet; fi
  echo "$((SECONDS - t0))" > "$out/$row.train_s"
  echo "== $row: evaluating (K=$IW)"
  textvae_eval "$out/$row" --data ptb --split test --iw "$IW" --json ${EVAL:-} > "$out/$row.json.tmp"
  mv "$out/$row.json.tmp" "$out/$row.json"
done
python - "$out" <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
names = {'vae': 'ptb recipe (AWD decoder, AE pretraining, free bits)', 'no-awd': 'without AWD regularisation',
         'no-ae': 'without AE pretraining', 'lm': 'LSTM language model (same decoder, exact)'}
rows = ['| model | PPL | NLL | KL | MI | AU | epochs | train s |', '|---|---|---|---|---|---|---|---|']
for k,name in names.items():
    if not (out/f'{k}.json').exists(): continue
    r = json.loads((out/f'{k}.json').read_text())
    hist = (out/k/'history.csv').read_text().strip().splitlines()[1:] if (out/k/'history.csv').exists() else []
    secs = (out/f'{k}.train_s').read_text().strip() if (out/f'{k}.train_s').exists() else '-'
    rows.append(f"| {name} | {r['ppl']:.2f} | {r['nll']:.2f} | {r['kl']:.2f} | {r['mi']:.2f} | {r['au']} | {len(hist)} | {secs} |")
(out/'table.md').write_text('\n'.join(rows) + '\n')
print('\n'.join(rows))
PY
