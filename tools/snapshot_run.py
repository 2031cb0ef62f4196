"""Keep a training run in the repository, so that a new machine can go on with it: the run folder's settings and
vocabulary, its checkpoints as `portable_checkpoint`s (float16 weights, no optimiser state), and its history so far
(`history_so_far.csv`).

Usage: python tools/snapshot_run.py RUN_FOLDER DEST
Go on with it:  cp -r DEST ~/runs/NAME && textvae_train --resume --out ~/runs/NAME
"""
import sys, shutil
from pathlib import Path
from textvae_nb.checkpoint import portable_checkpoint, read_checkpoint
from textvae_nb.runs import AE_CHECKPOINT, read_run_json
from textvae_nb.modelio import history_df

def main():
    src,dst = Path(sys.argv[1]),Path(sys.argv[2])
    read_run_json(src)                                    # a sealed run folder, its vocab.json matching
    dst.mkdir(parents=True, exist_ok=True)
    for f in ('run.json', 'recipe.json', 'vocab.json', 'tokenizer.json'):
        if (src/f).exists(): shutil.copy2(src/f, dst/f)
    for f in ('checkpoint.pth', AE_CHECKPOINT):
        if (src/f).exists(): portable_checkpoint(src/f, dst/f)
        elif (dst/f).exists(): (dst/f).unlink()
    last = next((src/f for f in ('checkpoint.pth', AE_CHECKPOINT) if (src/f).exists()), None)
    if last is not None:                                  # the history so far, readable without loading the checkpoint
        st = read_checkpoint(last)
        history_df(st['history'], st['metric_names']).to_csv(dst/'history_so_far.csv', index=False)
    print(f"{dst}: " + ', '.join(f"{p.name} {p.stat().st_size/2**20:.1f} MB" for p in sorted(dst.iterdir())))

if __name__ == '__main__': main()
