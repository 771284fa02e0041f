"""The `listener` fixture: a helpers.Listener on 127.0.0.1 that records every connection,
to prove that nothing is fetched; closed when the test ends."""

from __future__ import annotations

import pytest

from helpers import Listener


@pytest.fixture
def listener():
    listen = Listener()
    yield listen
    listen.close()
