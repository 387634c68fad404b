"""How fast each candidate writes one sheet of plain cells, beside this machine's floor.

The floor is the sheet's XML generated in Python (inline strings, no styles) and deflated into
a zip, the least any writer must do. Each writer writes the same rows (a text column, a
reference number, two amounts, a month, dates and short texts, as the appendix's Projects sheet
holds) into a fresh .xlsx; the table gives seconds, cells per second and the multiple of the
floor, measured one after another in one run (the machines are shared: compare ratios).

    python benchmarks/xlsx_writers.py [--rows 40000] [--columns 15]

"ours" is the appendix's own writer (analysis.appendix: openpyxl writes the package, the rows
are streamed in as sheet XML built a column at a time), with a Table, header and print setup.
Writers not installed are listed as such (XlsxWriter, PyExcelerate and rustpy-xlsxwriter are
not project requirements; install them to compare).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rows(count: int, columns: int) -> list[list]:
    made = []
    for i in range(count):
        row = [f"Project {i} on collaboration in Region {i % 21}", f"2019-{i % 99999:05d}",
               100_000 + i * 7, 2_000_000 + i * 3, f"20{10 + i % 15}-{1 + i % 12:02d}"]
        row += [f"text {i % 97} {j}" if j % 2 else i * j for j in range(columns - len(row))]
        made.append(row[:columns])
    return made


def floor(data: list[list], path: Path) -> None:
    """Sheet XML by hand, inline strings, deflated: the cost of the bytes alone."""
    letters = [get_column_letter(i + 1) for i in range(len(data[0]))]
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
             '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for number, row in enumerate(data, start=1):
        cells = []
        for letter, value in zip(letters, row):
            if isinstance(value, str):
                cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t>{escape(value)}'
                             f'</t></is></c>')
            else:
                cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    parts.append("</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "".join(parts))


def openpyxl_write_only(data: list[list], path: Path) -> None:
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projects")
    for row in data:
        sheet.append(row)
    workbook.save(path)


def xlsxwriter_constant_memory(data: list[list], path: Path) -> None:
    import xlsxwriter
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("Projects")
    for number, row in enumerate(data):
        sheet.write_row(number, 0, row)
    workbook.close()


def pyexcelerate(data: list[list], path: Path) -> None:
    from pyexcelerate import Workbook
    workbook = Workbook()
    workbook.new_sheet("Projects", data=data)
    workbook.save(str(path))


def rustpy_xlsxwriter(data: list[list], path: Path) -> None:
    import rustpy_xlsxwriter as writer
    header = [f"c{i}" for i in range(len(data[0]))]
    records = [dict(zip(header, row)) for row in data]
    writer.write_worksheet(records, str(path), sheet_name="Projects")


def ours(data: list[list], path: Path) -> None:
    """The appendix's writer: openpyxl writes the package, the rows are streamed in."""
    import io

    import pandas as pd
    from openpyxl import Workbook

    from analysis.appendix.cells import Cleaner, workbook_styles, write_table_sheet
    from analysis.appendix.columns import Column
    from analysis.appendix.package import write_package
    from analysis.appendix.sheets import SheetSpec
    columns = [Column(f"c{i}", f"c{i}", "", "integer" if isinstance(value, int) else "string")
               for i, value in enumerate(data[0])]
    frame = pd.DataFrame(data, columns=[c.name for c in columns])
    workbook = Workbook(write_only=True)
    styles = workbook_styles(workbook)
    sheet = write_table_sheet(workbook, SheetSpec("Projects", "", columns, lambda d: frame),
                              frame, Cleaner(), 1, "", styles)
    skeleton = io.BytesIO()
    workbook.save(skeleton)
    write_package(skeleton.getvalue(), [sheet], path)


WRITERS = [("floor: sheet XML by hand, deflated", None, floor),
           ("openpyxl, write-only", "openpyxl", openpyxl_write_only),
           ("XlsxWriter, constant memory", "xlsxwriter", xlsxwriter_constant_memory),
           ("PyExcelerate", "pyexcelerate", pyexcelerate),
           ("rustpy-xlsxwriter", "rustpy_xlsxwriter", rustpy_xlsxwriter),
           ("ours: openpyxl's package, rows streamed in (analysis.appendix)", None, ours)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--columns", type=int, default=15)
    args = parser.parse_args()
    data = rows(args.rows, args.columns)
    cells = args.rows * args.columns
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for label, module, write in WRITERS:
            if module and importlib.util.find_spec(module) is None:
                results.append((label, None))
                continue
            path = Path(folder) / f"{len(results)}.xlsx"
            began, cpu = time.perf_counter(), time.process_time()
            try:
                write(data, path)
            except Exception as error:  # a writer's API may differ by version: say so, go on
                results.append((label, f"failed: {type(error).__name__}: {error}"[:80]))
                continue
            results.append((label, (time.process_time() - cpu, time.perf_counter() - began)))
    base = results[0][1][0]
    print(f"{cells:,} cells ({args.rows:,} rows × {args.columns} columns); CPU seconds (wall "
          f"in brackets: on a shared machine CPU time is the fairer measure)\n"
          .replace(",", " "))
    print("| writer | CPU s (wall) | cells/s | × floor |\n|---|---:|---:|---:|")
    for label, seconds in results:
        if seconds is None:
            print(f"| {label} | not installed | | |")
        elif isinstance(seconds, str):
            print(f"| {label} | {seconds} | | |")
        else:
            cpu, wall = seconds
            rate = f"{cells / cpu:,.0f}".replace(",", " ")
            print(f"| {label} | {cpu:.2f} ({wall:.1f}) | {rate} | {cpu / base:.1f} |")


if __name__ == "__main__":
    main()
