"""jieba, loaded once per process: its dictionary on first use and our user words (standard terms
from the glossary, so they stay whole in the search index) once per distinct word list.

Material's search plugin would load a ``jieba_dict_user`` file on every build; we give jieba the
words ourselves instead, so the rebuilds of ``pingan serve`` and a second language built in the
same process cost nothing.
"""
from __future__ import annotations

import hashlib
import io

from ...checks.project import Loaded

_loaded: set[str] = set()  # digests of the word lists jieba already has in this process


def user_words(loaded: Loaded, lang: str) -> str:
    """Glossary terms (one word each) and the hand-written ``content/search/jieba-<lang>.txt``
    (later lines win), in jieba's user dictionary format."""
    words = "".join(f"{g.term.zh} 100000 n\n" for g in loaded.standards.glossary if " " not in g.term.zh)
    extra = loaded.root / "content" / "search" / f"jieba-{lang}.txt"
    if extra.is_file():
        words += "".join(line + "\n" for line in extra.read_text(encoding="utf-8").splitlines()
                         if line.strip() and not line.startswith("#"))
    return words


def load(words: str) -> bool:
    """Give jieba ``words`` unless it has them already; False when jieba is not installed (then
    Material indexes Chinese without segmentation)."""
    try:
        import jieba
    except ImportError:
        return False
    digest = hashlib.sha256(words.encode("utf-8")).hexdigest()
    if digest not in _loaded:
        jieba.load_userdict(io.StringIO(words))  # initialises the main dictionary on first use
        _loaded.add(digest)
    return True
