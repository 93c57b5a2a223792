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


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serve_reloads_after_yaml_edit(tmp_path, page):
    """The page open in the browser reloads itself after a YAML edit: mkdocs' live-reload script,
    which changes with every request, runs under the page's Content-Security-Policy."""
    from pagecheck import Watch

    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", "127.0.0.1:0"], cwd=proj,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = served_url(proc) + "scorecards/card/card-t1.html"
        first = wait_for(lambda: fetch(url), 60)
        assert first and "每季度召开例会" in first
        watch = Watch(page)
        page.goto(url)
        card = proj / "standards" / "card.yaml"
        card.write_text(card.read_text(encoding="utf-8").replace("每季度召开例会", "每月召开例会"), encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('每月召开例会')", timeout=60000)
        assert not watch.violations()
    finally:
        stop(proc)


def test_serve_renders_again_only_the_pages_an_edit_changed(tmp_path):
    """A criterion's text edited: its task page, its card's pages and the pages listing it change;
    the others are not rendered again, and the search index keeps every page and holds the new text.
    The card's PDF/XLSX render in the background and are copied in by one more rebuild."""
    import json
    import os

    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", "127.0.0.1:0"], cwd=proj,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, TMPDIR=str(tmp)))
    lines: list[str] = []
    try:
        base = None
        for line in proc.stdout:
            lines.append(line)
            if m := re.search(r"Serving on (http://127\.0\.0\.1:\d+/)", line):
                base = m.group(1)
                break
        assert base, "".join(lines)
        threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
        index = json.loads(wait_for(lambda: fetch(base + "search/search_index.json"), 60))
        pages = {d["location"].split("#")[0] for d in index["docs"]}
        assert not any(p.endswith("form.html") for p in pages)  # online forms are not searched
        first = [ln for ln in lines if "rendering" in ln and " pages" in ln]
        card = proj / "standards" / "card.yaml"
        card.write_text(card.read_text(encoding="utf-8").replace("矛盾化解率", "纠纷化解率"),
                        encoding="utf-8")
        page = wait_for(lambda: (p := fetch(base + "scorecards/card/card-t2.html")) and "纠纷化解率" in p and p, 90)
        assert page, "".join(lines)
        again = wait_for(lambda: [ln for ln in lines if re.search(r"rendering \d+ of \d+ pages", ln)][len(first):], 30)
        done, total = map(int, re.search(r"rendering (\d+) of (\d+) pages", again[0]).groups())
        assert 0 < done < total, again[0]
        index = json.loads(fetch(base + "search/search_index.json"))
        assert {d["location"].split("#")[0] for d in index["docs"]} == pages
        task = "".join(d["text"] for d in index["docs"] if d["location"].startswith("scorecards/card/card-t2.html"))
        task = task.replace("\u200b", "")
        assert "纠纷化解率" in task and "矛盾化解率" not in task
        # the new scorecard files follow: rendered in the background, then copied in
        assert wait_for(lambda: any("background" in ln for ln in lines), 30), "".join(lines)
        assert wait_for(lambda: "纠纷化解率" in (fetch(base + "scorecards/card/card.zh.html") or ""), 120), \
            "".join(lines[-20:])
    finally:
        stop(proc)
    assert proc.returncode == 0  # stopped cleanly, and the served site's temporary folder is gone
    assert not [p.name for p in tmp.iterdir() if p.is_dir()]


def test_serve_notices_changes_and_not_reads(tmp_path):
    """The file watcher of pingan serve reports a write at once, and never a read (a build reads
    the standards: an observer that reported reads would rebuild for ever)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    from generator.site.serve import change_observer

    f = tmp_path / "card.yaml"
    f.write_text("a", encoding="utf-8")
    seen = []
    handler = FileSystemEventHandler()
    handler.on_any_event = seen.append
    observer = change_observer(PollingObserver(timeout=0.5))
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        f.read_text(encoding="utf-8")  # its events, if any, arrive before the write's
        f.write_text("b", encoding="utf-8")
        assert wait_for(lambda: any(e.event_type == "modified" for e in seen), 30)
        assert {e.event_type for e in seen} <= {"modified", "closed", "created", "deleted", "moved"}, seen
    finally:
        observer.stop()
        observer.join()


def test_our_server_patch_still_fits_mkdocs(tmp_path, monkeypatch):
    """generator/site/serve.py replaces the server class mkdocs' serve() starts: serve() must still
    look ``LiveReloadServer`` up in its module when it runs, and the server must still compute its
    address with ``_serve_url(host, port, path)``, bind in ``server_bind`` and watch through
    ``self.observer``. Our server, asked for port 0, then names the port the system picked."""
    import inspect

    import mkdocs.commands.serve as mkserve
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from generator.site.serve import server_class, use_our_server

    assert "LiveReloadServer" in mkserve.serve.__code__.co_names  # a global looked up at call time
    assert mkserve.LiveReloadServer is LiveReloadServer
    assert list(inspect.signature(_serve_url).parameters) == ["host", "port", "path"]
    init, run = inspect.getsource(LiveReloadServer.__init__), inspect.getsource(LiveReloadServer.serve)
    assert "self.url = _serve_url(" in init and "self.observer = " in init  # what we replace after __init__
    assert "self.server_bind()" in run and "self.observer.start()" in run  # … and before these run
    monkeypatch.setattr(mkserve, "LiveReloadServer", mkserve.LiveReloadServer)  # restored after the test
    use_our_server()
    assert issubclass(mkserve.LiveReloadServer, LiveReloadServer)
    server = server_class()(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path), mount_path="/pingan/")
    assert server.url == "http://127.0.0.1:0/pingan/"  # what mkdocs would print
    assert hasattr(server.observer, "schedule") and hasattr(server.observer, "start")
    server.server_bind()
    try:
        port = server.server_address[1]
        assert port != 0 and server.url == f"http://127.0.0.1:{port}/pingan/"
    finally:
        server.server_close()
