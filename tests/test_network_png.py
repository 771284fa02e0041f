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
