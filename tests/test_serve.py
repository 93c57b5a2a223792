"""pingan serve rebuilds and reloads when a YAML file changes."""
from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import FIXTURES, make_site_project


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def served_url(proc) -> str:
    """The address the server reports once it has bound its port (the system picked it)."""
    for line in proc.stdout:
        m = re.search(r"Serving on (http://127\.0\.0\.1:(\d+)/)", line)
        if m:
            assert m.group(2) != "0"
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
            return m.group(1)
    raise AssertionError("the server never said where it serves")


def wait_for(pred, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.25)
    return None


def test_serve_reloads_after_yaml_edit(tmp_path):
    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", "127.0.0.1:0"], cwd=proj,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = served_url(proc) + "scorecards/card/card-t1.html"
        first = wait_for(lambda: fetch(url), 60)
        assert first and "每季度召开例会" in first
        assert "livereload" in first  # the page reloads itself when the server rebuilds
        card = proj / "standards" / "card.yaml"
        card.write_text(card.read_text(encoding="utf-8").replace("每季度召开例会", "每月召开例会"), encoding="utf-8")
        changed = wait_for(lambda: (p := fetch(url)) and "每月召开例会" in p and p, 60)
        assert changed, "the page was not rebuilt after the YAML edit"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
