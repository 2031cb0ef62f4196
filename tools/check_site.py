#!/usr/bin/env python
"""Check the docs site that `nbdev_docs` (Quarto) wrote into `_docs/`, as a reader gets it.

Fails (exit 1, one line per problem) on:
- a warning or error in the build log (`--log`: the captured output of `nbdev_docs`): Quarto's `WARN`/`WARNING`/
  `ERROR` lines and pandoc's `[WARNING]` lines, such as "Could not convert TeX math";
- a missing page: every notebook under `nbs/` (as nbdev globs them: no `_` or `.` names) has its page, named as nbdev
  names it (`03_model.ipynb` -> `model.html`), and `nbs/sidebar.yml` lists exactly the notebooks that exist;
- a broken local link: every `href`/`src` of every page that points into the site (relative, or starting with the
  site's own URL, `doc_host` + `doc_baseurl` of settings.ini) must name a file that exists, and its `#anchor` an `id`
  in that page;
- raw syntax shown as text: outside code and math, pandoc attributes (`{target="_blank"`), cell directives (`#| `),
  `show_doc(`, notebook prompts (`In [1]:`), TeX left unrendered (`$$`, `$\\beta`), markdown link syntax or nbdev
  front matter (`output-file:`); in the code blocks of signatures and outputs, markdown links (`[`x`](...)`, which
  is how a docments comment in a `show_doc` signature printed) and `{target=` attributes; in cell sources, lines
  that are cell directives (`#| hide`: nbdev strips a cell's own);
- an error output (a traceback) shown on a page, an image wider than the text column at a fixed size (cut off), or
  math on a page that loads no MathJax.

Usage: python tools/check_site.py [--docs _docs] [--nbs nbs] [--site URL] [--log nbdev_docs.log]
Defaults come from settings.ini (doc_path, nbs_path, doc_host + doc_baseurl). Standard library only (and PyYAML for
the sidebar).
"""
import argparse, configparser, re, sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urldefrag, unquote

ROOT = Path(__file__).resolve().parent.parent
_ansi = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')

# ---- the build log
_re_log_bad = re.compile(r'^\s*(?:WARN(?:ING)?|ERROR)\b|\[(?:WARNING|ERROR)\]|Could not convert')

def log_problems(text):
    "Lines of a build log that are Quarto (`WARN ...`, `ERROR: ...`) or pandoc (`[WARNING] ...`) warnings or errors"
    res, dump = [], 0
    for l in _ansi.sub('', text).splitlines():
        # nbdev's "Found cells containing imports and other code" note quotes the cell between two `---` lines
        if 'UserWarning: Found cells containing imports' in l: dump = 2; continue
        if dump:
            if l.strip() == '---': dump -= 1
            continue
        if _re_log_bad.search(l): res.append(l.strip())
    return res

# ---- notebooks and pages
def notebooks(nbs):
    "Notebooks under `nbs` as nbdev's `nbglob` finds them (no file or folder starting with `_` or `.`), relative"
    return sorted(p.relative_to(nbs) for p in nbs.rglob('*.ipynb')
                  if not any(part.startswith(('_', '.')) for part in p.relative_to(nbs).parts))

def page_of(nb):
    "The page nbdev names for notebook `nb` (nbdev.doclinks._nbpath2html: the number prefix and `.ipynb` go)"
    nb = Path(nb)
    return nb.with_name(re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.name.lower())).with_suffix('.html')

def sidebar_entries(path):
    "Every notebook named in a Quarto sidebar.yml"
    import yaml
    def walk(xs):
        for x in xs or []:
            if isinstance(x, str): yield x
            elif isinstance(x, dict):
                if 'href' in x: yield x['href']
                yield from walk(x.get('contents'))
    return list(walk(yaml.safe_load(Path(path).read_text())['website']['sidebar']['contents']))

# ---- one HTML page
MAX_IMG_W = 800   # px: an image of a fixed width above this is cut off at the right of the page's text column
_VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}
_LINK_ATTRS = {'a': 'href', 'link': 'href', 'area': 'href', 'script': 'src', 'img': 'src', 'iframe': 'src',
               'source': 'src', 'embed': 'src', 'video': 'src', 'audio': 'src'}

class Page(HTMLParser):
    "The ids, links, prose text and code text of one HTML page"
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.prose, self.code, self.src, self.errors, self.wide, self.math = set(), [], [], [], [], 0, [], 0
        self._stack = []   # (tag, kind): kind is 'src' (a cell's source), 'code', 'skip' (script, style, math) or None
        self.feed(html); self.close()

    def _kind(self):
        kinds = {k for _,k in self._stack}
        return next((k for k in ('skip', 'src', 'code') if k in kinds), None)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        if tag == 'a' and a.get('name'): self.ids.add(a['name'])
        if tag in _LINK_ATTRS and a.get(_LINK_ATTRS[tag]): self.links.append(a[_LINK_ATTRS[tag]])
        cls = (a.get('class') or '').split()
        if 'cell-output-error' in cls: self.errors += 1
        if tag == 'span' and 'math' in cls: self.math += 1
        if tag == 'img' and 'img-fluid' not in cls and (a.get('width') or '').isdigit() and int(a['width']) > MAX_IMG_W:
            self.wide.append((a.get('src'), int(a['width'])))
        if tag in _VOID: return
        kind = ('skip' if tag in ('script', 'style', 'noscript', 'template') or 'math' in cls
                else 'src' if 'cell-code' in cls else 'code' if tag in ('pre', 'code', 'textarea') else None)
        if kind == 'src' and self._kind() not in ('skip', 'src'): self.src.append('')      # a cell's source
        elif kind == 'code' and self._kind() is None: self.code.append('')                 # a code block, an output
        if kind is None and tag in ('p', 'div', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br'):
            self.prose.append('\n')
        self._stack.append((tag, kind))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID: self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):   # pop to the matching tag (pandoc's HTML is well formed)
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        k = self._kind()
        if k == 'code': self.code[-1] += data
        elif k == 'src': self.src[-1] += data
        elif k is None: self.prose.append(data)

# raw syntax that a reader must never see: in prose (outside code, math, scripts) ...
_PROSE_RAW = [
    (re.compile(r'\{(?:target|style|\.[a-zA-Z][\w-]*)[=\s}]'), 'a pandoc attribute printed as text'),
    (re.compile(r'(?m)^\s*#\|\s*[\w-]+'), 'a cell directive (#| ...) printed as text'),
    (re.compile(r'\bshow_doc\('), 'a show_doc( call printed as text'),
    (re.compile(r'\b(?:In|Out)\s?\[\d*\]:'), 'a notebook prompt (In [n]:) printed as text'),
    (re.compile(r'\$\$|\$\\[a-zA-Z]+'), 'TeX math left unrendered ($$ or $\\command)'),
    (re.compile(r'\]\((?:https?://|#|[\w./-]+\.html)'), 'markdown link syntax printed as text'),
    (re.compile(r'\b(?:output-file|skip_showdoc|skip_exec):\s'), 'notebook front matter printed as text'),
]
# ... in the code blocks of signatures and outputs ...
_CODE_RAW = [
    (re.compile(r'\[`[^`\n]+`\]\([^)\s]+\)'), 'a markdown link inside a code block (a linked docments comment?)'),
    (re.compile(r'\{target='), 'a pandoc attribute inside a code block'),
]
# ... and in the source of a cell (any code may be there, but nbdev strips the cell's own directives)
_SRC_RAW = [(re.compile(r'(?m)^\s*#\|\s*[\w-]+'), "a cell directive (#| ...) left in a cell's source")]

def _snippet(text, m, width=50):
    s = text[max(0, m.start() - width):m.end() + width]
    return ' '.join(s.split())

def raw_syntax(page):
    "(what, snippet) for every piece of raw syntax shown as text on `page`"
    res = []
    prose = ''.join(page.prose)
    for rx, what in _PROSE_RAW:
        res += [(what, _snippet(prose, m)) for m in rx.finditer(prose)]
    for blocks, rxs in ((page.code, _CODE_RAW), (page.src, _SRC_RAW)):
        for block in blocks:
            for rx, what in rxs:
                res += [(what, _snippet(block, m)) for m in rx.finditer(block)]
    return res

# ---- the site
def check_site(docs, nbs, site, log=None, out=print):
    "Problems found in the site at `docs` (built from the notebooks in `nbs`, published at `site`), one line each"
    docs, nbs, site = Path(docs), Path(nbs), site.rstrip('/') + '/'
    problems = []
    if log is not None:
        problems += [f"build log: {l}" for l in log_problems(Path(log).read_text(errors='replace'))]
    if not docs.is_dir(): return problems + [f"{docs}: no such folder (did nbdev_docs run?)"]
    nb_list = notebooks(nbs)
    if not nb_list: problems.append(f"no notebooks in {nbs}")
    for nb in nb_list:
        if not (docs/page_of(nb)).is_file(): problems.append(f"missing page: {page_of(nb)} (for {nbs.name}/{nb})")
    if (nbs/'sidebar.yml').exists():
        side = sidebar_entries(nbs/'sidebar.yml')
        problems += [f"{nbs.name}/sidebar.yml lists {s}, which does not exist" for s in side if not (nbs/s).exists()]
        problems += [f"{nbs.name}/{nb} is not in {nbs.name}/sidebar.yml (no way to reach its page)"
                     for nb in nb_list if nb.as_posix() not in side]
    pages, cache = sorted(docs.rglob('*.html')), {}
    def parsed(p):
        if p not in cache: cache[p] = Page(p.read_text(encoding='utf-8', errors='replace'))
        return cache[p]
    n_local = n_anchor = n_ext = 0
    for p in pages:
        rel, pg = p.relative_to(docs).as_posix(), parsed(p)
        base = site + rel
        if pg.errors: problems.append(f"{rel}: {pg.errors} error output(s) (a traceback) shown on the page")
        if pg.math and not any(re.search(r'(?i)mathjax|katex', l) for l in pg.links):
            problems.append(f"{rel}: {pg.math} math span(s) but no MathJax (or KaTeX) script: the TeX would show as text")
        problems += [f"{rel}: image {src} is {w} px wide at a fixed size, cut off by the text column (at most {MAX_IMG_W}; "
                     f"drop the output's width metadata so that it scales)" for src, w in pg.wide]
        problems += [f"{rel}: {what}: ...{snip}..." for what, snip in raw_syntax(pg)]
        for href in pg.links:
            h = href.strip()
            if not h or h == '#' or re.match(r'(?i)(javascript|mailto|data|tel):', h): continue
            url = urljoin(base, h)
            if not url.startswith(site):
                n_ext += 1
                continue
            n_local += 1
            path, frag = urldefrag(url)
            target = unquote(path[len(site):].split('?')[0])
            if target == '' or target.endswith('/'): target += 'index.html'
            tp = docs/target
            if not tp.is_file():
                problems.append(f"{rel}: broken link {href} (no {target})")
                continue
            if frag and tp.suffix == '.html':
                n_anchor += 1
                if unquote(frag) not in parsed(tp).ids:
                    problems.append(f"{rel}: broken link {href} (no id \"{unquote(frag)}\" in {target})")
    out(f"check_site: {len(pages)} pages ({len(nb_list)} notebooks), {n_local} local links checked "
        f"({n_anchor} with an anchor), {n_ext} external links not followed")
    return problems

def _settings():
    cp = configparser.ConfigParser()
    cp.read(ROOT/'settings.ini')
    d = cp['DEFAULT']
    return dict(docs=ROOT/d.get('doc_path', '_docs'), nbs=ROOT/d.get('nbs_path', 'nbs'),
                site=d.get('doc_host', '') + d.get('doc_baseurl', ''))

def main(argv=None):
    s = _settings()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--docs', default=str(s['docs']), help='the rendered site (default: doc_path of settings.ini)')
    p.add_argument('--nbs', default=str(s['nbs']), help='the notebooks (default: nbs_path of settings.ini)')
    p.add_argument('--site', default=s['site'], help="the site's own URL (default: doc_host + doc_baseurl)")
    p.add_argument('--log', help='captured output of nbdev_docs, checked for Quarto and pandoc warnings')
    a = p.parse_args(argv)
    problems = check_site(a.docs, a.nbs, a.site, a.log)
    for l in problems: print(f"check_site: FAIL: {l}", file=sys.stderr)
    if problems:
        print(f"check_site: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check_site: ok")
    return 0

if __name__ == '__main__': sys.exit(main())
