"""The local server of the benchmarks and browser tests (``benchmarks/localhttp.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.localhttp import QuietServer, SiteFiles


def test_a_dropped_connection_is_not_a_traceback_but_another_error_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = QuietServer(("127.0.0.1", 0), SiteFiles)
    try:
        for dropped in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
            try:
                raise dropped
            except ConnectionError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real fault")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real fault" in capsys.readouterr().err
    finally:
        server.server_close()
