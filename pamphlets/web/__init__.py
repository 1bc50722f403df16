"""`pamphlets serve`: a local web app over the project's files (profiles, kits), calling the same pipeline."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path
from typing import Any

from .app import create_app

HOST = "127.0.0.1"  # this machine only: the app reads and writes the project's files

__all__ = ["HOST", "create_app", "make_server", "serve"]


def make_server(project: Path, host: str = HOST, port: int = 8000) -> Any:
    """A WSGI server for the project's web app (port 0: any free port); serve_forever() runs it."""
    from werkzeug.serving import make_server as werkzeug_server

    return werkzeug_server(host, port, create_app(project, host=host), threaded=True)


def serve(project: Path, host: str = HOST, port: int = 8000, open_browser: bool = True) -> None:
    """Serve the project's web app until Ctrl-C, opening it in the browser unless told not to."""
    server = make_server(project, host, port)
    url = f"http://{host}:{server.server_port}/"
    print(f"pamphlets is serving {project.resolve()} at {url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
