"""Peer Support Hub: turns stories and events into pages, feeds and calendars.

The core modules (model, load, validate, publish, schedule, render, feeds, editorial)
import nothing from MkDocs; ``plugin`` and ``cli`` are the thin edges that do.
"""

from __future__ import annotations

__version__ = "0.1.0"
