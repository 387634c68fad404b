"""A table sheet's rows as worksheet XML, a column at a time (pyarrow compute, no Python loop
per cell): the cost of a cell close to that of its bytes.

Each column becomes an array of cell elements — text as an inline string, made safe (no
formula: text that starts like one is a string with Excel's quote prefix style; XML's special
characters escaped; characters XML cannot hold were removed by the Cleaner), numbers and
months as numbers in their number format, unknown as no cell at all —; the cells of a row are
joined into its <row>, and the rows' bytes are handed on as they are, without a copy.
Links between sheets are <hyperlink> elements to a location, never formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Text starting with these could be read as a formula (CWE-1236) or an error value by Excel.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "#")
FORMULA_START = "^[=+\\-@\\t\\r#]"
WHITESPACE = " \t\n\r"
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")  # day 0 of Excel's 1900 date system


@dataclass(frozen=True)
class Styles:
    """Cell style ids in the workbook's style table (openpyxl writes the table)."""
    text: int = 0
    wrapped: int = 0
    quoted: int = 0  # text that starts like a formula: Excel keeps it text when edited
    quoted_wrapped: int = 0
    amount: int = 0
    month: int = 0
    link: int = 0


def text_buffer(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's UTF-8 bytes and each value's offsets in them (n + 1)."""
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32, count=len(array) + 1,
                            offset=array.offset * 4)
    data = array.buffers()[2]
    return (np.zeros(0, np.uint8) if data is None else np.frombuffer(data, np.uint8)), offsets


def raw_bytes(array: pa.Array) -> bytes:
    """All the array's text back to back: one search finds what no value has."""
    return bytes(joined_bytes(array))


def edge_bytes(array: pa.Array, characters: str, last: bool = False) -> np.ndarray:
    """Which values start (or end) with one of the ASCII `characters`."""
    data, offsets = text_buffer(array)
    starts, stops = offsets[:-1], offsets[1:]
    filled = stops > starts
    found = np.zeros(len(array), dtype=bool)
    at = (stops - 1 if last else starts)[filled]
    found[filled] = np.isin(data[at], np.frombuffer(characters.encode(), np.uint8))
    return found


def _replace(array: pa.Array, pairs: tuple[tuple[str, str], ...]) -> pa.Array:
    raw = raw_bytes(array)
    for old, new in pairs:
        if old.encode() in raw:
            array = pc.replace_substring(array, old, new)
    return array


TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
ATTRIBUTE_ESCAPES = TEXT_ESCAPES + (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))


def escape_text(array: pa.Array) -> pa.Array:
    """Text as XML element content (a carriage return kept as a character reference)."""
    return _replace(array, TEXT_ESCAPES)


def escape_attribute(array: pa.Array) -> pa.Array:
    return _replace(array, ATTRIBUTE_ESCAPES)


def as_text(values: pd.Series) -> pa.Array:
    """A column as an array of strings, missing as null."""
    try:
        array = pa.array(values, type=pa.string(), from_pandas=True)
        return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # numbers or other values: as text
        values = values.astype(object).where(values.notna(), None).map(
            lambda v: v if v is None or isinstance(v, str) else str(v))
        return pa.array(values, type=pa.string(), from_pandas=True)


def text_cells(letter: str, rows: pa.Array, text: pa.Array, styles: Styles,
               wrap: np.ndarray | None = None) -> pa.Array:
    """Inline-string cells; `text` is already cleaned. Text that starts like a formula gets
    the quote-prefix style; `wrap` marks the cells whose text wraps."""
    _, offsets = text_buffer(text)
    empty = (np.diff(offsets) == 0) & pc.is_valid(text).to_numpy(zero_copy_only=False)
    if empty.any():  # an empty text is no cell, as openpyxl writes it
        text = pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), text)
    quoted = edge_bytes(text, "".join(FORMULA_TRIGGERS))
    wrapped = np.zeros(len(text), dtype=bool) if wrap is None else wrap
    style = np.where(quoted, np.where(wrapped, styles.quoted_wrapped, styles.quoted),
                     np.where(wrapped, styles.wrapped, styles.text))
    if (style == style[0]).all() if len(style) else True:  # one style: one attribute
        style_attribute = f' s="{style[0]}"' if len(style) and style[0] else ""
    else:
        style_attribute = pc.if_else(pa.array(style == 0), "", pc.binary_join_element_wise(
            ' s="', pc.cast(pa.array(style), pa.string()), '"', ""))
    spaced = edge_bytes(text, WHITESPACE) | edge_bytes(text, WHITESPACE, last=True)
    opening = pc.if_else(pa.array(spaced), '<is><t xml:space="preserve">', "<is><t>") \
        if spaced.any() else "<is><t>"
    return pc.binary_join_element_wise(
        f'<c r="{letter}', rows, '"', style_attribute, ' t="inlineStr">', opening,
        escape_text(text), "</t></is></c>", "")


def number_cells(letter: str, rows: pa.Array, numbers: pa.Array, style: int) -> pa.Array:
    """Numeric cells; null numbers give no cell."""
    attribute = f' s="{style}"' if style else ""
    return pc.binary_join_element_wise(f'<c r="{letter}', rows, f'"{attribute}><v>',
                                       pc.cast(numbers, pa.string()), "</v></c>", "")


def integers(values: pd.Series) -> pa.Array:
    return pa.array(pd.array(values, dtype="Int64"), type=pa.int64())


def month_serials(values: pd.Series) -> pa.Array:
    """'2016-10' as the Excel serial of its first day (shown as yyyy-mm); missing as null."""
    text = values.astype(object).where(values.notna(), None)
    known = text.notna().to_numpy()
    days = np.zeros(len(text), dtype=np.int64)
    if known.any():
        months = np.array(text[known].astype(str).tolist(), dtype="datetime64[M]")
        days[known] = (months.astype("datetime64[D]") - EXCEL_EPOCH).astype(np.int64)
    return pa.array(days, mask=~known)


def rows_xml(row_numbers: np.ndarray, cells: list[pa.Array],
             heights: np.ndarray | None = None) -> pa.Array:
    """Each row's <row> element with its cells (null cells left out) and, for a row taller
    than one line, its height."""
    numbers = pc.cast(pa.array(row_numbers), pa.string())
    if heights is None:
        opening = pc.binary_join_element_wise('<row r="', numbers, '">', "")
    else:
        tall = heights > 0
        height = pa.array(np.where(tall, heights, 0).astype(np.int64)).cast(pa.string())
        opening = pc.if_else(
            pa.array(tall),
            pc.binary_join_element_wise('<row r="', numbers, '" ht="', height,
                                        '" customHeight="1">', ""),
            pc.binary_join_element_wise('<row r="', numbers, '">', ""))
    return pc.binary_join_element_wise(opening, *cells, "</row>", "", null_handling="skip")


def hyperlinks_xml(letter: str, rows: pa.Array, display: pa.Array,
                   locations: pa.Array) -> pa.Array:
    """<hyperlink> elements to a location in the workbook (null location: no link)."""
    return pc.binary_join_element_wise(
        f'<hyperlink ref="{letter}', rows, '" location="', escape_attribute(locations),
        '" display="', escape_attribute(display), '"/>', "")


def joined_bytes(array: pa.Array) -> memoryview:
    """The strings of an array back to back, as they lie in its buffer (nulls hold none)."""
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    if len(array) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32,
                            count=len(array) + 1, offset=array.offset * 4)
    return memoryview(array.buffers()[2])[int(offsets[0]):int(offsets[-1])]
