"""python -m analysis: validate the curated data, build the report, tidy Quarto's HTML.

  validate      check the data folder and say what is wrong, file, record, field and value
  build         validate, run the notebooks, write figures and the Excel appendix, then (when
                Quarto is installed) render report.html and report.pdf
  import        add records to the data folder: `import vinnova EXPORT.json` (Vinnova's open
                data; by default the projects coordinated by public bodies, see
                `import vinnova --help`), `import page FILE.txt` (a saved Vinnova project
                page, as draft rows)
  post-render   Quarto's post-render step: remove the remote scripts Quarto adds to the HTML

Exit status: 0 done, 1 bad data or a failed step (earlier outputs are left as they were),
2 wrong usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Project folders from a module without pandas: --help must be fast.
from .paths import DATA_DIR as DEFAULT_DATA
from .paths import PROJECT_ROOT

DEFAULT_OUTPUT = PROJECT_ROOT / "_output"
DEFAULT_FIGURES = PROJECT_ROOT / "figures"
INTERRUPTED = 130


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data_help = f"folder with the curated CSV tables (default: {_relative(DEFAULT_DATA)})"
    validate = commands.add_parser(
        "validate", help="check the data folder only",
        description="Load and validate every table of the data folder; print one line per "
                    "problem (file, record, field, value) or a summary when all is well.")
    validate.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)
    build = commands.add_parser(
        "build", help="validate, run notebooks, write figures, appendix and the report",
        description="Validate the data, execute the notebooks, write the figures and the "
                    "Excel appendix and, with Quarto installed, render the report. Steps whose "
                    "inputs have not changed since the last build are reused. Everything is "
                    "staged first: a failed or interrupted build leaves earlier outputs as "
                    "they were.")
    build.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)
    build.add_argument("--output", type=Path, default=None,
                       help=f"output folder (default: {_relative(DEFAULT_OUTPUT)})")
    build.add_argument("--figures", type=Path, default=None,
                       help=f"folder for SVG and PNG figures (default: {_relative(DEFAULT_FIGURES)}"
                            "; with --output: OUTPUT/figures)")
    build.add_argument("--no-quarto", action="store_true",
                       help="do not run `quarto render` even when Quarto is installed (used by "
                            "Quarto's own pre-render step)")
    importing = commands.add_parser(
        "import", help="import Vinnova's open data, or read a saved Vinnova project page",
        description="Bring records into the data folder. Nothing is overwritten: records that "
                    "are curated projects are listed with their differences in conflicts.csv.")
    kinds = importing.add_subparsers(dest="kind", required=True, metavar="KIND")
    vinnova = kinds.add_parser(
        "vinnova", help="import an export of Vinnova's project API (JSON, CC0)",
        description="Keep the export unchanged under DATA/exports/ and map its records to "
                    "projects, organisations and participations, each fact cited by record "
                    "and field. Importing a newer export replaces the earlier import.")
    vinnova.add_argument("export", type=Path, help="the export: one JSON list of records")
    vinnova.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)
    vinnova.add_argument("--retrieved", default=None, metavar="YYYY-MM-DD",
                         help="the day the export was downloaded (default: the file's date)")
    scope = vinnova.add_argument_group(
        "scope", "Which records make the portfolio. By default the report's scope: projects "
                 "coordinated by public bodies (municipalities, regions, county administrative "
                 "boards, state agencies, associations of local authorities, other public "
                 "bodies), of every programme, call and start month. What is left out, and "
                 "why, is counted in the summary and in DATA/import_scope.csv.")
    scope.add_argument("--coordinator-kind", default="public", metavar="KIND,…|public|all",
                       help="kinds of coordinator to keep, comma-separated, as in "
                            "organisations.csv's type (e.g. municipality,region,'university "
                            "or college'); 'public' for the public bodies (default), 'all' "
                            "for every kind, 'not classified' included")
    scope.add_argument("--programme", default="all", metavar="NUMBER,…|all",
                       help="programmes to keep, by reference number (DiarienummerProgram)")
    scope.add_argument("--call", default="all", metavar="NUMBER,…|all",
                       help="calls to keep, by reference number (DiarienummerUtlysning)")
    scope.add_argument("--started-from", default=None, metavar="YYYY-MM",
                       help="keep projects that started in this month or later")
    scope.add_argument("--started-to", default=None, metavar="YYYY-MM",
                       help="keep projects that started in this month or earlier")
    page = kinds.add_parser(
        "page", help="read a saved Vinnova project page (text) into draft rows",
        description="Read the page's template (title, reference number, coordinator, grant, "
                    "duration, status, venture and call; Swedish or English) and print draft "
                    "rows for projects.csv, participations.csv and provenance.csv, with line "
                    "numbers. A curator checks them, adds the summary and places, and pastes "
                    "them into data/.")
    page.add_argument("file", type=Path, help="the page saved as text, one line per line")
    page.add_argument("--source-id", default=None,
                      help="the page's source_id in sources.csv (default: from the file name)")
    page.add_argument("--data", type=Path, default=DEFAULT_DATA, help=data_help)
    commands.add_parser("post-render", help="remove the remote scripts Quarto adds to the HTML",
                        description="Quarto's post-render step: remove the require.js and "
                                    "jQuery script tags Quarto adds from a CDN.")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted; the previous outputs are unchanged", file=sys.stderr)
        return INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    from .dataset import DataValidationError, load_dataset

    if args.command == "post-render":
        from .build.quarto import quarto_output_files, tidy_rendered_html
        tidy_rendered_html(quarto_output_files())
        return 0
    if args.command == "validate":
        from .data_lock import DataFolderBusy, data_folder_lock
        try:
            with data_folder_lock(args.data, write=False, doing="validation"):
                data = load_dataset(args.data)
        except DataFolderBusy as error:
            print(f"Validation refused: {error}.", file=sys.stderr)
            return 1
        except DataValidationError as error:
            print(error, file=sys.stderr)
            return 1
        counts = ", ".join(_count(len(frame), *words) for frame, words in (
            (data.projects, ("project or initiative", "projects and initiatives")),
            (data.organisations, ("organisation", "organisations")),
            (data.participations, ("participation", "participations"))))
        print(f"{data.data_dir} is valid: {counts} (data version {data.data_version})")
        return 0
    if args.command == "import":
        return _import(args)
    from .build.command import run_build
    from .editions import Edition
    try:
        # Quarto's pre-render step says which edition it renders through QUARTO_PROFILE.
        edition = Edition.from_environment()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    figures = args.figures or (args.output / "figures" if args.output else DEFAULT_FIGURES)
    return run_build(data_dir=args.data, output_dir=args.output, quarto=not args.no_quarto,
                     figures_dir=figures, edition=edition)


def _import(args: argparse.Namespace) -> int:
    from .dataset import DataValidationError
    from .importers import ExportError, import_vinnova, read_page

    if args.kind == "page":
        try:
            print(read_page(args.file, args.data, args.source_id).as_csv(), end="")
        except (OSError, ValueError) as error:
            print(f"{args.file}: {error}", file=sys.stderr)
            return 1
        return 0
    try:
        scope = _scope(args)
    except ValueError as error:
        print(f"python -m analysis import vinnova: {error}", file=sys.stderr)
        return 2
    try:
        summary = import_vinnova(args.export, args.data, args.retrieved, scope)
    except ExportError as error:
        print(error, file=sys.stderr)
        return 1
    except DataValidationError as error:
        print(f"{args.export} was not imported; {_relative(args.data)} is unchanged. With it, "
              f"{str(error)[0].lower()}{str(error)[1:]}", file=sys.stderr)
        return 1
    print(f"imported {_relative(args.export)} into {_relative(args.data)}:")
    for line in summary.lines() + summary.scope.lines():
        print(f"  {line}")
    return 0


def _scope(args: argparse.Namespace):
    """The scope the options choose; ValueError naming the option and value otherwise."""
    from .importers.scope import Scope, kinds_option, list_option, month_option

    started_from = args.started_from and month_option("--started-from", args.started_from)
    started_to = args.started_to and month_option("--started-to", args.started_to)
    if started_from and started_to and started_to < started_from:
        raise ValueError(f"--started-to {started_to} is before --started-from {started_from}")
    return Scope(coordinator_kinds=kinds_option(args.coordinator_kind),
                 programmes=list_option("--programme", args.programme),
                 calls=list_option("--call", args.call),
                 started_from=started_from, started_to=started_to)


if __name__ == "__main__":
    sys.exit(main())
