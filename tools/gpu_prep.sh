#!/usr/bin/env bash
# Prepare .gpu/ so that tools/gpu_session.sh can run on a GPU machine without network, which has Python 3.12 and
# torch (with numpy, pandas, scipy, scikit-learn, matplotlib, pyyaml, requests, rich, ...) but not fastai and its kin.
# Run here, with network to PyPI, from any folder; .gpu/ is kept out of git (.git/info/exclude).
#
#   .gpu/whl/                   wheels of the packages that machine lacks (CPython 3.12, manylinux x86_64), pinned to
#                               the versions installed in this repo's venv
#   .gpu/data/                  the quora and ptb datasets, copied from $TEXTVAE_DATA (default ../shared/data)
#   .gpu/glove.quora.50d.txt    the bundled GloVe 6B 50d vectors, cut down to the words the quora runs look up
#
# Usage: tools/gpu_prep.sh    ($PYTHON: the venv's python, default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
DATA="${TEXTVAE_DATA:-../shared/data}"
G=.gpu

# Packages to ship: what `import textvae_nb.training, .evaluation, .generation, .bench` needs beyond that machine's
# packages: fastai and its own fast* packages, plum-dispatch and beartype (fasttransform), python-fasthtml (imported
# by fastprogress) with itsdangerous and starlette (imported by fasthtml). Not torch, not the 80 MB GloVe package.
PKGS="fastai fastcore fastprogress fasttransform fastdownload plum-dispatch beartype python-fasthtml itsdangerous starlette"

EXCL="$(git rev-parse --git-path info/exclude)"
mkdir -p "$(dirname "$EXCL")"
grep -qxF '/.gpu/' "$EXCL" 2>/dev/null || echo '/.gpu/' >> "$EXCL"
mkdir -p "$G/whl" "$G/data"

# ---- wheels: NAME==VERSION as installed in the venv
PINS="$("$PY" -c 'import sys, importlib.metadata as m; print(" ".join(f"{p}=={m.version(p)}" for p in sys.argv[1:]))' $PKGS)"
echo "gpu_prep: wheels: $PINS"
rm -f "$G"/whl/*.whl
"$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  -d "$G/whl" $PINS
n="$(ls "$G"/whl/*.whl | wc -l)"
[ "$n" -eq "$(echo $PKGS | wc -w)" ] || { echo "gpu_prep: expected $(echo $PKGS | wc -w) wheels, got $n" >&2; exit 1; }

# ---- data
for d in quora_paraphrase_pairs ptb; do
  [ -d "$DATA/$d" ] || { echo "gpu_prep: $DATA/$d: no such folder (set TEXTVAE_DATA)" >&2; exit 1; }
  rm -rf "$G/data/$d"; cp -r "$DATA/$d" "$G/data/$d"; chmod -R u+w "$G/data/$d"
done

# ---- GloVe subset: every GloVe row that emb_matrix can look up for the vocabularies of the quora recipe and of the
# benchmark's seed setting (the 15,000 most frequent quora words, a margin over its 12,000), plus 'unk', and the
# words of the quora valid and test pairs (the GloVe-average baseline of paraphrase retrieval).
# Rows keep their order, so a word's first (and last) row stays so; values are checked to read back exactly.
TEXTVAE_DATA="$G/data" "$PY" - "$G/glove.quora.50d.txt" <<'EOF'
import sys, numpy as np
from collections import Counter
from itertools import chain
from textvae_nb.core import SPECIALS
from textvae_nb.data import TextVAEDataLoaders, read_sentences, read_pairs, get_dataset, tokenize, filter_lengths
from textvae_nb.embeddings import load_glove, GLOVE_ALIASES
out = sys.argv[1]
words,vecs = load_glove()
stoi,last = {},{w:i for i,w in enumerate(words)}
for i,w in enumerate(words): stoi.setdefault(w, i)
sp = get_dataset('quora')
need = set(TextVAEDataLoaders.from_path('quora', max_len=15, max_vocab=12000, dedup=True).vocab.itos)
toks,_ = filter_lengths([tokenize(s, False) for s in read_sentences(sp['train'])], 15, 'drop')
need |= {w for w,_ in Counter(chain.from_iterable(toks)).most_common(15000)}
rows = {stoi['unk']}
for split in ('valid', 'test'):     # glove_average looks words up as they are (its dict keeps a word's last row)
    rows |= {last[t] for q in chain.from_iterable(read_pairs(sp[split])) for t in tokenize(q, False) if t in last}
for t in need - set(SPECIALS):
    for c in (t, GLOVE_ALIASES.get(t), t.lower()):
        if c in stoi: rows.add(stoi[c])
rows = sorted(rows)
with open(out, 'w', encoding='utf-8') as f:
    for i in rows: f.write(words[i] + ' ' + ' '.join('%.7g' % v for v in vecs[i]) + '\n')
w2,v2 = load_glove(out)
assert w2 == [words[i] for i in rows] and np.array_equal(v2, vecs[rows]), 'the GloVe subset does not read back exactly'
print(f"gpu_prep: {out}: {len(rows):,} of {len(words):,} GloVe words ({len(need):,} vocabulary words looked up); "
      f"vector std {vecs[rows].std():.4f} (all: {vecs.std():.4f}, sets the scale of the random <bos>/<eos> vectors)")
EOF

ls "$G"/whl
du -sh "$G"/*; du -sh "$G"
