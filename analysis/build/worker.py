"""A build step in a process of its own, so that it runs on the other core: Python runs one
thread at a time per process, and a step written in Python (the Excel appendix) would
otherwise hold the build's process while the kernels, the notebook pages and the figures wait.

The process reads the data the build validated through the hand-over (as the kernels do)
and says what failed in one line on stderr; the build turns that into its one message.

    python -m analysis.build.worker appendix LANGUAGE PATH [LANGUAGE PATH …]  < build-info as JSON
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

from . import BuildError

WORKER_MODULE = "analysis.build.worker"
STOP_SECONDS = 10  # a stopped worker's time to tidy up before it is killed


async def run_in_process(name: str, arguments: list[str], info: dict,
                         environment: dict[str, str]) -> None:
    """Run `python -m analysis.build.worker ARGUMENTS` with the build's record on stdin;
    raise BuildError naming `name` with its one line if it fails. Cancelled (a failure
    elsewhere, Ctrl-C), it kills the process."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", WORKER_MODULE, *arguments, env=environment,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True)  # Ctrl-C reaches the build, which stops it
    try:
        _, errors = await process.communicate(json.dumps(info).encode("utf-8"))
    except BaseException:
        if process.returncode is None:
            try:  # Ctrl-C first: the worker removes its temporary files as it stops
                process.send_signal(signal.SIGINT)
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
            finally:
                if process.returncode is None:
                    process.kill()
        raise
    if process.returncode != 0:
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        raise BuildError(f"{name} failed: "
                         f"{lines[-1] if lines else f'exit status {process.returncode}'}")


def _appendix(*languages_and_paths: str) -> None:
    from .. import appendix
    from ..dataset import load_dataset
    info = json.loads(sys.stdin.read() or "{}")
    targets = list(zip(languages_and_paths[::2], map(Path, languages_and_paths[1::2])))
    appendix.write_appendices(load_dataset(), targets, info)


def main(argv: list[str]) -> int:
    kind, *arguments = argv
    try:
        {"appendix": _appendix}[kind](*arguments)
    except Exception as error:  # noqa: BLE001 — one line for the build's message
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # stopped by the build: it says why
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
