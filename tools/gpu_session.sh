#!/usr/bin/env bash
# The GPU jobs of this repo in one command, for a GPU machine without network that has Python 3.12 and torch but
# not fastai: prepare .gpu/ first with tools/gpu_prep.sh (on a machine with network) and bring it along.
#
#   a. train the quora recipe larger and longer (n_hid 512, full softmax, 30 epochs, bs 256)
#   b. evaluate it: IW NLL etc. on quora valid (K=50), paraphrase retrieval on quora valid
#   c. an interpolation and 10 samples from it
#   d. the benchmark (textvae_bench), GPU epoch included
#   with JOBS=ptb (one job set a call: quora leaves 7 files in $OUT, ptb 3, and a call brings back 8 at most): the ptb recipe (Penn Treebank, AWD-LSTM decoder, autoencoder pretraining)
#   for TRAIN_TIMEOUT seconds (the model of its last checkpoint is kept), evaluated on the PTB test set (IW NLL, K=$PTB_IW, default 500) into eval_ptb-gpu_test.json, packed as ptb-gpu.tgz
#
# Usage, from the repo root:  bash tools/gpu_session.sh      (JOBS: "quora" by default)
#   CPU smoke test:           TINY=1 OUT=/tmp/gout bash tools/gpu_session.sh   (a small run, bench --quick --cpu)
# Settings (environment): OUT (results, default /tmp/gpu-out), WORK (the run folder and logs, default /tmp/gpu-work),
#   PYTHON (default python3), WHL (wheels to install, default .gpu/whl), SITE (where they go, default /tmp/site),
#   BUDGET (seconds for the whole script, default 540), TRAIN_TIMEOUT (seconds, default 300), EPOCHS (default 30).
# $OUT receives at most 8 files: jobs.txt (exit code and seconds of each job, GPU, sizes), eval_quora-gpu_valid.json,
# pairs_quora-gpu_valid.json, interp.txt, samples.txt, bench_gpu.json and quora-gpu.tgz (the model folder with its
# weights in float16, no checkpoint, plus the logs), split into quora-gpu.tgz.0, .1 ... of 15 MiB when larger
# (join: cat quora-gpu.tgz.* > quora-gpu.tgz).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-/tmp/gpu-out}"; WORK="${WORK:-/tmp/gpu-work}"
PY="${PYTHON:-python3}"; WHL="${WHL:-.gpu/whl}"; SITE="${SITE:-/tmp/site}"
BUDGET="${BUDGET:-540}"; TRAIN_TIMEOUT="${TRAIN_TIMEOUT:-300}"
GLOVE=.gpu/glove.quora.50d.txt
RUN="$WORK/quora-gpu"; LOGS="$WORK/logs"
mkdir -p "$OUT" "$LOGS"; rm -rf "$RUN"
: > "$OUT/jobs.txt"

# ---- environment: the wheels, the repo on the path (the package is not installed), the data of .gpu/
if [ -d "$WHL" ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "$WHL"/*.whl
  export PYTHONPATH="$SITE:$PWD"
else
  [ -n "${TINY:-}" ] || { echo "gpu_session: no $WHL: run tools/gpu_prep.sh first" >&2; exit 1; }
  export PYTHONPATH="$PWD"
fi
[ -f "$GLOVE" ] && [ -d .gpu/data ] || { echo "gpu_session: no $GLOVE or .gpu/data: run tools/gpu_prep.sh first" >&2; exit 1; }
export TEXTVAE_DATA="$PWD/.gpu/data" PYTHONUNBUFFERED=1

# tv SCRIPT ARGS...: run a console script as pip's wrapper would (a stub file: fastcore's call_parse only parses the
# command line when called from a module file). $TMO seconds at most, when set.
BIN="$WORK/bin"; mkdir -p "$BIN"
"$PY" - "$BIN" <<'EOF' | tee -a "$OUT/jobs.txt"
import sys, torch
from pathlib import Path
from textvae_nb.core import CONSOLE_SCRIPTS
for s,m in CONSOLE_SCRIPTS.items(): (Path(sys.argv[1])/s).write_text(f"import sys\nfrom textvae_nb.{m} import {s}\nsys.exit({s}())\n")
print(f"python {sys.version.split()[0]}, torch {torch.__version__}, "
      f"{torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU'}")
EOF
tv() { local s=$1; shift; timeout "${TMO:-0}" "$PY" "$BIN/$s" "$@"; }

# job NAME FUNCTION: run it (set -e inside), its output to the screen and $LOGS/NAME.log; exit code and seconds to jobs.txt
job() {
  local name=$1 t0=$SECONDS rc; shift
  echo "=== $name ($((BUDGET - SECONDS))s of the budget left)"
  set +e; ( set -e; "$@" ) 2>&1 | tee "$LOGS/$name.log"; rc=${PIPESTATUS[0]}; set -e
  printf '%-10s rc=%-3s %5ss\n' "$name" "$rc" "$((SECONDS - t0))" | tee -a "$OUT/jobs.txt"
}

JOBS="${JOBS:-quora}"
if [ -n "${TINY:-}" ]; then
  TRAIN_X=(--limit 3000 --epochs "${EPOCHS:-1}" --n_hid 32); EVAL_X=(--iw 2 --limit 200); PAIRS_LIMIT=200; BENCH_X=(--quick --cpu)
  PTB_X=(--limit 500 --ae_epochs 1 --epochs 1 --emb_sz 16 --n_hid 32 --z_sz 4 --min_train 0); PTB_EVAL_X=(--iw 2 --limit 100)
else
  TRAIN_X=(--epochs "${EPOCHS:-30}"); EVAL_X=(--iw 50); BENCH_X=(); PTB_X=(); PTB_EVAL_X=(--iw "${PTB_IW:-500}")
fi
PTB_RUN="$WORK/ptb-gpu"

train() {
  local rc=0
  TMO=$TRAIN_TIMEOUT tv textvae_train --recipe quora --emb "$GLOVE" --n_hid 512 --n_sampled 0 --bs 256 --lr 2e-3 \
    "${TRAIN_X[@]}" --out "$RUN" --quiet || rc=$?
  # out of time (timeout's 124): save the model of the last checkpoint (the one-cycle schedule is then unfinished)
  if [ "$rc" = 124 ] && [ -f "$RUN/checkpoint.pth" ]; then
    echo "train: stopped after ${TRAIN_TIMEOUT}s; saving the last checkpoint's model"
    echo "train: stopped after ${TRAIN_TIMEOUT}s (timeout): the model of the last checkpoint is saved (rc below)" >> "$OUT/jobs.txt"
    tv textvae_train --resume --out "$RUN" --epochs 1 --quiet
  else return $rc; fi
}
evaluate() { tv textvae_eval "$RUN" --data quora --split valid "${EVAL_X[@]}" --json > "$OUT/eval_quora-gpu_valid.json"; }
# textvae_eval --pairs quora --split valid --json, but with the GloVe-average baseline read from $GLOVE (the command
# itself would load the bundled GloVe package); the file holds every word of the quora valid and test pairs
pairs() {
  "$PY" - "$RUN" "$GLOVE" "${PAIRS_LIMIT:-0}" > "$OUT/pairs_quora-gpu_valid.json" <<'EOF'
import sys, torch
from textvae_nb.data import get_dataset, read_pairs
from textvae_nb.embeddings import load_glove
from textvae_nb.modelio import load_vae
from textvae_nb.evaluation import paraphrase_retrieval, format_retrieval
run,glove,limit = sys.argv[1],sys.argv[2],int(sys.argv[3]) or None
model = load_vae(run, 'cuda' if torch.cuda.is_available() else 'cpu')
pairs = read_pairs(get_dataset('quora')['valid'], limit=limit)
print(format_retrieval(paraphrase_retrieval(model, pairs, glove=load_glove(glove)), as_json=True))
EOF
}
generate() {
  tv textvae_interpolate "$RUN" "where can i find a book on machine learning" "how can i become a successful entrepreneur" > "$OUT/interp.txt"
  tv textvae_sample "$RUN" --n 10 --seed 0 > "$OUT/samples.txt"
}
bench() {   # whatever time is left, less 15 s for the rest (the JSON is written only at the end); under 120 s,
            # without the GPU epoch (800k sentences, two epochs)
  local left=$((BUDGET - SECONDS - 15)) x=()
  [ "$left" -ge 60 ] || { echo "bench: skipped, ${left}s left"; return 3; }
  [ "$left" -ge 120 ] || { echo "bench: ${left}s left, --gpu_epoch false"; x=(--gpu_epoch false); }
  TMO=$left tv textvae_bench --json_path "$OUT/bench_gpu.json" --glove "$GLOVE" "${BENCH_X[@]}" "${x[@]}"
}
# pack: the run folder without its checkpoint, weights in float16 (as shipped models), and the logs, as one tar
pack() {
  local p="$WORK/pack"; rm -rf "$p" "$OUT"/quora-gpu.tgz*; mkdir -p "$p"
  if [ -f "$RUN/model.safetensors" ]; then
    cp -r "$RUN" "$p/quora-gpu"; rm -f "$p/quora-gpu/checkpoint.pth"
    "$PY" -c "import sys; from safetensors.torch import load_file, save_file
sd = load_file(sys.argv[1]); save_file({k: v.half() if v.is_floating_point() else v for k,v in sd.items()}, sys.argv[1])" \
      "$p/quora-gpu/model.safetensors"
  else mkdir -p "$p/quora-gpu"; fi
  cp -r "$LOGS" "$p/quora-gpu/logs"
  tar czf "$OUT/quora-gpu.tgz" -C "$p" quora-gpu
  if [ "$(stat -c %s "$OUT/quora-gpu.tgz")" -gt $((15 * 1024 * 1024)) ]; then
    split -b 15M -d -a 1 "$OUT/quora-gpu.tgz" "$OUT/quora-gpu.tgz."; rm "$OUT/quora-gpu.tgz"
  fi
}

# the ptb recipe: as the quora run, stopped after TRAIN_TIMEOUT seconds with the last checkpoint's model saved
train_ptb() {
  local rc=0; rm -rf "$PTB_RUN"
  TMO=$TRAIN_TIMEOUT tv textvae_train --recipe ptb "${PTB_X[@]}" --out "$PTB_RUN" --quiet || rc=$?
  if [ "$rc" = 124 ] && [ -f "$PTB_RUN/checkpoint.pth" ]; then
    echo "train_ptb: stopped after ${TRAIN_TIMEOUT}s (timeout): the model of the last checkpoint is saved" | tee -a "$OUT/jobs.txt"
    tv textvae_train --resume --out "$PTB_RUN" --epochs 1 --quiet
  else return $rc; fi
}
eval_ptb() { tv textvae_eval "$PTB_RUN" --data ptb --split test "${PTB_EVAL_X[@]}" --json > "$OUT/eval_ptb-gpu_test.json"; }
pack_ptb() {
  local p="$WORK/pack-ptb"; rm -rf "$p" "$OUT"/ptb-gpu.tgz*; mkdir -p "$p/ptb-gpu"
  [ -d "$PTB_RUN" ] && cp "$PTB_RUN"/*.json "$PTB_RUN"/*.csv "$PTB_RUN"/*.png "$p/ptb-gpu/" 2>/dev/null || true
  cp -r "$LOGS" "$p/ptb-gpu/logs"
  tar czf "$OUT/ptb-gpu.tgz" -C "$p" ptb-gpu
}

for j in $JOBS; do
  case $j in
    quora)
      job train train
      job eval evaluate
      job pairs pairs
      job generate generate
      pack || echo "pack: failed" | tee -a "$OUT/jobs.txt"   # now, in case the bench runs out of time; again with its log
      job bench bench
      pack || echo "pack: failed" | tee -a "$OUT/jobs.txt";;
    ptb)
      job train_ptb train_ptb
      job eval_ptb eval_ptb
      pack_ptb || echo "pack_ptb: failed" | tee -a "$OUT/jobs.txt";;
    *) echo "gpu_session: unknown job $j (quora, ptb)" | tee -a "$OUT/jobs.txt";;
  esac
done
{ echo "--- GPU"; nvidia-smi --query-gpu=name,memory.used --format=csv 2>&1 || true
  echo "--- files (${SECONDS}s in all)"; du -sh "$OUT"/*; } | tee -a "$OUT/jobs.txt"
