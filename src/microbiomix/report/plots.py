"""Static inline SVG plots: no script, no network, the same in a browser, in print and in the PDF.

Each function returns :class:`markupsafe.Markup` holding one ``<svg>`` element; every piece of text
inside is escaped. Sizes are in SVG user units with a ``viewBox`` so the plots scale with the page.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from microbiomix.report.model import RankComposition

# Okabe & Ito (2008) colour-blind-safe palette, then two neutral tones for "other"/"unassigned".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#88CCEE", "#117733")
OTHER = "#B8BEC6"
UNASSIGNED = "#E6E8EB"
INK = "#1F2933"
MUTED = "#6B7785"


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _pct(x: float) -> str:
    return "<0.1%" if 0 < x < 0.1 else f"{x:.1f}%"


def _svg(width: float, height: float, body: str, label: str, pad: float = 0) -> Markup:
    """``pad``: room left and right of the drawing (user units) for marks that reach its edge."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{_num(-pad) if pad else 0} 0 {_num(width + 2 * pad)} {_num(height)}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="plot">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def composition_bar(comp: RankComposition, width: float = 640) -> Markup:
    """One stacked bar (the sample = 100%) with a legend of the listed taxa."""
    segments: list[tuple[str, float, str]] = [
        (t.name, t.percent, PALETTE[i % len(PALETTE)]) for i, t in enumerate(comp.taxa)
    ]
    if comp.other_percent > 0.005:
        segments.append((f"other {comp.rank} taxa", comp.other_percent, OTHER))
    if comp.unassigned_percent > 0.005:
        segments.append((f"not assigned at {comp.rank} level", comp.unassigned_percent, UNASSIGNED))
    bar_h, row_h = 26.0, 18.0
    parts = []
    x = 0.0
    for name, pct, colour in segments:
        w = width * pct / 100.0
        if w > 0:
            parts.append(
                f'<rect x="{_num(x)}" y="0" width="{_num(w)}" height="{_num(bar_h)}" '
                f'fill="{colour}"><title>{escape(name)}: {pct:.2f}%</title></rect>'
            )
        x += w
    columns = 2
    col_w = width / columns
    for i, (name, pct, colour) in enumerate(segments):
        cx = (i % columns) * col_w
        cy = bar_h + 12 + (i // columns) * row_h
        parts.append(
            f'<rect x="{_num(cx)}" y="{_num(cy)}" width="11" height="11" rx="2" fill="{colour}"/>'
            f'<text x="{_num(cx + 16)}" y="{_num(cy + 10)}" font-size="11" fill="{INK}">'
            f"{escape(name)} <tspan fill=\"{MUTED}\">{escape(_pct(pct))}</tspan></text>"
        )
    height = bar_h + 16 + math.ceil(len(segments) / columns) * row_h
    return _svg(width, height, "".join(parts), f"Composition at {comp.rank} level")


def percentile_gauge(percentile: float | None, label: str, width: float = 220) -> Markup:
    """A 0-100 scale shaded at the 10th, 25th, 75th and 90th percentiles, with the value marked."""
    h = 30.0
    y0, bar = 8.0, 10.0
    bands = ((0, 10, "#F3D9C9"), (10, 25, "#F6EBD9"), (25, 75, "#DCEFE4"),
             (75, 90, "#F6EBD9"), (90, 100, "#F3D9C9"))
    parts = [
        f'<rect x="{_num(width * a / 100)}" y="{_num(y0)}" width="{_num(width * (b - a) / 100)}" '
        f'height="{_num(bar)}" fill="{c}"/>'
        for a, b, c in bands
    ]
    for tick in (0, 25, 50, 75, 100):
        tx = width * tick / 100
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        parts.append(
            f'<text x="{_num(tx)}" y="{_num(h)}" font-size="8" fill="{MUTED}" '
            f'text-anchor="{anchor}">{tick}</text>'
        )
    if percentile is None:
        parts.append(
            f'<text x="{_num(width / 2)}" y="{_num(y0 + 8)}" font-size="9" fill="{MUTED}" '
            'text-anchor="middle">no reference</text>'
        )
        title = f"{label}: no healthy-reference percentile"
    else:
        p = min(max(percentile, 0.0), 100.0)
        px = width * p / 100
        parts.append(
            f'<path d="M{_num(px - 5)} {_num(y0 - 6)} L{_num(px + 5)} {_num(y0 - 6)} '
            f'L{_num(px)} {_num(y0 + 1)} Z" fill="{INK}"/>'
            f'<rect x="{_num(px - 1)}" y="{_num(y0)}" width="2" height="{_num(bar)}" fill="{INK}"/>'
        )
        title = f"{label}: percentile {percentile:.0f} of the healthy reference"
    # the value's triangle is 10 units wide: at 0 or 100 half of it lies outside the scale
    return _svg(width, h + 2, "".join(parts), title, pad=6)


def bar_panel(rows: Sequence[tuple[str, float | None, float | None]], unit: str = "%",
              percentiles: bool = True) -> Markup:
    """Horizontal bars, one per row (label, value, percentile); used for the guild panel.

    HTML rows rather than one SVG: a page can break between rows (one unbreakable figure moved
    whole to the next page and left half a page empty), long labels wrap as text does, and
    WeasyPrint has one inline SVG fewer to draw. Bar lengths are relative to the
    largest value. ``percentiles=False`` leaves out the ``P<n>`` labels (the client view explains
    no such code)."""
    values = [v for _, v, _ in rows if v is not None]
    top = max(values) if values else 1.0
    top = top if top > 0 else 1.0
    out = ['<div class="bars" role="figure" aria-label="Panel of abundances">']
    for label, value, pct in rows:
        if value is None:
            bar = '<span class="bar-value">not computed</span>'
        else:
            note = "" if pct is None or not percentiles else f" · P{pct:.0f}"
            # at least a sliver, so a zero still shows where the bar starts
            share = max(value / top * 100.0, 0.2)
            bar = (f'<span class="bar" style="width:{_num(share * 0.75)}%"></span>'
                   f'<span class="bar-value">{value:.3g}{escape(unit)}{escape(note)}</span>')
        out.append(f'<div class="bar-row"><span class="bar-label">{escape(label)}</span>'
                   f'<span class="bar-track">{bar}</span></div>')
    out.append("</div>")
    return Markup("".join(out))


def trend(values: Sequence[float | None], labels: Sequence[str], title: str,
          meaningful: bool | None, width: float = 220) -> Markup:
    """Values over the time points as a small line chart (missing values leave a gap).

    Narrow charts (``width`` <= 160, table sparklines) leave out the value labels, which the
    table beside them already shows and which would be too small to read."""
    labelled = width > 160
    h, pad_x, pad_y = (56.0, 10.0, 10.0) if labelled else (40.0, 8.0, 12.0)
    known = [v for v in values if v is not None]
    parts = []
    if len(values) < 2 or not known:
        return _svg(width, h, f'<text x="0" y="20" font-size="9" fill="{MUTED}">no trend</text>',
                    f"{title}: no trend")
    lo, hi = min(known), max(known)
    top, bottom = pad_y, h - (22.0 if labelled else pad_y)  # the plotting band (labels below)

    def pos(i: int, v: float) -> tuple[float, float]:
        x = pad_x + (width - 2 * pad_x) * i / (len(values) - 1)
        y = bottom - (v - lo) / (hi - lo) * (bottom - top) if hi > lo else (top + bottom) / 2
        return x, y

    colour = INK if meaningful is None else ("#D55E00" if meaningful else MUTED)
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    for (i1, v1), (i2, v2) in itertools.pairwise(points):
        if i2 == i1 + 1:
            (x1, y1), (x2, y2) = pos(i1, v1), pos(i2, v2)
            parts.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                         f'stroke="{colour}" stroke-width="2"/>')
    for i, v in points:
        x, y = pos(i, v)
        parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{colour}">'
                     f"<title>{escape(labels[i])}: {v:.4g}</title></circle>")
        if labelled:
            anchor = "start" if i == 0 else "end" if i == len(values) - 1 else "middle"
            parts.append(f'<text x="{_num(x)}" y="{_num(h - 2)}" font-size="8" fill="{MUTED}" '
                         f'text-anchor="{anchor}">{v:.3g}</text>')
    return _svg(width, h, "".join(parts), f"{title} over time")
