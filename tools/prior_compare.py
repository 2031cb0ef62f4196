"""Compare priors over a trained model's codes: the fitted Gaussian mixture it carries against a kernel prior
(`fit_kernel_prior`), on held-out code log-likelihood and on samples (validation chooses, test reports).

Usage: python tools/prior_compare.py MODEL OUTDIR [--n 500] [--fit 30000] [--save_prior FILE]
Needs TEXTVAE_DATA (the quora folder). Writes OUTDIR/compare.json and OUTDIR/table.md; with --save_prior, the
kernel prior (for `seal`ing into a model folder by hand).
"""
import argparse, json, time
from pathlib import Path
import numpy as np, torch
from textvae_nb.modelio import load_vae
from textvae_nb.data import read_sentences, find_data
from textvae_nb.generation import encode, sample_prior
from textvae_nb.prior import fit_kernel_prior
from textvae_nb.evaluation import two_sample_acc, self_bleu, reverse_ppl, KneserNey, sample_metrics

def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('model'); a.add_argument('out'); a.add_argument('--n', type=int, default=500)
    a.add_argument('--fit', type=int, default=30000); a.add_argument('--save_prior', default=None)
    a = a.parse_args()
    t0 = time.time(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    tv = load_vae(a.model); sp = find_data('quora')
    train,valid,test = (read_sentences(sp[k]) for k in ('train', 'valid', 'test'))
    rng = np.random.default_rng(0)
    def toks(s): return tv.vocab.decode(tv.vocab.numericalize(tv.tokenize(s)))
    trainset = {' '.join(toks(s)) for s in train}
    ok = lambda ss: [s for s in ss if any(w in tv.vocab.stoi for w in tv.tokenize(s))]
    def held(ss):             # the questions that are not training questions, as the model reads them
        r = [t for t in dict.fromkeys(' '.join(toks(s)) for s in ss) if t and t not in trainset and len(t.split()) <= tv.max_len]
        return [r[i].split() for i in rng.permutation(len(r))]
    sub = ok([train[i] for i in rng.choice(len(train), a.fit, replace=False)])
    Z = encode(tv, sub).float()
    V = encode(tv, ok(list(dict.fromkeys(valid)))).float()
    kp,rows = fit_kernel_prior(Z, V)
    res = dict(model=a.model, fit_codes=len(Z), valid_codes=len(V), kernel_scales=rows,
               valid_ll=dict(gmm=float(tv.prior.log_prob(V).mean()), kernel=max(r['valid_ll'] for r in rows),
                             kernel_h=max(rows, key=lambda r: r['valid_ll'])['h'], normal=float(torch.distributions.Normal(0., 1.).log_prob(V).sum(1).mean())))
    print(json.dumps(res['valid_ll']), flush=True)
    gmm = tv.prior
    lm = KneserNey([toks(s) for s in train])
    def score(samples, real, other):
        return sample_metrics(samples, lm, trainset) | dict(c2st=two_sample_acc(samples, real), rev_ppl=reverse_ppl(samples, real), self_bleu=self_bleu(samples))
    def run(prior, code_t, method, t, real, seed):
        tv.prior = prior
        kw = dict(method=method, code_temperature=code_t) | (dict(temperature=t) if method == 'sample' else {})
        return [s.split() for s in sample_prior(tv, a.n, seed=seed, **kw)]
    vreal,treal = held(valid),held(test)
    vref,vother,tref,tother = vreal[:a.n],vreal[a.n:2*a.n],treal[:a.n],treal[a.n:2*a.n]
    grid = [('gmm', 0.6, 'sample', 0.5)] + [('kernel', c, m, t) for c in (0.75, 1., 1.25, 1.5) for m,t in (('sample', 0.3), ('sample', 0.5), ('greedy', None))]
    res['valid'] = {}
    for kind,c,m,t in grid:
        r = score(run(gmm if kind == 'gmm' else kp, c, m, t, vref, 0), vref, vother)
        res['valid'][f'{kind} code_T={c} {m}' + (f' T={t}' if t else '')] = r; print(kind, c, m, t, {k: round(v, 3) for k,v in r.items()}, flush=True)
    res['valid']['real'] = score(vother, vref, None)
    best = min((k for k in res['valid'] if k.startswith('kernel') and res['valid'][k]['copies'] <= 0.1), key=lambda k: res['valid'][k]['c2st'])
    res['chosen'] = best
    _,c,m,*t = best.split(); c = float(c.split('=')[1]); t = float(t[0].split('=')[1]) if t else None
    res['test'] = {'gmm (today)': score(run(gmm, 0.6, 'sample', 0.5, tref, 1), tref, tother),
                   f'kernel (chosen: {best})': score(run(kp, c, m, t, tref, 1), tref, tother), 'real': score(tother, tref, None)}
    res['test_samples'] = [' '.join(s) for s in run(kp, c, m, t, tref, 1)[:20]]
    res['seconds'] = round(time.time() - t0)
    (out/'compare.json').write_text(json.dumps(res, indent=1))
    if a.save_prior: kp.save(a.save_prior)
    rows = ['| split | codes, decoding | C2ST acc | reverse ppl | KN ppl | self-BLEU | distinct-2 | copies |', '|---|---|---|---|---|---|---|---|']
    for sp_ in ('valid', 'test'):
        for k,r in res[sp_].items(): rows.append(f"| {sp_} | {k} | {r['c2st']:.3f} | {r['rev_ppl']:.1f} | {r['ppl']:.1f} | {r['self_bleu']:.1f} | {r['distinct_2']:.3f} | {r['copies']:.3f} |")
    (out/'table.md').write_text('\n'.join(rows) + '\n'); print('\n'.join(rows))

if __name__ == '__main__': main()
