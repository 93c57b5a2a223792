"""Which column of a scoring table holds what (序号, 项目, 工作任务, 评分标准, 分值, 责任单位, 考核部门,
score columns, 备注), read from its header row; and which tables belong together (one continued after
a page break, its header repeated or not)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .doc import Cell, Document, Paragraph, Table

ROLES = [  # (role, pattern on the header cell's text without blanks): the first that matches
    ("number", r"^(?:序号|编号|序|顺序号|No\.?|#)$"),
    ("score", r"自评|审核|复核|核查|考核得分|实得分|^得分|得分$|^评分$|打分"),
    ("assessor", r"(?:考核|评分|考评|评价|检查)(?:部门|单位)|牵头考核|考核责任"),
    ("units", r"责任(?:主体|单位|部门|领导)|牵头(?:单位|部门)|配合(?:单位|部门)|承办|^主体$"),
    ("points", r"^(?:分值|分数|标准分|满分|权重|基本分|基础分|总分|应得分|分)|分值|^\(?分\)?$"),
    ("remark", r"备注|说明|附注"),
    ("criteria", r"评分|考核标准|评价标准|计分|扣分|考核细则|评分细则|工作指引|工作标准|考核要求|工作要求"
                 r"|标准|细则|办法|要点"),
    ("domain", r"一级指标|^项目$|考核项目|评价项目|^类别$|指标类别|板块|^类型$|^领域$|大项"),
    ("task", r"工作任务|考核内容|二级指标|考核指标|指标内容|工作内容|任务|内容|指标|事项|小项"),
]
GROUPING = ("domain", "task", "criteria")
_BLANK = re.compile(r"\s+")


def flat(text: str) -> str:
    return _BLANK.sub("", text)


def role_of(text: str) -> str | None:
    t = flat(text)
    if not t or len(t) > 16:
        return None
    return next((role for role, rx in ROLES if re.search(rx, t)), None)


@dataclass
class Columns:
    """The header of one scoring table: the grid column of each role, the score columns' titles."""
    rows: tuple[int, ...]  # the header rows
    role: dict[str, int]  # role → grid column
    scores: list[tuple[int, str]] = field(default_factory=list)  # (grid column, title) of each score column
    texts: tuple[str, ...] = ()  # the header's texts, to know it again when a page repeats it
    other: list[int] = field(default_factory=list)  # columns with a header no role fits

    def col(self, role: str) -> int | None:
        return self.role.get(role)


def _row_roles(grid: list[list[Cell | None]], r: int) -> dict[int, str]:
    out = {}
    for k, cell in enumerate(grid[r]):
        if cell is not None and (role := role_of(cell.text)):
            out[k] = role
    return out


def _assign(found: dict[int, str], n_cols: int) -> dict[str, int]:
    """role → column; of the grouping columns (domain, task, criteria) the right-most is the criteria
    (unless one says 评分标准), and a single grouping column left of it is the task."""
    role: dict[str, int] = {}
    for k in sorted(found):
        r = found[k]
        if r not in GROUPING and r not in ("score", "remark"):
            role.setdefault(r, k)
    texts = sorted(k for k, r in found.items() if r in GROUPING)
    crit = next((k for k in texts if found[k] == "criteria"), texts[-1] if texts else None)
    if crit is None:
        return role
    role["criteria"] = crit
    left = [k for k in texts if k < crit]
    if len(left) >= 2:
        role["domain"], role["task"] = left[0], left[1]
    elif left:
        role["task"] = left[0]
    return role


def header(table: Table, look: int = 8) -> Columns | None:
    """The header rows (at most ``look`` rows down): the first row naming two roles, one of them a text
    column, and the rows below it that hold only header words (a score column split in two)."""
    grid = table.grid()
    for r in range(min(look, len(grid))):
        found = _row_roles(grid, r)
        if len(set(found.values())) < 2 or not any(v in GROUPING for v in found.values()):
            continue
        rows = [r]
        while rows[-1] + 1 < len(grid):
            nxt = grid[rows[-1] + 1]
            texts = [c.text for c in nxt if c is not None and c.row == rows[-1] + 1 and c.text.strip()]
            if not texts or not all(role_of(t) for t in texts):
                break
            rows.append(rows[-1] + 1)
            for k, role in _row_roles(grid, rows[-1]).items():
                found[k] = role  # the lower header cell is the more specific
        return _columns(grid, rows, found, table.n_cols)
    return None


def _columns(grid, rows: list[int], found: dict[int, str], n_cols: int) -> Columns:
    role = _assign(found, n_cols)
    used = set(role.values())
    scores = [(k, flat(grid[rows[-1]][k].text)) for k in sorted(found) if found[k] == "score" and grid[rows[-1]][k]]
    texts = tuple(flat(c.text) if c else "" for c in grid[rows[0]])
    other = [k for k in range(n_cols) if k not in used and k not in dict(scores)]
    return Columns(tuple(rows), role, scores, texts, other)


def repeats_header(row: list[Cell | None], cols: Columns) -> bool:
    """A row that is the header again (Word repeats it on every page; a dump keeps it in the data)."""
    texts = tuple(flat(c.text) if c else "" for c in row)
    return texts == cols.texts and any(texts)


@dataclass
class Part:
    """One scoring table of the document: its tables in order (a table continued after a page break is
    one part) and the paragraphs before it (its title, the stated total)."""
    columns: Columns
    tables: list[Table]
    before: list[Paragraph]


def parts(doc: Document) -> tuple[list[Part], list[str]]:
    """The scoring tables, and the tables that are none (reported)."""
    out: list[Part] = []
    skipped, since = [], []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            since.append(b)
            continue
        cols = header(b)
        words = [p for p in since if p.text.strip()]
        if out and not words and b.n_cols == out[-1].tables[-1].n_cols and \
                (cols is None or cols.texts == out[-1].columns.texts):
            out[-1].tables.append(b)  # the same table, continued on the next page
        elif cols is not None:
            out.append(Part(cols, [b], since))
        else:
            skipped.append(f"表{b.number}: no header row naming its columns (序号, 项目, 评分标准, 分值 …): not read")
        since = []
    return out, skipped
