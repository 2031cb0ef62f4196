#!/usr/bin/env python
"""Test the notebooks as `nbdev_test` does, but each cell once: unflagged cells without `TEXTVAE_DATA`, flagged cells with it.

`nbdev_test --flags slow` runs the unflagged cells as well, so running it after plain `nbdev_test` ran every unflagged
cell twice. Here one pass runs each cell once, in order, in one execnb `CaptureShell` per notebook (the same notebooks,
skip flags, `eval: false`, `skip_exec`, working folder and `IN_TEST` as nbdev's `test_nb`). `TEXTVAE_DATA` is removed
from `os.environ` before every unflagged cell (the shell runs in this process, and subprocesses inherit `os.environ`)
and restored before every flagged one, so the unflagged cells still prove that plain `nbdev_test` passes with no data.

One thing a single pass cannot see: an unflagged cell using a name that only a flagged cell (skipped by plain
`nbdev_test`) binds. A static check (`symtable`) reports those; `--check-only` runs it alone.

Usage: python tools/test_nbs.py [--path NB_OR_FOLDER] [--flags "slow cuda"] [--n_workers 2] [--timing] [--check-only]
Exit status 1 when a notebook fails or the static check finds something.
"""
import argparse, ast, functools, importlib.util, os, re, sys, symtable, time
from pathlib import Path

from fastcore.basics import str2bool
from fastcore.parallel import parallel
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.frontmatter import FrontmatterProc
from nbdev.process import NBProcessor, nb_lang

ENV = 'TEXTVAE_DATA'

# ---- reading notebooks, as nbdev's `test_nb` does ----

def nb_files(path=None):
    "The notebooks `nbdev_test` tests under `path` (default `nbs_path`): `nbglob`, minus folders holding a `.notest`"
    return [f.absolute() for f in sorted(nbglob(path, as_path=True)) if not (f.parent/'.notest').exists()]

def read_nb(fn):
    "Notebook `fn` with nbdev's cell directives (`cell.directives_`), or None when nbdev would not execute it"
    nb = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    skip = str2bool(getattr(nb, 'frontmatter_', {}).get('skip_exec', False))
    return None if skip or nb_lang(nb) != 'python' else nb

def never_run(cell):
    "True for a cell no `nbdev_test` runs, whatever its flags: markdown, `nbdev_export()` or `#| eval: false`"
    if cell.cell_type != 'code' or 'nbdev_export'+'(' in cell.source: return True
    return (cell.directives_ or {}).get('eval:', [''])[0].lower() == 'false'

def cell_flags(cell, tst_flags):
    "The test flags (`tst_flags` in settings.ini) that `cell` carries"
    return set(tst_flags) & (cell.directives_ or {}).keys()

# ---- static check: unflagged cells that use a name only flagged cells bind ----

def py_source(src):
    "Cell source `src` as plain Python (IPython magics and `!` lines turned into calls)"
    from IPython.core.inputtransformer2 import TransformerManager
    return TransformerManager().transform_cell(src)

@functools.lru_cache(None)
def star_names(mod):
    "Names `from mod import *` binds, read from `mod`'s source: its literal `__all__`, else its public top-level names"
    try: spec = importlib.util.find_spec(mod)
    except (ImportError, ValueError): return frozenset()
    if not spec or not (spec.origin or '').endswith('.py'): return frozenset()
    src = Path(spec.origin).read_text(encoding='utf-8')
    for st in ast.parse(src).body:
        if isinstance(st, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in st.targets):
            try: return frozenset(ast.literal_eval(st.value))
            except ValueError: break                             # a computed `__all__`
    return frozenset(n for n in names(src)[0] if not n.startswith('_'))

def names(src):
    "(binds, loads): module-level names that `src` binds, and loads (in a nested scope too, where not local there)"
    top = symtable.symtable(src, '<cell>', 'exec')
    binds = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    for st in ast.parse(src).body:                               # `from m import *`: symtable does not see its names
        if isinstance(st, ast.ImportFrom) and not st.level and st.names[0].name == '*': binds |= star_names(st.module)
    loads = {s.get_name() for s in top.get_symbols() if s.is_referenced()}
    todo = list(top.get_children())
    while todo:                                                  # functions, classes, lambdas, comprehensions
        t = todo.pop()
        todo += t.get_children()
        for s in t.get_symbols():
            if s.is_global() and s.is_referenced(): loads.add(s.get_name())
            if s.is_declared_global() and s.is_assigned(): binds.add(s.get_name())   # `global x` or a walrus
    return binds, loads

def check_nb(fn, tst_flags):
    "One message per unflagged cell of `fn` that loads a name bound before it by flagged cells only"
    nb = read_nb(fn)
    if nb is None: return []
    flagged, plain, res = set(), set(), []                       # names bound so far by flagged / unflagged cells
    for cell in nb.cells:
        if never_run(cell): continue
        try: binds, loads = names(py_source(cell.source))
        except SyntaxError: continue                             # the run reports it
        if cell_flags(cell, tst_flags): flagged |= binds; continue
        plain |= binds                                           # a name bound in this cell too counts as its own
        for n in sorted((loads & flagged) - plain):
            res.append(f"{fn.name}: cell {cell.idx_+1} uses {n}, defined only in a flagged cell")
    return res

# ---- running: each cell once ----

def set_data(val):
    "Set `TEXTVAE_DATA` to `val`, or remove it when `val` is None"
    if val is None: os.environ.pop(ENV, None)
    else: os.environ[ENV] = val

def one_line(e):
    "First line of exception `e`, after its type"
    msg = str(e).strip().splitlines()
    return f"{type(e).__name__}: {msg[0]}" if msg else type(e).__name__

def test_nb(fn, skip_flags, force_flags, tst_flags, data=None, basepath=None):
    "Run notebook `fn` once like nbdev's `test_nb`, `TEXTVAE_DATA=data` for flagged cells only: (ok, secs, error line)"
    from execnb.shell import CaptureShell                        # imported in the worker: IPython is slow to import
    if basepath: sys.path.insert(0, str(basepath))
    os.environ['IN_TEST'] = '1'
    skip = set(skip_flags) - set(force_flags)
    def _skip(cell):                                             # True: skip; else set the cell's environment
        if never_run(cell) or cell_flags(cell, skip): return True
        set_data(data if cell_flags(cell, tst_flags) else None)
        return False
    start, k = time.time(), None
    try:
        nb = read_nb(fn)
        if nb is None: return True, 0., ''
        k = CaptureShell(fn)
        with working_directory(fn.parent): k.run_all(nb, exc_stop=True, preproc=_skip)
        return True, time.time()-start, ''
    except (Exception, SystemExit) as e:
        if k is not None and k.exc is not None: sys.stderr.write(k.prettytb(fname=fn)+'\n')
        else: sys.stderr.write(f"{type(e).__name__} in {fn}: {e}\n")
        idx = getattr(k, '_cell_idx', None)
        return False, time.time()-start, f"{fn.name}: {'cell '+str(idx)+': ' if idx else ''}{one_line(e)}"
    finally: set_data(data)

# ---- command line ----

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--path', help="a notebook or folder (default: nbs_path in settings.ini)")
    p.add_argument('--flags', default='', help="space-separated test flags to run, e.g. 'slow'")
    p.add_argument('--n_workers', type=int, default=2, help="notebooks run at once (0: in this process)")
    p.add_argument('--timing', action='store_true', help="print the seconds each notebook took")
    p.add_argument('--check-only', action='store_true', help="only the static check, run nothing")
    p.add_argument('--select', choices=('all', 'flagged', 'plain'), default='all',
                   help="the notebooks to test: all, those holding a cell carrying one of --flags, or those holding none (plain nbdev_test runs them as well as this)")
    p.add_argument('--print-skip-re', action='store_true', help="print the `nbdev_test --skip_file_re` that skips the notebooks --select flagged tests, and exit")
    a = p.parse_args(argv)
    cfg = get_config()
    tst_flags = cfg.tst_flags.split()
    files = nb_files(a.path)
    forced = set(a.flags.split())
    flagged = [f for f in files if (nb := read_nb(f)) is not None and any(cell_flags(c, forced) for c in nb.cells if not never_run(c))]
    if a.print_skip_re: return print('^([_.]|' + '|'.join(re.escape(f.name) + '$' for f in flagged) + ')')
    if a.select != 'all': files = [f for f in files if (f in flagged) == (a.select == 'flagged')]
    if not files: sys.exit("test_nbs: no notebooks to test")
    found = [m for f in files for m in check_nb(f, tst_flags)]
    for m in found: print(m)
    if a.check_only:
        print(f"test_nbs: static check of {len(files)} notebooks: {len(found)} findings")
        sys.exit(1 if found else 0)
    n_workers = 0 if len(files) == 1 else a.n_workers
    with working_directory(cfg.nbs_path if cfg.nbs_path.exists() else os.getcwd()):
        res = parallel(test_nb, files, skip_flags=tst_flags, force_flags=a.flags.split(), tst_flags=tst_flags,
                       data=os.environ.get(ENV), basepath=cfg.config_path, n_workers=n_workers, pause=0.01)
    failed = [err for ok, _, err in res if not ok]
    for err in failed: print(f"FAILED {err}")
    if a.timing:
        for f, (_, t, _) in sorted(zip(files, res), key=lambda o: -o[1][1]): print(f"{f.name}: {int(t)} secs")
    print(f"test_nbs: {len(files)-len(failed)} passed, {len(failed)} failed "
          f"(each cell once, flags: {a.flags or 'none'}); static check: {len(found)} findings")
    sys.exit(1 if failed or found else 0)

if __name__ == '__main__':
    # workers unpickle `test_nb` by its module's name; a notebook's IPython shell replaces `__main__` in the worker,
    # so the function is named after this module's own entry in `sys.modules`, which the forked workers share
    sys.modules['test_nbs'] = sys.modules['__main__']; test_nb.__module__ = 'test_nbs'
    main()
