"""Advance widths of DejaVu Sans (the charts' font), in ems, to estimate how wide a drawn label
is: read once from the fonts' hmtx tables (fonts-dejavu-core: DejaVuSans.ttf and
DejaVuSans-Bold.ttf) for printable ASCII, the letters of Swedish and its neighbours, dashes and
spaces. A character not listed counts as 1 em, wider than any listed letter, so that an estimate
never comes out short."""

from __future__ import annotations

_CHARS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFG"
          "HIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmno"
          "pqrstuvwxyz{|}~\u00e5\u00e4\u00f6\u00c5\u00c4\u00d6\u00e9\u00c9\u00e8\u00fc\u00dc\u00f8\u00d8\u00e6\u00c6\u2013\u2014\u2026\u00b7\u2019\u201c\u201d\u00a0\u202f")
_NORMAL_EMS = (0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838,
    0.318, 0.361, 0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636,
    0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1, 0.684, 0.686, 0.698,
    0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
    0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39,
    0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635,
    0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521,
    0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838, 0.613,
    0.613, 0.612, 0.684, 0.684, 0.787, 0.615, 0.632, 0.615, 0.634, 0.732, 0.612, 0.787,
    0.982, 0.974, 0.5, 1, 1, 0.318, 0.318, 0.518, 0.518, 0.318, 0.2)
_BOLD_EMS = (0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838,
    0.38, 0.415, 0.38, 0.365, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696,
    0.696, 0.696, 0.4, 0.4, 0.838, 0.838, 0.838, 0.58, 1, 0.774, 0.762, 0.734,
    0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637, 0.995, 0.837, 0.85,
    0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725, 0.457,
    0.365, 0.457, 0.838, 0.5, 0.5, 0.675, 0.716, 0.593, 0.716, 0.678, 0.435, 0.716,
    0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687, 0.716, 0.716, 0.493, 0.595,
    0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582, 0.712, 0.365, 0.712, 0.838, 0.675,
    0.675, 0.687, 0.774, 0.774, 0.85, 0.678, 0.683, 0.678, 0.712, 0.812, 0.687, 0.85,
    1.048, 1.085, 0.5, 1, 1, 0.38, 0.38, 0.657, 0.657, 0.348, 0.2)

WIDTHS = {"normal": dict(zip(_CHARS, _NORMAL_EMS, strict=True)),
          "bold": dict(zip(_CHARS, _BOLD_EMS, strict=True))}
UNLISTED_EMS = 1.0


def text_width(text: str, font_size: float, weight: str = "normal") -> float:
    """Width in px of one line of `text` drawn at `font_size` px."""
    widths = WIDTHS[weight]
    return sum(widths.get(char, UNLISTED_EMS) for char in text) * font_size
