from __future__ import annotations

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
    import os

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's site, built once per test session by the real CLI."""
    out = tmp_path_factory.mktemp("built") / "site"
    run_pingan("build", "--site-dir", str(out), check=True)
    return out


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


def pytest_collection_modifyitems(config, items):
    """The slow tier: tests that start Chromium or LibreOffice, render PDFs or build whole sites.
    ``make test-fast`` (``pytest -m "not slow"``) runs the rest."""
    for item in items:
        if SLOW_MODULES & {item.module.__name__} or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
