"""The network picture of 100 generated organisations: full size, deterministic (its time: bench/network_png.py)."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from network_png import network_data  # noqa: E402

from cthr.graph.network import analyse  # noqa: E402
from cthr.graph.report import render_png  # noqa: E402


@pytest.mark.parametrize("events", [30, 10])       # the co-attendance view, the two-mode view
def test_hundred_organisations_draw_full_size_and_deterministic(events):
    a = analyse(network_data(100, events))
    assert len(a.projection) == 100
    png = render_png(a)
    width, height = struct.unpack(">II", png[16:24])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (1300, 1000)
    assert render_png(a) == png                     # deterministic bytes


# `cthr` with matplotlib (the `network` extra) made unimportable, as in an install without the extra.
_WITHOUT_MATPLOTLIB = ("import sys; sys.modules['matplotlib'] = None; from cthr.cli import main; "
                       "main(sys.argv[1:], prog_name='cthr')")


def test_report_without_the_network_extra_is_one_line_and_writes_nothing(records_build, tmp_path):
    import subprocess

    from helpers import ENV

    args = ["network", "report", "--store", str(records_build / "store"), "-o", str(tmp_path / "report")]
    run = subprocess.run([sys.executable, "-c", _WITHOUT_MATPLOTLIB, *args], capture_output=True, text=True,
                         env=ENV, cwd=tmp_path, timeout=120)
    assert run.returncode == 1, run.stderr[-2000:]
    assert run.stderr.strip().splitlines() == ["error: the network picture needs matplotlib: "
                                               "pip install 'cthr-kg[network]'"]
    assert not (tmp_path / "report").exists()
    stats = subprocess.run([sys.executable, "-c", _WITHOUT_MATPLOTLIB, "network", "stats", "--format", "json",
                            "--store", str(records_build / "store")], capture_output=True, text=True, env=ENV,
                           cwd=tmp_path, timeout=120)
    assert stats.returncode == 0 and stats.stdout.startswith("["), stats.stderr[-2000:]   # the analysis needs no picture
