"""Progress: build bars and network report spinners on a terminal (a real pseudo-terminal), plain phase lines when piped."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

from cthr.graph.build import build
from cthr.graph.progress import BUILD_STAGES, LABELS, Stages
from helpers import CTHR, ENV, RECORDS, SEEDS

# What a drawn bar leaves in the stream: escapes, carriage returns, the bar glyph.
CONTROL = ("\x1b", "\r", "━")


def test_piped_build_prints_phase_lines_and_no_bar(tmp_path):
    env = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM")}   # a colour terminal type, but a pipe
    env["TERM"] = "xterm-256color"
    run = subprocess.run([CTHR, "build", str(RECORDS), "--store", str(tmp_path / "s"), "-o", str(tmp_path / "g.ttl")],
                         capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "read 1 source(s)" in run.stderr and "mapped to" in run.stderr
    assert not [c for c in CONTROL if c in run.stderr + run.stdout], repr(run.stderr)
    assert not [LABELS[s] for s in BUILD_STAGES if LABELS[s] in run.stderr]


def _read_all(fd: int, proc: subprocess.Popen, timeout: float = 300) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:             # the child closed its end (Linux raises EIO)
                break
            if not chunk:
                break
            data += chunk
        elif proc.poll() is not None:
            break
    return data


def test_terminal_build_draws_a_bar_per_stage(tmp_path):
    leader, follower = pty.openpty()
    env = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.Popen([CTHR, "build", str(SEEDS), str(RECORDS), "--store", str(tmp_path / "s"),
                             "-o", str(tmp_path / "g.ttl")], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=follower, env=env, cwd=tmp_path)
    os.close(follower)
    try:
        screen = _read_all(leader, proc).decode("utf-8", "replace")
        out = proc.stdout.read().decode()
        assert proc.wait(timeout=60) == 0, screen
    finally:
        os.close(leader)
    assert "built 3 source(s)" in out and "\x1b" not in out            # stdout is a pipe: plain
    for label in (LABELS[s] for s in BUILD_STAGES):
        assert label in screen, (label, screen[-2000:])
    assert "━" in screen and "3/3" in screen                           # the counted stages reach their total
    assert "read 3 source(s)" in screen                                 # phase lines still print, above the bars


class _Record(Stages):
    """A real hook that remembers what build() told it."""

    def __init__(self):
        self.log: list[list] = []

    def start(self, name, total=None):
        self.log.append([name, total, 0])

    def tick(self, n=1):
        self.log[-1][2] += n


def test_build_reports_every_stage_in_order_with_its_count(tmp_path):
    seen = _Record()
    result = build([SEEDS, RECORDS], store=tmp_path / "s", out=tmp_path / "g.ttl", stages=seen)
    assert result.ok
    assert [e[0] for e in seen.log] == ["load", "map", "rules", "validate", "write"]
    assert seen.log[0] == ["load", 3, 3] and seen.log[1] == ["map", 3, 3]
    # A rebuild skips the unchanged sources before loading them: nothing to count.
    again = _Record()
    build([SEEDS, RECORDS], store=tmp_path / "s", out=tmp_path / "g.ttl", stages=again)
    assert again.log[0] == ["load", 0, 0]


def _segments(screen: str, label: str) -> list[str]:
    """Every drawn line (frames split at newlines and carriage returns) showing `label`, escapes removed."""
    import re

    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    return [s for s in re.split(r"[\r\n]", plain) if label in s]


def test_stages_without_a_count_show_a_spinner_and_time_not_a_made_up_count(tmp_path):
    import re

    leader, follower = pty.openpty()
    env = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.Popen([CTHR, "build", str(SEEDS), str(RECORDS), "--store", str(tmp_path / "s"),
                             "-o", str(tmp_path / "g.ttl")], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=follower, env=env, cwd=tmp_path)
    os.close(follower)
    try:
        screen = _read_all(leader, proc).decode("utf-8", "replace")
        assert proc.wait(timeout=60) == 0, screen
    finally:
        os.close(leader)
    for stage in ("rules", "validate", "write"):                 # build.py gives these no count
        lines = _segments(screen, LABELS[stage])
        assert lines, (stage, screen[-2000:])
        assert not [s for s in lines if re.search(r"\d+/\d+", s) or "━" in s], (stage, lines)
        assert re.search(r"✓.*\d+:\d\d:\d\d", lines[-1]), (stage, lines[-1])     # done, with its time
    for stage in ("load", "map"):                                # the counted ones keep bar and count
        assert [s for s in _segments(screen, LABELS[stage]) if "3/3" in s and "━" in s], stage


def test_network_report_shows_a_spinner_per_phase_on_a_terminal_and_lines_when_piped(records_build, tmp_path):
    store = str(records_build / "store")
    piped = subprocess.run([CTHR, "network", "report", "--store", store, "-o", str(tmp_path / "piped")],
                           capture_output=True, text=True, env=ENV, timeout=300, cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    phases = [line for line in piped.stderr.splitlines() if line.strip()]
    assert "laying out and drawing the picture" in phases and "rendering report.md and report.html" in phases
    assert not [c for c in (*CONTROL, "✓") if c in piped.stderr], repr(piped.stderr)

    leader, follower = pty.openpty()
    env = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.Popen([CTHR, "network", "report", "--store", store, "-o", str(tmp_path / "tty")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, env=env, cwd=tmp_path)
    os.close(follower)
    try:
        screen = _read_all(leader, proc).decode("utf-8", "replace")
        assert proc.wait(timeout=60) == 0, screen
    finally:
        os.close(leader)
    done = [s for s in screen.replace("\r", "\n").splitlines() if "✓" in s]
    for phase in phases:                    # every phase the piped run named ends with its tick on the terminal
        assert [s for s in done if phase in s], (phase, screen[-2000:])


def test_export_shows_a_spinner_on_a_terminal_only(records_build, tmp_path):
    store = str(records_build / "store")
    piped = subprocess.run([CTHR, "export", "--store", store, "-o", str(tmp_path / "piped.ttl")],
                           capture_output=True, text=True, env=ENV, timeout=300, cwd=tmp_path)
    assert piped.returncode == 0 and piped.stderr.startswith("wrote "), piped.stderr
    assert LABELS["export"] not in piped.stderr
    leader, follower = pty.openpty()
    env = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.Popen([CTHR, "export", "--store", store, "-o", str(tmp_path / "tty.ttl")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, env=env, cwd=tmp_path)
    os.close(follower)
    try:
        screen = _read_all(leader, proc).decode("utf-8", "replace")
        assert proc.wait(timeout=60) == 0, screen
    finally:
        os.close(leader)
    assert [s for s in screen.replace("\r", "\n").splitlines() if "✓" in s and LABELS["export"] in s], screen
    assert (tmp_path / "tty.ttl").read_bytes() == (tmp_path / "piped.ttl").read_bytes()
