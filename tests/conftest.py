from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_pingan(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, as a user would."""
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"pingan {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture project, free to break."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture(scope="session")
def test_output(tmp_path_factory) -> Path:
    """Where tests keep pictures worth a look (PNG pages, screenshots): a temporary folder, or
    PINGAN_TEST_OUTPUT when set (e.g. PINGAN_TEST_OUTPUT=test-output make test)."""
    asked = os.environ.get("PINGAN_TEST_OUTPUT")
    out = Path(asked).resolve() if asked else tmp_path_factory.mktemp("test-output")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def loaded():
    from generator.checks.project import load

    return load(ROOT)


@pytest.fixture(scope="session")
def standards(loaded):
    return loaded.standards


def run_folder(tmp_path_factory) -> Path:
    """The temporary folder of the whole test run: with pytest-xdist (``make test``: two worker processes)
    the workers' own folders sit inside it, so what is made here is seen by every worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once per test run, also across worker processes: the first worker to ask makes
    ``<run folder>/<name>`` while holding a lock, the others wait for it and then use what it made; a
    failed ``make`` leaves nothing (the next to ask tries again, and fails as visibly)."""
    import fcntl

    folder = run_folder(tmp_path_factory) / name
    with open(folder.with_name(f"{name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the process dies
        done = folder / ".made"
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's site, built once per test run by the real CLI (one build for all workers)."""
    folder = made_once(tmp_path_factory, "built", lambda d: run_pingan("build", "--site-dir", str(d / "site"),
                                                                       check=True))
    return folder / "site"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served under a sub-path (as on a GitHub Pages project site)."""
    from webserver import serve

    with serve(built_site, "/pingan/") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def make_site_project(dest: Path, standards_from: Path) -> Path:
    """A project tree (configs + content + the given standards) that pingan can build."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "content", dest / "content", dirs_exist_ok=True)
    shutil.copytree(standards_from, dest / "standards", dirs_exist_ok=True)
    return dest


SLOW_FIXTURES = {"built_site", "site_url", "browser", "page", "fillset", "collected"}
SLOW_MODULES = {"test_form_browser", "test_site_browser", "test_page_types", "test_serve", "test_scorecard_files",
                "test_site", "test_publish", "test_scoring_agreement"}


# The modules that take longest, longest first (seconds in one process, 2-core machine: 235, 115, 110 after the
# site build, 110, 100, 80, 60, 50): they run first, so that with workers (``make test``: each takes the next
# module when it is nearly done with its own) none is left alone with a long module at the end.
LONGEST_FIRST = ("test_page_types", "test_build_data", "test_form_browser", "test_scoring_agreement", "test_docx",
                 "test_xlsx_scoring", "test_diff", "test_scorecard_files")


def pytest_collection_modifyitems(config, items):
    """The slow tier: tests that start Chromium or LibreOffice, render PDFs or build whole sites.
    ``make test-fast`` (``pytest -m "not slow"``) runs the rest. The longest modules first, each whole; the
    rest in the order collected."""
    for item in items:
        if SLOW_MODULES & {item.module.__name__} or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.module.__name__, len(rank)))  # stable: a module stays in one piece
