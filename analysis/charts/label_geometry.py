"""Where a name drawn in the network lies, and what it would cover: boxes measured with the
charts' font, and the tests of a box against a dot, a line and another box."""

from __future__ import annotations

import math

from .font_metrics import text_width

LABEL_FONT_SIZE = 11
LINE_HEIGHT = 13  # px between the lines of a wrapped project name
Box = tuple[float, float, float, float]  # left, top, right, bottom in px, y downwards

FIRST_LINE = LABEL_FONT_SIZE * 1.25  # px from the top of a line's accents to its descenders


def label_box(x: float, y: float, text: str, weight: str, align: str, baseline: str) -> Box:
    """The box a label drawn at (x, y) px covers, measured with the font's advance widths.

    As Vega draws it: the baseline places the first line (its top, middle or bottom at y);
    further lines follow below, LINE_HEIGHT apart."""
    lines = text.split("\n")
    width = max(text_width(line, LABEL_FONT_SIZE, weight) for line in lines)
    left = {"left": x, "center": x - width / 2, "right": x - width}[align]
    top = {"top": y, "middle": y - FIRST_LINE / 2, "bottom": y - FIRST_LINE}[baseline]
    return left, top, left + width, top + FIRST_LINE + LINE_HEIGHT * (len(lines) - 1)


def anchor(y: float, text: str, baseline: str) -> float:
    """The y to draw a label at so that its whole block (not only its first line) sits at y:
    above (bottom), centred on (middle) or below (top) it."""
    extra = LINE_HEIGHT * text.count("\n")
    return {"top": y, "middle": y - extra / 2, "bottom": y - extra}[baseline]


def boxes_overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def box_hits_circle(box: Box, centre: tuple[float, float], radius: float) -> bool:
    nearest_x = min(max(centre[0], box[0]), box[2])
    nearest_y = min(max(centre[1], box[1]), box[3])
    return math.hypot(centre[0] - nearest_x, centre[1] - nearest_y) < radius


def box_hits_segment(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Whether the segment crosses or touches the box (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def segment_hits_circle(segment, centre: tuple[float, float], radius: float) -> bool:
    (x0, y0), (x1, y1) = segment
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((centre[0] - x0) * dx
                                                   + (centre[1] - y0) * dy) / length))
    return math.hypot(x0 + t * dx - centre[0], y0 + t * dy - centre[1]) < radius
