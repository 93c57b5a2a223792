"""``pingan serve``: mkdocs' development server for one language, with two changes to its server.

mkdocs gives no option for either, so :func:`use_our_server` replaces the class
``mkdocs.commands.serve.serve`` instantiates (the name ``LiveReloadServer`` in that module, looked
up when ``serve`` runs) by a subclass of mkdocs' own that changes:

1. **the address it prints**: with port 0 the system picks a free port, but mkdocs' "Serving on"
   line (``self.url``, computed in ``__init__`` from the port asked for) would say port 0; after
   ``server_bind`` the subclass recomputes it from the bound address with mkdocs'
   ``_serve_url(host, port, path)``, so scripts and tests can read the real port;
2. **how it watches files**: mkdocs scans every watched file each half second (``self.observer``,
   a watchdog ``PollingObserver`` made in ``__init__``): up to half a second before a rebuild starts,
   and a core kept busy. :func:`change_observer` uses the system's change notifications instead.

``tests/test_serve.py`` checks that mkdocs still has what this relies on.
"""
from __future__ import annotations

import signal
from pathlib import Path


def change_observer(polling_observer):
    """What watches the files under ``pingan serve``: the system's change notifications (inotify)
    where there are any, instead of mkdocs' scan of every watched file each half second. Only
    changes count: a build reads the standards, and an observer that reported reads would rebuild
    for ever."""
    from watchdog.events import FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:  # no notifications on this system
        return polling_observer
    changes = [FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]

    class ChangeObserver(Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangeObserver(timeout=polling_observer.timeout)


def server_class():
    """mkdocs' ``LiveReloadServer`` with the real port in its address and :func:`change_observer`."""
    from mkdocs.livereload import LiveReloadServer, _serve_url

    class Server(LiveReloadServer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.observer = change_observer(self.observer)

        def server_bind(self):
            super().server_bind()
            host, port = self.server_address[:2]
            self.url = _serve_url(host, port, self.mount_path)

    return Server


def use_our_server() -> None:
    """Make ``mkdocs.commands.serve.serve`` start :func:`server_class`'s server."""
    import mkdocs.commands.serve as mkserve

    mkserve.LiveReloadServer = server_class()  # type: ignore[misc]


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the language of ``config_file`` with live reload, until interrupted or terminated."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    use_our_server()
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a signal, mkdocs still removes its temporary site
    # dirty: a rebuild renders only the pages whose Markdown changed (see generator/site/plugin/incremental.py)
    mkdocs_serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr, build_type="dirty")
