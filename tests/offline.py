"""Refuse the network in a test: any connection out fails it, local sockets still work."""

from __future__ import annotations

import socket

import pytest


def refuse_network(patch: pytest.MonkeyPatch) -> None:
    """AF_INET/AF_INET6 connects and name look-ups raise; the worker pool's sockets work."""
    real_connect = socket.socket.connect

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the network was reached for: {args}")

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(address)
        real_connect(self, address)  # type: ignore[arg-type]

    patch.setattr(socket.socket, "connect", connect)
    patch.setattr(socket, "getaddrinfo", refuse)
    patch.setattr(socket, "create_connection", refuse)
