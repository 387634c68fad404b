"""The workbook file: openpyxl's package (styles, the About sheet, defined names, print setup,
Tables, each table sheet's header row) with each table sheet's rows streamed in after its
header, and its links after its rows.

openpyxl writes the package to memory; each part is copied into the file, and a table sheet's
part is copied up to the end of its header row's <sheetData>, then its rows, then its
<hyperlinks>, then the rest of openpyxl's part (print setup, Table). Nothing else of
openpyxl's output is changed.

The streamed rows are deflated by ISA-L (python-isal) instead of zlib: the same format, about
a fifth of the CPU at the same size (370 MB of sheet XML: zlib 2.25 s, 38.6 MB; ISA-L 0.46 s,
38.1 MB; benchmarks/excel_appendix.py).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from isal import isal_zlib

from .cells import StreamedSheet

SHEET_DATA_END = b"</sheetData>"
# Parts of a worksheet that would come between its rows and its links: the table sheets
# have none of them, so the links can follow the rows.
BETWEEN = (b"<sheetCalcPr", b"<sheetProtection", b"<protectedRanges", b"<scenarios",
           b"<autoFilter", b"<sortState", b"<dataConsolidate", b"<customSheetViews",
           b"<mergeCells", b"<phoneticPr", b"<conditionalFormatting", b"<dataValidations",
           b"<hyperlinks")
COMPRESSION = 1  # zlib's fastest: the rows are repetitive, the file barely grows
FAST_COMPRESSION = 1  # ISA-L's level 1: as small as zlib's level 1 on sheet XML


def deflate_fast(stream) -> bool:
    """Have a member just opened for writing (`ZipFile.open(name, "w")`, nothing written yet)
    deflate with ISA-L. zipfile has no public way to choose its compressor, so its
    writer's compressor is swapped before the first byte; where a Python's zipfile no longer
    has one, zlib stays (False), slower but the same file."""
    if getattr(stream, "_compressor", None) is None or getattr(stream, "_file_size", 1):
        return False
    stream._compressor = isal_zlib.compressobj(FAST_COMPRESSION, isal_zlib.DEFLATED, -15)
    return True


def write_package(skeleton: bytes, sheets: list[StreamedSheet], target: Path) -> None:
    """`skeleton` (openpyxl's .xlsx) with the rows of `sheets` streamed in, as `target`."""
    streamed = {sheet.path: sheet for sheet in sheets}
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                            compresslevel=COMPRESSION) as package:
        for info in source.infolist():
            part = source.read(info.filename)
            sheet = streamed.get(info.filename)
            if sheet is None:
                package.writestr(info.filename, part)
                continue
            head, found, tail = part.partition(SHEET_DATA_END)
            if not found or any(marker in tail.split(b"<printOptions")[0]
                                for marker in BETWEEN):
                raise ValueError(f"unexpected worksheet layout in {info.filename}")
            with package.open(info.filename, "w", force_zip64=True) as stream:
                deflate_fast(stream)
                stream.write(head)
                links = []
                for rows, hyperlinks in sheet.chunks():
                    stream.write(rows)
                    if hyperlinks:
                        links.append(bytes(hyperlinks))
                stream.write(found)
                if links:
                    stream.write(b"<hyperlinks>")
                    for chunk in links:
                        stream.write(chunk)
                    stream.write(b"</hyperlinks>")
                stream.write(tail)
