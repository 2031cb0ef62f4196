"""Time PTB training steps for a candidate setting: the `ptb` recipe with settings over it, N steps after 3 warm-up
steps, extrapolated to one epoch of the full training data. Prints one JSON line.

Usage: python tools/ptb_epoch_times.py NAME '{"n_hid": 650, "emb_sz": 650}' bf16|fp32 [STEPS]
Needs TEXTVAE_DATA. `tok_s` counts padded tokens (the batch's length times its sentences).
"""
import sys, time, json, torch
from fastai.callback.core import Callback, CancelFitException
from textvae_nb.runs import run_config, run_data, run_learner

class _Stop(Callback):
    order = 100
    def __init__(self, n, warm): self.n,self.warm,self.i,self.tok = n,warm,0,0
    def after_batch(self):
        if not self.training: return
        self.i += 1
        if self.i == self.warm: self.t0 = time.perf_counter(); self.tok = 0
        elif self.i > self.warm: self.tok += self.xb[0].numel()
        if self.i >= self.warm + self.n: raise CancelFitException

def main():
    name,kw,mixed = sys.argv[1],json.loads(sys.argv[2]),sys.argv[3] == 'bf16'
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    cfg = run_config('ptb', ae_epochs=0, epochs=1, **kw)
    dls = run_data(cfg)
    learn = run_learner(cfg, dls, mixed=mixed, verbose=False)
    cb = _Stop(steps, 3)
    learn.fit(1, cbs=[cb])
    dt = time.perf_counter() - cb.t0
    print(json.dumps(dict(name=name, mixed=mixed, kw=kw, s_per_batch=round(dt/cb.n, 3), batches=len(dls.train),
                          epoch_s=round(dt/cb.n*len(dls.train)), tok_s=round(cb.tok/dt))), flush=True)

if __name__ == '__main__': main()
