"""The width and height of a picture, read from its first bytes (PNG, GIF, JPEG, WebP).

Pages give ``<img>`` its ``width`` and ``height`` so the browser keeps room for a story's
picture before it arrives and the text does not jump (Lighthouse: cumulative layout
shift). Only the header is read, at most :data:`HEAD_BYTES` of it; an unknown or broken
file gives ``None`` and the page leaves the size to the browser.
"""

from __future__ import annotations

import struct
from pathlib import Path

HEAD_BYTES = 64 * 1024
"""JPEG keeps its size after any metadata; this much is read at most."""


def image_size(path: Path) -> tuple[int, int] | None:
    """``(width, height)`` in pixels, or ``None`` when the file is missing or not known."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError:
        return None
    size = _png(head) or _gif(head) or _webp(head) or _jpeg(head)
    return size if size and size[0] > 0 and size[1] > 0 else None


def _png(head: bytes) -> tuple[int, int] | None:
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    return None


def _gif(head: bytes) -> tuple[int, int] | None:
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return int(width), int(height)
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP" or len(head) < 30:
        return None
    kind = head[12:16]
    if kind == b"VP8X":
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    if kind == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if kind == b"VP8L" and head[20:21] == b"\x2f":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
"""JPEG start-of-frame markers, which carry the size."""


def _jpeg(head: bytes) -> tuple[int, int] | None:
    if head[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 9 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # padding
            at += 1
            continue
        length = int.from_bytes(head[at + 2 : at + 4], "big")
        if marker in _SOF:
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return int(width), int(height)
        if length < 2:
            return None
        at += 2 + length
    return None
