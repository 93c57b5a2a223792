"""Material's own search on the same content, for comparison only (the site uses its own, see
generator/site/search): a copy of a project built with Material's search plugin, Material's header
and search box (written into the copy's ``site_templates/overrides``, which win over the package's),
and the fixes the site applied to Material's search worker before it had its own search (the last
word of a Chinese query typed together was dropped; a query typed while the index was still being
built was never answered; zero-width spaces in results). Chinese is segmented with jieba only if
jieba is importable (it is no dependency of the project any more); the table says which.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

WORKER_PATCHES = (
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1};case 2:let e=t.data;",
     "case 0:return self.__pinganReady=W(this,null,function*(){yield Ie(t.data.config),de=new U(t.data)}),"
     "yield self.__pinganReady,{type:1};case 2:yield self.__pinganReady;let e=t.data;"),
    ("return _({items:[...n.values()]}",
     "return _({items:[...n.values()].map(s=>s.map(o=>B(_({},o),{title:String(o.title||\"\").replace(/\\u200b/g,\"\"),"
     "text:String(o.text||\"\").replace(/\\u200b/g,\"\")})))}"),
)

def jieba_available() -> bool:
    return importlib.util.find_spec("jieba") is not None


def material_copy(proj: Path, dest: Path) -> Path:
    """``dest``: the project ``proj`` (standards, content, configs) set up to build with Material's search."""
    import material

    dest.mkdir(parents=True)
    for name in ("standards", "content"):
        shutil.copytree(proj / name, dest / name)
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        text = (proj / name).read_text(encoding="utf-8")
        lang = "en" if name == "mkdocs.en.yml" else "zh"
        text, n = re.subn(r"(\nplugins:\n  pingan:\n(?:    .*\n)*)", rf"\1  search:\n    lang: {lang}\n", text)
        assert n == 1, f"{name}: the plugins block is not where bench/ expects it"
        (dest / name).write_text(text, encoding="utf-8")
    partials = dest / "site_templates" / "overrides" / "partials"
    partials.mkdir(parents=True)
    for name in ("header.html", "search.html"):
        shutil.copy(Path(material.__file__).parent / "templates" / "partials" / name, partials / name)
    return dest


def patch_workers(site: Path) -> None:
    """Apply WORKER_PATCHES to every built language's search worker; fail if one no longer applies."""
    for js in site.glob("*/assets/javascripts/workers/search.*.min.js"):
        text = js.read_text(encoding="utf-8")
        for bug, fix in WORKER_PATCHES:
            if bug not in text:
                raise SystemExit(f"bench: Material's search worker changed, a fix no longer applies: {js}")
            text = text.replace(bug, fix)
        js.write_text(text, encoding="utf-8")
