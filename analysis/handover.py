"""The hand-over of a validated dataset from the build to the notebooks' kernels.

The build validates data/ once and writes the result into a folder, each table in a file of
its own; each kernel it starts finds the folder through an environment variable and uses it
instead of validating again, but only while the data folder is the same and its content
unchanged. A kernel reads a table from the hand-over the first time it uses it: a notebook
about durations never holds the provenance table. Beside it the build hands over the metrics
it has computed (the dataset's memo, metrics/memo.py), so that no kernel computes them again,
each read when first used too; they are used only with the data version they were computed
from.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path
from typing import Callable

VALIDATED_DATA_ENV = "ANALYSIS_VALIDATED_DATA"
VALIDATED_METRICS_ENV = "ANALYSIS_VALIDATED_METRICS"
# A folder the build shares with its kernels: a chart's PNG is drawn once, by the kernel that
# shows it, and the figure files take it from there (render.chart_png).
PNG_CACHE_ENV = "ANALYSIS_PNG_CACHE"
_ABOUT = "dataset.pickle"  # in the hand-over folder: the dataset's class, version and folder


def table_names(data) -> list[str]:
    """The dataset's tables: its fields that are neither its version nor its folder."""
    return [field.name for field in dataclasses.fields(data)
            if field.init and field.name not in ("data_version", "data_dir")]


def save_validated(data, folder: Path) -> Path:
    """Write a validated Dataset into a folder under `folder`, one file per table; the build
    puts its path in VALIDATED_DATA_ENV."""
    path = folder / f"validated-{data.data_version}"
    path.mkdir(parents=True, exist_ok=True)
    names = table_names(data)
    for name in names:
        (path / f"{name}.pickle").write_bytes(
            pickle.dumps(getattr(data, name), protocol=pickle.HIGHEST_PROTOCOL))
    about = {"class": type(data), "data_version": data.data_version,
             "data_dir": data.data_dir, "tables": names}
    (path / _ABOUT).write_bytes(pickle.dumps(about, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def save_metrics(data, folder: Path) -> Path:
    """Write the metrics computed so far from a validated Dataset (its memo) into a folder
    under `folder`, each in a file of its own, with its data version; the build puts the
    path in VALIDATED_METRICS_ENV."""
    path = folder / f"metrics-{data.data_version}"
    path.mkdir(parents=True, exist_ok=True)
    memo = dict(data.memo)  # one copy at once: another thread may be adding to it
    files = {}
    for number, (key, value) in enumerate(memo.items()):
        files[key] = f"{number}.pickle"
        (path / files[key]).write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    (path / _ABOUT).write_bytes(pickle.dumps((data.data_version, files),
                                             protocol=pickle.HIGHEST_PROTOCOL))
    return path


def load_validated(data_dir: Path, data_version: Callable[[Path], str]):
    """The Dataset handed over for data_dir, if there is one and data_dir's content still has
    its data_version; else None. Its tables are read from the hand-over when first used."""
    path = os.environ.get(VALIDATED_DATA_ENV)
    if not path or not (Path(path) / _ABOUT).is_file():
        return None
    about = pickle.loads((Path(path) / _ABOUT).read_bytes())
    same = about["data_dir"] == data_dir and about["data_version"] == data_version(data_dir)
    if not same:
        return None
    return _reading_when_used(about["class"], about["data_version"], about["data_dir"],
                              _metrics_for(about["data_version"]), Path(path), about["tables"])


def read_when_used(data, path: Path):
    """`data`, saved at `path` (save_validated), as a dataset that reads each table from
    there when first used and shares `data`'s memo: the build's own once it has handed the
    tables over, so that it holds only those its remaining steps use."""
    return _reading_when_used(type(data), data.data_version, data.data_dir, data.memo, path,
                              table_names(data))


def _reading_when_used(cls: type, data_version: str, data_dir, memo, path: Path,
                       tables) -> object:
    """A dataset of class `cls` whose tables, saved at `path`, are read when first used."""
    data = _handed_over_class(cls).__new__(_handed_over_class(cls))
    for name, value in (("data_version", data_version), ("data_dir", data_dir),
                        ("memo", memo), ("_handover", path), ("_unread", frozenset(tables))):
        object.__setattr__(data, name, value)
    return data


def read_metrics_when_used(data, path: Path) -> None:
    """Swap `data`'s memo for one that reads each metric saved at `path` (save_metrics) when
    first used again: the build's own process then holds only the metrics its remaining
    steps use."""
    saved = _saved_metrics(path, data.data_version)
    if saved is not None:
        object.__setattr__(data, "memo", saved)


def computed_here(data) -> list:
    """The metrics a handed-over dataset has computed itself (memo keys), in order: none
    when the build handed over all that its user needs."""
    memo = getattr(data, "memo", None)
    return list(memo.computed_here) if isinstance(memo, HandedOverMemo) else []


def tables_read(data) -> set[str]:
    """The tables a handed-over dataset has read so far (every table of any other one)."""
    return {name for name in table_names(data) if name in vars(data)}


class _ReadWhenUsed:
    """A handed-over dataset (mixed into its class, which stays a Dataset with the same
    fields and API): a table not yet read is read from the hand-over folder when first used.
    Copied or pickled, it is a plain dataset holding every table."""

    def __getattr__(self, name: str):
        # Only called for what the instance does not hold yet.
        if name in self.__dict__.get("_unread", ()):
            table = pickle.loads((self.__dict__["_handover"] / f"{name}.pickle").read_bytes())
            object.__setattr__(self, name, table)
            return table
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __reduce__(self):
        plain = type(self).__mro__[2]  # the dataset class it was made from
        return _plain, (plain, {name: getattr(self, name) for name in
                                (*table_names(self), "data_version", "data_dir")},
                        dict(self.memo.items()))


def _plain(cls, values: dict, memo: dict):
    data = cls(**values)
    data.memo.update(memo)
    return data


_CLASSES: dict[type, type] = {}


def _handed_over_class(cls: type) -> type:
    if cls not in _CLASSES:
        _CLASSES[cls] = type(cls.__name__, (_ReadWhenUsed, cls),
                             {"__qualname__": cls.__qualname__, "__module__": __name__})
    return _CLASSES[cls]


class HandedOverMemo(dict):
    """A dataset's memo (metrics/memo.py) holding the metrics handed over: each is read from
    the hand-over when first used, so that a kernel holds only those it uses. It remembers
    what it computed itself (`computed_here`)."""

    def __init__(self, folder: Path, files: dict):
        super().__init__()
        self._folder, self._files = folder, files
        self.computed_here: list = []

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self._files

    def __missing__(self, key):
        if key not in self._files:
            raise KeyError(key)
        value = pickle.loads((self._folder / self._files[key]).read_bytes())
        dict.__setitem__(self, key, value)
        return value

    def __setitem__(self, key, value) -> None:
        if key not in self:
            self.computed_here.append(key)
        dict.__setitem__(self, key, value)

    def keys(self):
        return set(self._files) | set(dict.keys(self))

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def items(self):
        return [(key, self[key]) for key in self.keys()]

    def values(self):
        return [self[key] for key in self.keys()]

    def __eq__(self, other) -> bool:
        return dict(self.items()) == other

    __hash__ = None  # type: ignore[assignment]


def _metrics_for(version: str) -> dict:
    """The metrics handed over beside the data, if they were computed from `version`."""
    path = os.environ.get(VALIDATED_METRICS_ENV)
    if not path or not (Path(path) / _ABOUT).is_file():
        return HandedOverMemo(Path("."), {})
    saved = _saved_metrics(Path(path), version)
    return HandedOverMemo(Path(path), {}) if saved is None else saved


def _saved_metrics(path: Path, version: str) -> HandedOverMemo | None:
    """The metrics saved at `path` (save_metrics), each read when first used, if they were
    computed from `version`; else None."""
    computed_from, files = pickle.loads((path / _ABOUT).read_bytes())
    return HandedOverMemo(path, files) if computed_from == version else None
