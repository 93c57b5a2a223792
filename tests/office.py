"""LibreOffice headless (Debian's libreoffice-calc-nogui) recalculating a workbook, as a user's office suite would."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
  oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise RuntimeError("LibreOffice is not installed: run scripts/system-deps test")
    return path


def recalculate(src: Path, workdir: Path) -> Path:
    """Open ``src`` in LibreOffice with 'always recalculate' and save it again as XLSX."""
    return recalculate_many([src], workdir)[0]


def recalculate_many(srcs: list[Path], workdir: Path, out: Path | None = None) -> list[Path]:
    """Recalculate several workbooks in one LibreOffice run ('always recalculate'), saved again as XLSX
    with the same names in ``out`` (default ``workdir/recalculated``)."""
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(XCU, encoding="utf-8")
    out = out or workdir / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, srcs)],
                   check=True, capture_output=True, timeout=600)
    missing = [s.name for s in srcs if not (out / s.name).is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice did not save {', '.join(missing)}")
    return [out / s.name for s in srcs]


FONTS_CONF = Path(__file__).with_name("office-fonts.conf")


def office_env(workdir: Path) -> dict:
    """The environment of a LibreOffice run that prints as an office would: the fonts the files name
    (仿宋, 黑体, 楷体, 方正小标宋简体, 宋体 …) resolved by fontconfig to the free fonts from Debian that
    ``scripts/system-deps test`` installs (``office-fonts.conf``, through a per-run XDG_CONFIG_HOME)."""
    import os

    conf = workdir / "xdg" / "fontconfig"
    conf.mkdir(parents=True, exist_ok=True)
    shutil.copy(FONTS_CONF, conf / "fonts.conf")
    return {**os.environ, "XDG_CONFIG_HOME": str(workdir / "xdg")}


def to_pdf(srcs: list[Path], workdir: Path) -> dict[Path, Path]:
    """Print office files (XLSX, DOCX) to PDF in one LibreOffice run with its own profile: source → PDF.
    Files are staged under unique names first (``town.zh.xlsx`` and ``town.zh.docx`` would both print
    to ``town.zh.pdf``)."""
    workdir = workdir.resolve()
    stage, out = workdir / "stage", workdir / "pdf"
    stage.mkdir(parents=True, exist_ok=True)
    staged = {}
    for i, src in enumerate(srcs):
        name = f"{i:03d}-{src.stem}-{src.suffix.lstrip('.')}{src.suffix}"
        shutil.copy(src, stage / name)
        staged[src] = out / (Path(name).stem + ".pdf")
    profile = workdir / "lo-profile"
    proc = subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                           "pdf", "--outdir", str(out), *sorted(map(str, stage.iterdir()))],
                          capture_output=True, text=True, timeout=900, env=office_env(workdir))
    missing = [s.name for s, pdf in staged.items() if not pdf.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice did not print {', '.join(missing)}: {proc.stderr[-500:]}")
    return staged
