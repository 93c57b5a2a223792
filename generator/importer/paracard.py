"""A standard written as paragraphs (a text file, a web page or a Word document without a scoring table):
headings 一、 (or a document's level-1 heading) are domains, （一） (level 2) tasks, and every paragraph
that states points or a scoring rule holds criteria (its numbered sub-items, its point annotations).
A card with one heading level has tasks only. Paragraphs with neither are logged as text."""
from __future__ import annotations

import re

from . import cards as C
from .doc import Document, Paragraph
from .pieces import pieces, titled
from .ruletext import read
from .tablecard import SECTION, section_cap

_H1 = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[（(]\d{1,2}[）)])[.、．)）]?\s*")


def _level(p: Paragraph) -> int:
    if p.level:
        return p.level
    if _H1.match(p.text):
        return 1
    if _H2.match(p.text):
        return 2
    return 0


def _scored(text: str) -> bool:
    r = read(text)
    return r.points is not None or r.rules or r.judgement or any(p.points is not None for p in pieces(text))


def _heading(p: Paragraph) -> bool:
    """A heading: 一、 / （一） / a document heading, with at most its own points (no rule, one piece)."""
    return _level(p) > 0 and len(pieces(p.text)) <= 1 and not read(p.text).rules


class ParaReader:
    def __init__(self, doc: Document):
        self.paras = doc.paragraphs
        self.title = next((p for p in self.paras if not _H1.match(p.text) and not _H2.match(p.text)
                           and not _NUMBERED.match(p.text) and not re.fullmatch(r"附件\s*\S{0,4}", p.text)), None)
        levels = sorted({_level(p) for p in self.paras if p is not self.title and _heading(p)})
        self.domain_level = levels[0] if len(levels) >= 2 else None
        self.task_level = levels[1] if len(levels) >= 2 else levels[0] if levels else None
        name, stated = titled(self.title.text) if self.title else ("", None)
        self.card = C.Card(name, self.title.where() if self.title else "", stated_total=stated)
        self.domain: C.Domain | None = None
        self.task: C.Task | None = None
        self.section: str | None = None

    def read(self) -> C.Card:
        for p in self.paras:
            if p is self.title:
                self.card.log.append((p.where(), "title"))
            elif _heading(p) and _level(p) in (self.domain_level, self.task_level):
                self._heading(p, _level(p) == self.domain_level)
            elif _scored(p.text):
                self._criteria(p)
            else:
                self.card.log.append((p.where(), "text (no points, no rule)"))
        return self.card

    def _heading(self, p: Paragraph, domain: bool) -> None:
        text = _H2.sub("", _H1.sub("", p.text))
        for name, rx in SECTION:
            if rx.search(text):
                self.section = name
                if name == "bonus" and section_cap(text) is not None:
                    self.card.bonus_cap = section_cap(text)
                self.card.log.append((p.where(), f"{name} section"))
                return
        self.section = None
        title, pts = titled(text)
        if domain:
            self.domain = C.Domain(title, pts, p.where())
            self.card.domains.append(self.domain)
            self.task = None
            self.card.log.append((p.where(), f"domain {title}"))
        else:
            self._new_task(title, pts, p.where())

    def _new_task(self, title: str, pts, at: str) -> C.Task:
        self.task = task = C.Task(str(len(self.card.all_tasks) + 1), title, pts, at)
        (self.domain.tasks if self.domain is not None else self.card.tasks).append(task)
        self.card.log.append((at, f"task {task.number} {title}"))
        return task

    def _criteria(self, p: Paragraph) -> None:
        text = _NUMBERED.sub("", p.text) if len(pieces(p.text)) == 1 else p.text
        found = pieces(text)
        if self.section:
            items = getattr(self.card, self.section)
            items += [C.Item(x.text, read(x.text, x.points), p.where(), x.points) for x in found]
            self.card.log.append((p.where(), f"{self.section}: {len(found)} item(s)"))
            return
        task = self.task if self.task is not None else \
            self._new_task(self.domain.title if self.domain else "", None, p.where())
        for i, x in enumerate(found, 1):
            reading = read(x.text, x.points)
            pts = x.points if x.points is not None else reading.points
            where = p.where() + (f"第{i}项" if len(found) > 1 else "")
            task.criteria.append(C.Criterion(x.text, pts, reading, where))
        self.card.log.append((p.where(), f"{len(found)} criteri{'on' if len(found) == 1 else 'a'} of task "
                                         f"{task.number}"))


def read_paragraphs(doc: Document) -> C.Card | None:
    """The card the paragraphs make, or None when no paragraph states points."""
    if not any(_scored(p.text) for p in doc.paragraphs):
        return None
    return ParaReader(doc).read()
