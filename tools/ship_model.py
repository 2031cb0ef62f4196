#!/usr/bin/env python
"""Put a trained run into the package as a shipped model, with its evaluation.

    python tools/ship_model.py RUN_DIR NAME --eval_dir DIR [--command "textvae_train ..."] [--machine "CPU, 2 cores"]

DIR holds what `tools/quora_eval.sh` writes (heldout.json, valid.json, refine50.json, samples.json,
samples_normal.json, pairs.json, interp.txt, interp0.txt). Writes `textvae_nb/shipped/NAME/`: the weights in float16
(safetensors), the fitted prior, vocab.json, config.json, history.csv and results.json (the evaluation, the targets,
how and where it was trained). Also copies the run's summary (run.json, recipe.json, history.csv, curves.png and
results.json) into `results/NAME/`, with no absolute paths.
"""
import argparse, json, shutil
from pathlib import Path
from textvae_nb.core import atomic_write, read_json
from textvae_nb.modelio import SHIPPED, RESULTS, HISTORY, CURVES, load_vae, save_vae, seal

TARGETS = dict(rec_acc=0.70, bleu=50., exact=0.25, refine50_exact=0.50, samples_ppl_ratio=1.5, distinct_2_ratio=0.9,
               copies=0.10, unique=0.95)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run'); p.add_argument('name'); p.add_argument('--eval_dir', required=True)
    p.add_argument('--command', default=''); p.add_argument('--machine', default='')
    a = p.parse_args()
    run,out,res,ev = Path(a.run),SHIPPED/a.name,Path('results')/a.name,Path(a.eval_dir)
    m = load_vae(run)
    save_vae(m, out, half=True)
    shutil.copy(run/HISTORY, out/HISTORY)
    hist = (run/HISTORY).read_text().splitlines()
    cfg = read_json(run/'run.json')
    if cfg.get('sched') == 'flat': cfg['epochs'] = len(hist) - 1    # a constant LR: the first N epochs are an N-epoch run
    for k in ('data', 'valid', 'init', 'emb'):   # paths of this machine are not kept
        if cfg.get(k) and Path(str(cfg[k])).is_absolute(): cfg[k] = Path(cfg[k]).name
    evals = {f.stem: read_json(f) for f in sorted(ev.glob('*.json'))}
    evals |= {f.stem: f.read_text().splitlines() for f in sorted(ev.glob('interp*.txt'))}
    results = dict(name=a.name, recipe=read_json(run/'recipe.json'), config=cfg, command=a.command, machine=a.machine,
                   epochs=len(hist) - 1, epoch_times=[l.rsplit(',', 1)[1] for l in hist[1:]], targets=TARGETS, **evals)
    with atomic_write(out/RESULTS, 'w') as f: json.dump(results, f, indent=2)
    seal(out)                                   # the history and results written beside the model are covered by its checksums
    res.mkdir(parents=True, exist_ok=True)
    for f in (HISTORY, CURVES, 'recipe.json'): shutil.copy(run/f, res/f)
    (res/'run.json').write_text(json.dumps(cfg, indent=2))
    (res/RESULTS).write_text(json.dumps(results, indent=2))
    print(f"shipped {a.name}: {sum(f.stat().st_size for f in out.iterdir())/1e6:.1f} MB in {out}")

if __name__ == '__main__': main()
