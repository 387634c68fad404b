"""Time the Excel appendix for a synthetic portfolio (default 10 000 projects).

    python benchmarks/excel_appendix.py [--projects N] [--repeat 3] [--language sv]

Prints the best of the repeats, the number of cells and the file size. A benchmark, not a
test: nothing fails when it is slow.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import load_dataset  # noqa: E402
from analysis.appendix import sheets, write_appendix  # noqa: E402
from analysis.synthetic import write_synthetic_dataset  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--language", default="en", help="the edition's language (en, sv)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-excel-") as folder:
        data = load_dataset(write_synthetic_dataset(Path(folder) / "data", args.projects))
        cells = sum(len(sheet.frame(data)) * len(sheet.columns)
                    for sheet in sheets(args.language))
        target = Path(folder) / "appendix.xlsx"
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            write_appendix(data, target, {"build_date": "benchmark"}, language=args.language)
            times.append(time.perf_counter() - began)
        size = target.stat().st_size
    print(f"{args.projects:,} projects ({args.language}): appendix written in {min(times):.1f} s (best of "
          f"{args.repeat}); {cells:,} data cells ({cells / min(times):,.0f} cells/s); "
          f"{size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
