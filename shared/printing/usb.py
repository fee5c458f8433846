"""A USB printer through python-escpos's `Usb` (needs pyusb and libusb), with timeouts."""

from __future__ import annotations

from typing import Any

from . import status as st
from .errors import PrinterOffline, PrinterStatus, PrinterTimeout


class UsbTransport:
    """ESC/POS over USB bulk endpoints; the device is found and released per job."""

    def __init__(
        self,
        url: str,
        vendor: int,
        product: int,
        *,
        timeout: float,
        in_ep: int = 0x82,
        out_ep: int = 0x01,
        ask_status: bool = True,
    ) -> None:
        self.url = url
        self.vendor = vendor
        self.product = product
        self.timeout = timeout
        self.in_ep = in_ep
        self.out_ep = out_ep
        self.ask_status = ask_status

    def _open(self) -> Any:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        if not Usb.is_usable():  # checked first: a half-made Usb raises again when collected
            raise PrinterOffline(self.url, "USB support needs pyusb and libusb installed")
        printer = Usb(
            self.vendor,
            self.product,
            timeout=int(self.timeout * 1000),
            in_ep=self.in_ep,
            out_ep=self.out_ep,
        )
        try:
            printer.open()
        except ValueError as exc:  # pyusb's NoBackendError: no libusb on this machine
            raise PrinterOffline(self.url, f"no USB backend (libusb): {exc}") from exc
        except DeviceNotFoundError as exc:
            raise PrinterOffline(self.url, "no such USB device (cable, power, VID:PID?)") from exc
        return printer

    def _io_error(self, exc: OSError) -> Exception:
        if type(exc).__name__ == "USBTimeoutError":
            return PrinterTimeout(self.url, f"no USB transfer within {self.timeout:g} s")
        return PrinterOffline(self.url, str(exc))

    def send(self, data: bytes) -> None:
        """Write all bytes to the OUT endpoint."""
        printer = self._open()
        try:
            printer._raw(data)
        except OSError as exc:  # usb.core.USBError is an OSError
            raise self._io_error(exc) from exc
        finally:
            printer.close()

    def status(self) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4 over the IN endpoint."""
        if not self.ask_status:
            return PrinterStatus.UNKNOWN
        printer = self._open()

        def exchange(query: bytes) -> bytes:
            try:
                printer._raw(query)
                return bytes(printer._read()[:1])
            except OSError as exc:
                raise self._io_error(exc) from exc

        try:
            return st.ask(exchange)
        finally:
            printer.close()
