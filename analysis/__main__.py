"""Command line: `python -m analysis build` or `python -m analysis validate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dataset import DATA_DIR, DataValidationError, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="load and validate data/ only")
    validate.add_argument("--data", type=Path, default=DATA_DIR, help="data folder")
    build = commands.add_parser("build", help="validate, run notebooks, write figures, "
                                "Excel appendix and (with Quarto) the report")
    build.add_argument("--data", type=Path, default=DATA_DIR, help="data folder")
    build.add_argument("--output", type=Path, default=None, help="output folder (_output/)")
    build.add_argument("--figures", type=Path, default=None, help="figures folder (figures/)")
    build.add_argument("--no-quarto", action="store_true",
                       help="skip `quarto render` even when Quarto is installed (pre-render use)")
    commands.add_parser("post-render", help="Quarto's post-render step: remove the remote "
                        "scripts Quarto adds to the HTML report")
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            data = load_dataset(args.data)
            print(f"data/ is valid: {len(data.projects)} projects, {len(data.organisations)} "
                  f"organisations, {len(data.participations)} participations "
                  f"(data version {data.data_version})")
            return 0
        if args.command == "post-render":
            from .render import quarto_output_files, tidy_rendered_html
            tidy_rendered_html(quarto_output_files())
            return 0
        from .build import run_build
        from .build import FIGURES_DIR
        return run_build(data_dir=args.data, output_dir=args.output, quarto=not args.no_quarto,
                         figures_dir=args.figures or FIGURES_DIR)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
