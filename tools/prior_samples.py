"""Sample quality of the shipped `quora` model under its shipped mixture (fitted to the posterior means) and under a
mixture fitted to one draw from each posterior (the aggregate posterior), at three code temperatures, on the
validation questions; then the IW bound (K=50) on 300 test questions under the latter. The first row is the prior
`quora` ships with: the mixture of means when `results/quora-prior/aggregate_samples.json` was written.

Usage: TEXTVAE_DATA=... python tools/prior_samples.py OUT.json   (writes OUT.json and the fitted prior beside it)
"""
import os, torch, json, gzip, sys, time
from textvae_nb.modelio import load_vae
from textvae_nb.evaluation import sample_quality, eval_batches, evaluate
from textvae_nb.prior import model_codes, fit_prior
torch.manual_seed(0)
tv=load_vae('quora')
rd=lambda f: [l.split('\t')[0] for l in (gzip.open(f,'rt') if f.endswith('gz') else open(f))]
D=os.path.join(os.environ['TEXTVAE_DATA'], 'quora_paraphrase_pairs')+'/'
train,valid=rd(D+'train.tsv.gz'),rd(D+'valid.tsv')
ok=lambda s: [x for x,i in zip(s, tv.numericalize(s, skip=True)) if i]
tr,va=ok(train[:30000]),ok(valid[:3000])
res={}
def q(name, **kw):
    t=time.time(); r=sample_quality(tv, train[:30000], valid, n=500, seed=0, **kw)
    s,rl=r['samples'],r['real']; res[name]=dict(samples={k:s[k] for k in ('c2st','rev_ppl','self_bleu')}, real={k:rl[k] for k in ('c2st','rev_ppl','self_bleu')}, s=round(time.time()-t))
    print(name, res[name], flush=True)
q('shipped gmm64 means T0.6')
X=model_codes(tv.model, eval_batches(tv, tr, 256), sample=True); V=model_codes(tv.model, eval_batches(tv, va, 256), sample=True, seed=1)
p,rows=fit_prior(X, V, ks=(16,64), max_iter=50); print('fit', [(r['k'], round(r['valid_ll'],2)) for r in rows], flush=True)
tv.prior=p; res['fit_rows']=rows
for T in (1.0, 0.8, 0.6): q(f'gmm{p.k} samples T{T}', code_temperature=T)
test=rd(D+'test.tsv.gz')[:300]
r=evaluate(tv, test, K=50, prior='fitted'); res[f'iw_gmm{p.k}_samples']=dict(nll=r['nll'], ppl=r['ppl']); print(res[f'iw_gmm{p.k}_samples'], flush=True)
p.save(sys.argv[1].replace('.json', '.safetensors'))
json.dump(res, open(sys.argv[1],'w'), indent=1, default=str)
