"""A real Virtuoso Open Source server for the remote tests, started on 127.0.0.1.

Session scope: one server with its own temporary database folder and
virtuoso.ini (both ports on loopback, free ones), a random dba password set
through isql, stopped at the end. Updates go to /sparql-auth with digest
authentication (Virtuoso's /sparql is read-only for the anonymous SPARQL
user unless SPARQL_UPDATE is granted to it; the authenticated endpoint is
the safer setup and exercises the credential path). Skipped, with the
reason, only where the Debian package virtuoso-opensource is not installed.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

VIRTUOSO_INI = """\
; Written by tests/remote/conftest.py for one test session.
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx

[Parameters]
; host:port binds the SQL listener to loopback only
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
CheckpointInterval = 0
DirsAllowed        = .
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000

[HTTPServer]
ServerPort         = 127.0.0.1:{http}
ServerRoot         = {d}
ServerThreads      = 8
MaxClientConnections = 8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 30
MaxQueryCostEstimationTime = 30
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Virtuoso:
    query_url: str
    update_url: str
    user: str
    password: str
    folder: Path

    def env(self) -> dict[str, str]:
        return {"CTHR_SPARQL_USER": self.user, "CTHR_SPARQL_PASSWORD": self.password,
                "CTHR_SPARQL_AUTH": "digest"}


def _wait_http(url: str, proc: subprocess.Popen, log: Path, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}: "
                               + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"virtuoso did not answer at {url} within {limit:g} s")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if not binary or not isql:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http))
    out = open(folder / "stdout.log", "wb")
    proc = subprocess.Popen([binary, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                            stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        _wait_http(base + "/sparql", proc, folder / "virtuoso.log")
        password = secrets.token_hex(12)
        # A fresh database has dba/dba; replace it so the tests prove the configured one is used.
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba",
                        f"exec=USER_SET_PASSWORD('dba', '{password}');"],
                       check=True, capture_output=True, timeout=60)
        yield Virtuoso(base + "/sparql", base + "/sparql-auth", "dba", password, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        out.close()


@pytest.fixture
def virtuoso_env(virtuoso, monkeypatch):
    """The Virtuoso credentials in the environment, as a user would set them."""
    for key, value in virtuoso.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CTHR_ENDPOINTS", str(virtuoso.folder / "no-endpoints.toml"))
    return virtuoso
