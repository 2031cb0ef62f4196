"""The importance-weighted bound of the shipped `quora` model on held-out questions under four priors: N(0, I), its
shipped mixture (fitted to the posterior means), and 16-component mixtures fitted to the posterior means or to one
draw from each posterior (the aggregate posterior). Writes `results/quora-prior/iw_bound.json`.

Usage: TEXTVAE_DATA=... python tools/prior_iw.py [N_TEST] [K]     (defaults 300 test questions, K=50)
"""
import os, sys, json, gzip, time, torch
from pathlib import Path
from textvae_nb.modelio import load_vae
from textvae_nb.evaluation import evaluate, eval_batches
from textvae_nb.prior import model_codes, fit_prior

def questions(f): return [l.split('\t')[0] for l in (gzip.open(f, 'rt') if f.suffix == '.gz' else open(f))]

def main():
    n,K = (int(a) for a in (sys.argv[1:] + ['300', '50'][len(sys.argv)-1:])[:2])
    d = Path(os.environ['TEXTVAE_DATA'])/'quora_paraphrase_pairs'
    torch.manual_seed(0)
    tv = load_vae('quora')
    test,train,valid = questions(d/'test.tsv.gz')[:n],questions(d/'train.tsv.gz')[:20000],questions(d/'valid.tsv')[:2000]
    def ok(s): return [x for x,i in zip(s, tv.numericalize(s, skip=True)) if i]
    res = dict(command=f"python tools/prior_iw.py {n} {K}", n_test=n, K=K)
    def bound(name, **kw):
        r = evaluate(tv, test, K=K, prior='fitted' if tv.prior is not None else 'normal'); res[name] = dict(nll=r['nll'], ppl=r['ppl']) | kw
        print(name, res[name], flush=True)
    shipped,tv.prior = tv.prior,None
    bound('normal')
    tv.prior = shipped; bound('gmm64_means_shipped')
    for sample in (False, True):
        t = time.time()
        X,V = (model_codes(tv.model, eval_batches(tv, ok(s), 256), sample=sample, seed=i) for i,s in enumerate((train, valid)))
        tv.prior,rows = fit_prior(X, V, ks=(16,), max_iter=50)
        bound(f"gmm16_{'samples' if sample else 'means'}", valid_code_ll=rows[-1]['valid_ll'], fit_s=round(time.time() - t))
    out = Path('results/quora-prior/iw_bound.json'); out.write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
