"""A printer on the network's raw port (usually 9100): every connect, send and read bounded."""

from __future__ import annotations

import socket

from . import status as st
from .errors import PrinterOffline, PrinterStatus, PrinterTimeout


class TcpTransport:
    """ESC/POS over TCP; one connection per job, as raw-port printers serve one at a time."""

    def __init__(
        self, url: str, host: str, port: int, *, timeout: float, ask_status: bool = True
    ) -> None:
        self.url = url
        self.host = host
        self.port = port
        self.timeout = timeout
        self.ask_status = ask_status

    def _connect(self) -> socket.socket:
        try:
            return socket.create_connection((self.host, self.port), timeout=self.timeout)
        except TimeoutError as exc:
            raise PrinterTimeout(self.url, f"no connection within {self.timeout:g} s") from exc
        except OSError as exc:
            raise PrinterOffline(self.url, exc.strerror or str(exc)) from exc

    def send(self, data: bytes) -> None:
        """Send all bytes; the timeout bounds the whole send, not each chunk."""
        with self._connect() as sock:
            try:
                sock.sendall(data)
            except TimeoutError as exc:
                raise PrinterTimeout(
                    self.url, f"printer took no data for {self.timeout:g} s"
                ) from exc
            except OSError as exc:
                raise PrinterOffline(self.url, exc.strerror or str(exc)) from exc

    def status(self) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4; a printer that stays silent is a timeout."""
        if not self.ask_status:
            return PrinterStatus.UNKNOWN
        with self._connect() as sock:

            def exchange(query: bytes) -> bytes:
                try:
                    sock.sendall(query)
                    return sock.recv(1)
                except TimeoutError as exc:
                    raise PrinterTimeout(
                        self.url, f"no status reply within {self.timeout:g} s"
                    ) from exc
                except OSError as exc:
                    raise PrinterOffline(self.url, exc.strerror or str(exc)) from exc

            return st.ask(exchange)
