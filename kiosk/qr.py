"""QR codes for 'Take this home', made offline with segno."""

from __future__ import annotations

import io


def qr_png(url: str, scale: int = 10) -> bytes:
    """A PNG of the QR code for `url`, with the quiet zone scanners need."""
    import segno  # only when a patient asks: keeps it off the start-up path

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()
