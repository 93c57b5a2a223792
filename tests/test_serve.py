"""pingan serve rebuilds and reloads when a YAML file changes."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import FIXTURES, make_site_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


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
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=proj,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/scorecards/card/card-t1.html"
    try:
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
