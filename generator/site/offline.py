"""The offline copy: the whole built site in one zip (``pingan-standards-offline.zip``, everything
under a ``pingan-standards/`` folder) and its SHA-256 beside it, for offices without a network."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

NAME = "pingan-standards-offline.zip"
PACKED = {".pdf", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".woff", ".woff2"}  # compressed already


def zip_site(src: Path, dest: Path) -> None:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for p in sorted(src.rglob("*")):
            if p.is_file() and p != dest:
                z.write(p, Path("pingan-standards") / p.relative_to(src),
                        compress_type=zipfile.ZIP_STORED if p.suffix in PACKED else None)


def write_offline_copy(site: Path) -> Path:
    """Zip ``site`` into ``site/pingan-standards-offline.zip`` and write its ``.sha256``."""
    zipped = site / NAME
    zip_site(site, zipped)
    digest = hashlib.sha256(zipped.read_bytes()).hexdigest()
    (site / f"{NAME}.sha256").write_text(f"{digest}  {zipped.name}\n", encoding="utf-8")
    return zipped
