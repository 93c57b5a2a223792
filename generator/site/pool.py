"""Language builds (the site's two and each edition's) in several processes at once.

Each build is a :class:`LangJob` with its own build context. The processes are forked once all the
contexts exist: they inherit the loaded projects, the edition history and jieba's dictionary
instead of loading them again, and the jobs reach them through the pool's initializer (inherited,
never pickled); a child's progress lines travel to the parent through a queue.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .context import BuildContext, Progress


@dataclass(frozen=True)
class LangJob:
    label: str  # what progress lines call it: "zh", "edition 2023 en"
    config_file: str  # mkdocs.yml or mkdocs.en.yml, in the context's project
    site_dir: Path
    ctx: BuildContext  # the project, language and edition this build renders


Runner = Callable[[LangJob], int]  # runs one build, returns the pages it wrote

_child: tuple[list[LangJob], Runner] | None = None  # in a build process: what it was started with


def _start_build_process(jobs: list[LangJob], run: Runner, queue) -> None:
    """Runs once in each build process: its jobs report through ``queue`` and render scorecard
    files in this process only (the pool's processes are busy with the other builds)."""
    global _child
    _child = ([replace(j, ctx=j.ctx.with_(progress=queue.put, processes=1)) for j in jobs], run)


def _timed(run: Runner, job: LangJob) -> tuple[str, int, float]:
    t = time.perf_counter()
    n = run(job)
    return job.label, n, time.perf_counter() - t


def _run_in_child(i: int) -> tuple[str, int, float]:
    assert _child is not None
    jobs, run = _child
    return _timed(run, jobs[i])


def run_builds(jobs: list[LangJob], run: Runner, progress: Progress, processes: int = 2) -> None:
    """Run the builds, in ``processes`` processes at once (1: one after the other, here, each
    rendering its missing scorecard files in as many processes as its context allows)."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    def done(label: str, n: int, seconds: float) -> None:
        progress(f"  {label}: {n} pages in {seconds:.1f} s")

    if processes <= 1 or len(jobs) <= 1:
        for job in jobs:
            progress(f"building {job.label} ({job.config_file}) …")
            done(*_timed(run, job))
        return
    ctx = multiprocessing.get_context("fork")  # children share what the parent loaded (standards, history)
    queue = ctx.Queue()
    def relay_lines() -> None:
        for message in iter(queue.get, None):
            progress(message)

    relay = threading.Thread(target=relay_lines, daemon=True)
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_start_build_process,
                                 initargs=(jobs, run, queue)) as pool:
            for job in jobs:
                progress(f"building {job.label} ({job.config_file}) …")
            futures = [pool.submit(_run_in_child, i) for i in range(len(jobs))]  # forks every process now
            relay.start()  # only after the fork: a child must not inherit a thread's locks
            try:
                for f in as_completed(futures):
                    done(*f.result())
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    finally:  # the processes have ended and flushed their last lines
        queue.put(None)
        if relay.ident is not None:
            relay.join()
