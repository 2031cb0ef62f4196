#!/usr/bin/env python
"""The Quora table of the results page, from the folders `tools/quora_eval.sh` writes.

Usage: python tools/quora_table.py NAME=EVALDIR[:MODEL] ... > table.md
Each row reads EVALDIR/*.json and interp*.txt; MODEL (a model folder or shipped name) gives the training time
(from its history.csv) and the folder's size. Rows "without the fitted prior" and "without refinement" are the same
model's samples_normal.json and interp0.txt, written as rows of their own with the suffixes `-prior` and `-refine`.
"""
import json, sys
from pathlib import Path

S1,S2 = "where can i find a book on machine learning","how can i become a successful entrepreneur"

def _secs(t):
    p = [int(x) for x in str(t).split(':')]
    return sum(v*60**i for i,v in enumerate(reversed(p)))

def model_info(model):
    from textvae_nb.modelio import model_path
    p = model_path(model)
    size = sum(f.stat().st_size for f in p.iterdir() if f.is_file() and f.suffix in ('.json', '.safetensors'))
    h = p/'history.csv'
    secs = sum(_secs(l.rsplit(',', 1)[1]) for l in h.read_text().strip().splitlines()[1:]) if h.exists() else None
    return size, secs

def row(name, d, model=None, prior=True, refine=True):
    j = lambda f: json.loads((d/f).read_text())
    h,r,v = j('heldout.json'),j('refine50.json'),j('valid.json')
    s = j('samples.json' if prior else 'samples_normal.json')
    p = j('pairs.json')
    path = (d/('interp.txt' if refine else 'interp0.txt')).read_text().splitlines()
    ends = sum([path[0] == S1, path[-1] == S2])
    size,secs = model_info(model) if model else (None, None)
    name = name.removesuffix("-prior").removesuffix("-refine")
    return (f"| {name} | {100*h['rec_acc']:.1f}% | {h['bleu']:.1f} | {100*h['exact']:.1f}% | "
            f"{100*r['exact'] if refine else 100*h['exact']:.1f}% | {ends}/2, {len(set(path))} lines | "
            f"{s['samples']['ppl']/s['real']['ppl']:.2f} | {s['samples']['distinct_2']/s['real']['distinct_2']:.2f} | "
            f"{100*s['samples']['copies']:.1f}% | {100*s['samples']['unique']:.1f}% | "
            f"{p['vae']['r1']:.3f} ({p['glove']['r1']:.3f}) | {v['nll']:.2f} / {v['kl']:.1f} / {v['au']} | "
            f"{'-' if secs is None else f'{secs/3600:.1f} h'} | {'-' if size is None else f'{size/1e6:.1f} MB'} |")

HEAD = ("| model | token accuracy | BLEU-4 | exact | exact, `--refine 50` | seed interpolation: ends exact, distinct lines | "
        "samples: LM ppl / real's | distinct-2 / real's | copies | unique | paraphrase recall@1 (GloVe average) | "
        "valid IW-NLL / KL / AU | training | folder |\n" + "|---"*14 + "|")

if __name__ == '__main__':
    print(HEAD)
    for a in sys.argv[1:]:
        name,rest = a.split('=', 1)
        d,_,model = rest.partition(':')
        d = Path(d)
        if name.endswith('-prior'): print(row(name, d, model or None, prior=False))
        elif name.endswith('-refine'): print(row(name, d, model or None, refine=False))
        else: print(row(name, d, model or None))
