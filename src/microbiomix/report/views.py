"""The report's two views. A module of its own so the command line can offer them without
importing the document model and renderers (the report package loads those on first use)."""

from __future__ import annotations

from typing import Literal

View = Literal["practitioner", "client"]
VIEWS: tuple[View, ...] = ("practitioner", "client")
