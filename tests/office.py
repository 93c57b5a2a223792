"""LibreOffice headless (Debian's libreoffice-calc-nogui) recalculating a workbook, as a user's office suite would."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
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
