"""A printer on a serial line (or any pyserial URL such as loop:// or socket://), with timeouts."""

from __future__ import annotations

import serial

from . import status as st
from .errors import PrinterOffline, PrinterStatus, PrinterTimeout


class SerialTransport:
    """ESC/POS over pyserial; the port is opened per job so an unplugged adapter recovers."""

    def __init__(
        self, url: str, port: str, *, baudrate: int, timeout: float, ask_status: bool = True
    ) -> None:
        self.url = url
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self.ask_status = ask_status

    def _open(self) -> serial.SerialBase:
        try:
            return serial.serial_for_url(
                self.port,
                baudrate=self.baudrate,
                timeout=self.timeout,
                write_timeout=self.timeout,
            )
        except (serial.SerialException, ValueError) as exc:
            raise PrinterOffline(self.url, str(exc)) from exc

    def send(self, data: bytes) -> None:
        """Write all bytes within the timeout (no tcdrain: it has no timeout of its own)."""
        port = self._open()
        try:
            port.write(data)
        except serial.SerialTimeoutException as exc:
            raise PrinterTimeout(self.url, f"printer took no data for {self.timeout:g} s") from exc
        except serial.SerialException as exc:
            raise PrinterOffline(self.url, str(exc)) from exc
        finally:
            port.close()

    def status(self) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4; silence within the timeout is a `PrinterTimeout`."""
        if not self.ask_status:
            return PrinterStatus.UNKNOWN
        port = self._open()

        def exchange(query: bytes) -> bytes:
            try:
                port.write(query)
                reply = bytes(port.read(1))
            except serial.SerialTimeoutException as exc:
                raise PrinterTimeout(self.url, "status query not taken in time") from exc
            except serial.SerialException as exc:
                raise PrinterOffline(self.url, str(exc)) from exc
            if not reply:
                raise PrinterTimeout(self.url, f"no status reply within {self.timeout:g} s")
            return reply

        try:
            port.reset_input_buffer()  # stale bytes would be read as the reply
            return st.ask(exchange)
        finally:
            port.close()
