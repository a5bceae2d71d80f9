"""``peerhub edit``: the web editor on this computer, saving to the files on disk.

It runs two things together and stops both on Ctrl-C:

- the live preview of ``peerhub serve`` (``generator.edge.preview``), which also serves the
  editor at ``/admin/``, configured to save through
- Decap's local backend, ``decap-server`` in file-system mode, started by our small
  wrapper (``static/local-backend.cjs``) on a free port of 127.0.0.1, answering only
  the editor's page.

Saving in the editor writes ``stories/<slug>.md`` or ``events.yaml``; the preview sees the
change and reloads like any other save. Node.js and npm are needed for this command only.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.editor.bundle import DECAP, SERVER, Packages, npm_install_command
from generator.editor.options import PROXY_ENV
from generator.errors import PeerhubError

DEFAULT_ADDRESS = "127.0.0.1:8000"
START_SECONDS = 30.0
STOP_SECONDS = 5.0
NEEDS_NODE = (
    "peerhub edit needs Node.js and npm for the web editor: install them (e.g. apt-get install "
    "nodejs npm, or from nodejs.org) and run it again; peerhub serve previews without them."
)


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def parse_address(text: str | None) -> Address:
    """``IP:PORT`` on this computer only: the editor's page can write files through it."""
    host, _, port = (text or DEFAULT_ADDRESS).rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise PeerhubError(f"-a {text}: expected IP:PORT, e.g. 127.0.0.1:8001")
    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
    if not loopback:
        raise PeerhubError(
            f"-a {text}: peerhub edit serves on this computer only (e.g. -a 127.0.0.1:8001), "
            "because the editor it serves can change the files on disk"
        )
    return Address(host, int(port))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_packages(packages: Packages) -> None:
    """Node.js and the pinned packages, installed with ``npm ci`` if they are not yet."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise PeerhubError(NEEDS_NODE)
    if packages.up_to_date(DECAP) and packages.up_to_date(SERVER):
        return
    print(
        f"Installing the web editor's packages: {' '.join(npm_install_command(packages.folder))}", flush=True
    )
    packages.install()


@contextmanager
def local_backend(packages: Packages, root: Path, origins: list[str]) -> Iterator[str]:
    """``decap-server`` on a free port of 127.0.0.1 while the block runs; yields its API URL."""
    port = free_port()
    script = resources.files("generator.editor").joinpath("static", "local-backend.cjs")
    env = {
        **os.environ,
        "PORT": str(port),
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root),
        "PEERHUB_ORIGINS": " ".join(origins),
        "NODE_PATH": str(packages.modules),
        "LOG_LEVEL": "warn",
    }
    with resources.as_file(script) as path:
        process = subprocess.Popen(
            ["node", str(path)],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,  # closed when peerhub stops, however it stops: then it exits
            start_new_session=True,  # Ctrl-C reaches peerhub, which stops it in order
        )
        try:
            _wait_until_listening(process, port)
            yield f"http://127.0.0.1:{port}/api/v1"
        finally:
            _stop(process)


def _wait_until_listening(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PeerhubError(
                f"The editor's local backend stopped at start (exit {process.returncode}); see above"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise PeerhubError(f"The editor's local backend did not start within {START_SECONDS:g} seconds")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        process.stdin.close()
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def edit(config_file: str, config: Any, options: Any, *, dev_addr: str | None, open_in_browser: bool) -> None:
    """Run the preview and the editor until Ctrl-C; ``config`` and ``options`` are MkDocs'
    config and the ``peerhub`` plugin's options, already loaded and checked by the CLI."""
    from generator.edge.preview import serve

    address = parse_address(dev_addr)
    root = Path(config.config_file_path or config_file).resolve().parent
    packages = Packages((root / options.editor.packages).resolve())
    ensure_packages(packages)
    mount = urlsplit(config.site_url or "/").path.strip("/")
    base = f"{address.origin}/{mount + '/' if mount else ''}"
    origins = sorted({address.origin, f"http://127.0.0.1:{address.port}", f"http://localhost:{address.port}"})
    # A plain `kill` stops both as Ctrl-C does (and the local backend exits with us anyway).
    signal.signal(signal.SIGTERM, _interrupt)
    with local_backend(packages, root, origins) as api:
        os.environ[PROXY_ENV] = api
        print(f"Web editor: {base}admin/  ·  preview: {base}  ·  Ctrl-C stops both.", flush=True)
        try:
            serve(config_file, dev_addr=f"{address.host}:{address.port}", open_in_browser=open_in_browser)
        finally:
            os.environ.pop(PROXY_ENV, None)
            sys.stdout.flush()
