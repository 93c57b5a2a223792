"""A scoring table (:class:`.layout.Part`) read row by row into a :class:`.cards.Card`: a merged cell is
one domain, task or unit list for every row it covers; a cell's numbered sub-items or point
annotations are criteria of its task; 加分项 / 扣分项 / 一票否决 sections become the card's bonus,
penalties and vetoes; 合计 rows give the stated total. Every row is logged, every cell not used listed."""
from __future__ import annotations

import re

from . import cards as C
from .doc import Cell, Table
from .layout import Part, flat, repeats_header
from .numbers import NUM, fold, number
from .pieces import clean, pieces, titled
from .ruletext import read

RELATED = re.compile(r"(?:及|和|等)?(?:其他|其它)?(?:有关|相关|各)(?:职能)?(?:单位|部门)(?:等)?$")
SECTION = [("bonus", re.compile(r"加分")), ("penalties", re.compile(r"扣分项|减分项|扣分事项")),
           ("vetoes", re.compile(r"否决"))]
TOTAL = re.compile(r"^(?:合计|总计|总分|共计|小计)")


def section_cap(text: str) -> float | None:
    """加分项（最高加5分） → 5; 加分项（5分） → 5."""
    m = re.search(rf"(?:最高|最多|不超过|上限|累计)(?:加|奖)?(?P<n>{NUM})分", fold(flat(text)))
    return number(m.group("n")) if m else titled(text)[1]


def unit_names(text: str) -> tuple[tuple[str, ...], bool]:
    """县委政法委、县公安局及有关职能单位 → (('县委政法委', '县公安局'), True)."""
    names, related = [], False
    for raw in re.split(r"[、，,；;\n/]+|\s{2,}", clean(text.replace("\n", "、"))):
        name = raw.strip(" 。.")
        if RELATED.search(name):
            related = True
            name = RELATED.sub("", name).strip()
        if name:
            names.append(name)
    return tuple(names), related


def _points_cell(text: str) -> float | None:
    t = fold(flat(text))
    m = re.fullmatch(rf"(?P<n>{NUM})(?:分)?", t)
    return number(m.group("n")) if m else None


class Reader:
    def __init__(self, part: Part):
        self.part, self.cols = part, part.columns
        title = next((p.text for p in reversed(part.before) if not re.fullmatch(r"附件\s*\S{0,4}", p.text)), "")
        name, stated = titled(title)
        self.card = C.Card(name, f"表{part.tables[0].number}", columns=[t for _, t in self.cols.scores])
        self.card.stated_total = stated if stated is not None else self._total_in(part.before)
        self.domain: C.Domain | None = None
        self.task: C.Task | None = None
        self.section: str | None = None

    @staticmethod
    def _total_in(paras) -> float | None:
        for p in paras:
            m = re.search(rf"(?:总分|满分|总分值|共)(?:为)?(?P<n>{NUM})分", fold(p.text))
            if m:
                return number(m.group("n"))
        return None

    def cell(self, row: list, role: str) -> Cell | None:
        k = self.cols.col(role)
        return row[k] if k is not None and k < len(row) else None

    def starts(self, row: list, role: str, r: int) -> Cell | None:
        c = self.cell(row, role)
        return c if c is not None and c.row == r and c.text.strip() else None

    def read(self) -> C.Card:
        for i, table in enumerate(self.part.tables):
            grid = table.grid()
            first = max(self.cols.rows) + 1 if i == 0 else 0
            for r in range(first, len(grid)):
                self.row(table, grid[r], r)
        if not self.card.all_tasks:
            self.card.problems.append("no task or criterion was found in the table")
        return self.card

    def log(self, where: str, what: str) -> None:
        self.card.log.append((where, what))

    def row(self, table: Table, row: list, r: int) -> None:
        where = f"表{table.number}第{r + 1}行"
        if repeats_header(row, self.cols):
            return self.log(where, "the header again (a new page): skipped")
        texts = [c.text for c in row if c is not None and c.row == r and c.text.strip()]
        if not texts:
            return self.log(where, "empty (merged cells only)") if any(c is not None for c in row) else None
        if TOTAL.match(flat(texts[0])):
            return self._total(row, r, where)
        self._group(table, row, r, where)
        crit = self.starts(row, "criteria", r)
        if self.section:
            self._section_items(table, row, r, crit, where)
        elif crit is not None:
            self._criteria(table, row, r, crit, where)
        self._unused(table, row, r)

    def _total(self, row, r, where) -> None:
        pc = self.cell(row, "points")
        value = _points_cell(pc.text) if pc is not None and pc.row == r else None
        if value is None:
            value = next((titled(c.text)[1] for c in row if c is not None and titled(c.text)[1] is not None), None)
        if value is not None and self.card.stated_total is None:
            self.card.stated_total = value
        self.log(where, f"total row: {value:g} points" if value is not None else "total row (no points)")

    def _group(self, table, row, r, where) -> None:
        dc, tc = self.starts(row, "domain", r), self.starts(row, "task", r)
        for c in (dc, tc):
            if c is None:
                continue
            for name, rx in SECTION:
                if rx.search(flat(c.text)):
                    self.section = name
                    cap = section_cap(c.text)
                    if name == "bonus" and cap is not None:
                        self.card.bonus_cap = cap
                    return self.log(where, f"{name} section: {clean(c.text)}")
        if dc is not None:
            title, pts = titled(dc.text)
            if not self.domain or (title, pts) != (self.domain.title, self.domain.stated) or self.section:
                self.domain = C.Domain(title, pts, table.where(dc))
                self.card.domains.append(self.domain)
                self.log(where, f"domain {title}" + (f" ({pts:g} pts)" if pts is not None else ""))
            self.section = None
        num = self.starts(row, "number", r)
        if tc is not None or (num is not None and self.cols.col("task") is not None):
            title, pts = titled(tc.text) if tc is not None else (self.task.title if self.task else "", None)
            number_ = clean(num.text) if num is not None else ""
            same = self.task and (title, pts) == (self.task.title, self.task.stated) and \
                number_ in ("", self.task.number)
            if not same:
                self._new_task(number_, title, pts, table.where(tc or num), where)
            self.section = None

    def _new_task(self, number_, title, pts, at, where) -> C.Task:
        n = len(self.card.all_tasks) + 1
        self.task = task = C.Task(number_ or str(n), title, pts, at)
        if self.domain is not None:
            self.domain.tasks.append(task)
        else:
            self.card.tasks.append(task)
        self.log(where, f"task {task.number} {title}" + (f" ({pts:g} pts)" if pts is not None else ""))
        return task

    def _criteria(self, table, row, r, crit: Cell, where) -> None:
        if self.cols.col("task") is None:  # no task column: each row is a task of one criterion
            num = self.starts(row, "number", r)
            self._new_task(clean(num.text) if num else "", clean(crit.text)[:40], None, table.where(crit), where)
        task = self.task if self.task is not None else self._new_task("", "", None, table.where(crit), where)
        found = pieces(crit.text)
        pc = self.cell(row, "points")
        column = _points_cell(pc.text) if pc is not None and pc.row == r else None
        if pc is not None and column is not None and pc.rows > crit.rows and task.stated is None:
            task.stated, column = column, None  # a points cell over the task's rows: the task's points
        if column is not None and len(found) == 1 and found[0].points is None:
            found = [found[0].__class__(found[0].text, column, found[0].start, found[0].end, found[0].label)]
        elif column is not None and sum(p.points or 0 for p in found) != column:
            self.card.problems.append(f"{table.where(pc)}: the points column says {column:g}, the text of "
                                      f"{table.where(crit)} {sum(p.points or 0 for p in found):g}")
        uc, ac = self.cell(row, "units"), self.cell(row, "assessor")
        made = []
        for i, p in enumerate(found, 1):
            reading = read(p.text, p.points)
            pts = p.points if p.points is not None else reading.points
            at = table.where(crit) + (f"第{i}项" if len(found) > 1 else "")
            c = C.Criterion(p.text, pts, reading, at, unit_cell=uc, assessor=clean(ac.text) if ac else "")
            task.criteria.append(c)
            made.append(f"{pts:g}" if pts is not None else "no points")
        self.log(where, f"{len(found)} criteri{'on' if len(found) == 1 else 'a'} of task {task.number} "
                        f"({', '.join(made)})")

    def _section_items(self, table, row, r, crit: Cell | None, where) -> None:
        cell = crit or next((c for c in row if c is not None and c.row == r and c.text.strip()
                             and not re.search(r"加分|扣分|否决", flat(c.text))), None)
        if cell is None:
            return
        pc = self.cell(row, "points")
        column = _points_cell(pc.text) if pc is not None and pc.row == r else None
        items = getattr(self.card, self.section or "")  # set whenever section items are read
        for i, p in enumerate(pieces(cell.text), 1):
            items.append(C.Item(p.text, read(p.text, p.points or column), table.where(cell) + f"第{i}项",
                                p.points if p.points is not None else column))
        self.log(where, f"{self.section}: {len(pieces(cell.text))} item(s)")

    def _unused(self, table, row, r) -> None:
        used = {self.cols.col(x) for x in ("number", "domain", "task", "criteria", "points", "units", "assessor")}
        for k in self.cols.other + [k for k, _ in self.cols.scores]:
            c = row[k] if k < len(row) else None
            if c is not None and c.row == r and c.col == k and c.text.strip() and k not in used:
                self.card.unused.append((table.where(c), clean(c.text)))


def read_part(part: Part) -> C.Card:
    card = Reader(part).read()
    _units(card)
    return card


def _units(card: C.Card) -> None:
    """A task's units: the cell beside its first criterion; a criterion beside another cell has its own."""
    for t in card.all_tasks:
        cells = [c.unit_cell for c in t.criteria]
        first = next((c for c in cells if c is not None and c.text.strip()), None)
        if first is not None:
            t.units, t.related = unit_names(first.text)
        for c in t.criteria:
            if c.unit_cell is not None and c.unit_cell is not first and c.unit_cell.text.strip():
                c.units = unit_names(c.unit_cell.text)[0]
        assessors = {c.assessor for c in t.criteria if c.assessor}
        if len(assessors) == 1:
            t.assessor = assessors.pop()
