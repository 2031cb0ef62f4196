#!/usr/bin/env python
"""Put a trained run into the package as a shipped model, with its evaluation.

    python tools/ship_model.py RUN_DIR NAME --eval EVAL.json [--pairs_valid P.json] [--pairs_test P.json]
        [--command "textvae_train ..."] [--machine "CPU, 2 cores"] [--wall_s 2700]

Writes `textvae_nb/shipped/NAME/`: the weights in float16 (safetensors), vocab.json, config.json, history.csv and
results.json (the evaluation JSON files given, the targets of the Quora model, how and where it was trained). Also
copies the run's summary (run.json, recipe.json, history.csv, curves.png and the evaluation files) into
`results/NAME/`, with no absolute paths.
"""
import argparse, json, shutil, sys
from pathlib import Path
from textvae_nb.core import atomic_write, read_json
from textvae_nb.modelio import SHIPPED, RESULTS, HISTORY, CURVES, load_vae, save_vae

TARGETS = dict(rec_acc=0.70, bleu=50., au=16, ppl=40.)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run'); p.add_argument('name')
    p.add_argument('--eval', required=True); p.add_argument('--pairs_valid'); p.add_argument('--pairs_test')
    p.add_argument('--command', default=''); p.add_argument('--machine', default=''); p.add_argument('--wall_s', type=float)
    a = p.parse_args()
    run,out,res = Path(a.run),SHIPPED/a.name,Path('results')/a.name
    m = load_vae(run)
    save_vae(m, out, m.vocab, m.data_cfg, half=True)
    shutil.copy(run/HISTORY, out/HISTORY)
    hist = (run/HISTORY).read_text().splitlines()
    cfg = read_json(run/'run.json')
    if cfg.get('sched') == 'flat': cfg['epochs'] = len(hist) - 1    # a constant LR: the first N epochs are an N-epoch run
    for k in ('data', 'valid', 'init', 'emb'):   # paths of this machine are not kept
        if cfg.get(k) and Path(str(cfg[k])).is_absolute(): cfg[k] = Path(cfg[k]).name
    results = dict(name=a.name, recipe=read_json(run/'recipe.json'), config=cfg, command=a.command, machine=a.machine,
                   wall_s=a.wall_s, epochs=len(hist) - 1, epoch_times=[l.rsplit(',', 1)[1] for l in hist[1:]],
                   targets=TARGETS, valid=read_json(a.eval),
                   pairs_valid=read_json(a.pairs_valid) if a.pairs_valid else None,
                   pairs_test=read_json(a.pairs_test) if a.pairs_test else None)
    with atomic_write(out/RESULTS, 'w') as f: json.dump(results, f, indent=2)
    res.mkdir(parents=True, exist_ok=True)
    for f in (HISTORY, CURVES, 'recipe.json'): shutil.copy(run/f, res/f)
    (res/'run.json').write_text(json.dumps(cfg, indent=2))
    (res/RESULTS).write_text(json.dumps(results, indent=2))
    print(f"shipped {a.name}: {sum(f.stat().st_size for f in out.iterdir())/1e6:.1f} MB in {out}")

if __name__ == '__main__': main()
