"""What every section of the prose shares: the data, its key numbers (analysis.metrics) and
the helpers that fill the catalogue's templates in one language."""

from __future__ import annotations

import pandas as pd

from .. import metrics
from ..dataset import Dataset
from ..fields import FUNDER_GRANT, TOTAL_BUDGET
from ..text import (Count, Markdown, catalogue, escape_markdown, fill, format_amount,
                    format_month, join, title_field)
from ..text.labels import table_name

# A sentence names at most this many items; the rest are counted, with where to find them.
MAX_NAMED = 5


class Writer:
    """Fills the catalogue's templates for one data set in one language."""

    def __init__(self, data: Dataset, build_info: dict, language: str):
        self.data, self.build_info, self.language = data, build_info, language
        self.words = catalogue(language)
        self.key = metrics.key_numbers(data)
        self.grants = metrics.amounts(data, FUNDER_GRANT)
        self.budgets = metrics.amounts(data, TOTAL_BUDGET)
        self.unknown_amount = metrics.amounts(data, None)
        self.title = title_field(language)
        self.titles = dict(zip(data.projects["project_id"], data.projects[self.title]))

    def count(self, number: int) -> Count:
        return Count(int(number), self.language)

    def text(self, key: str, **values) -> str:
        """The template at "section.name" of the catalogue, filled."""
        section, name = key.split(".")
        return fill(self.words[section][name], **values)

    def sek(self, amount) -> Markdown:
        return Markdown(format_amount(amount, self.language))

    def month(self, month) -> Markdown:
        return Markdown(format_month(month, self.language))

    def join(self, items) -> str:
        return join(items, self.language)

    def named(self, items, sheet: str, separator: str | None = None) -> Markdown:
        """Items (already Markdown) joined: all of a handful, 'A, B and C'; of more, the first
        MAX_NAMED and the rest counted with where they are: 'A, B, C, D, E and 1 093 more
        (appendix, sheet Organisations)'. `sheet` is a table's key (table_names); items whose
        text holds commas are joined by `separator` instead."""
        items = [str(item) for item in items]
        if len(items) > MAX_NAMED + 1:  # "and one more" would save no more than a name
            items = items[:MAX_NAMED] + [self.text("lists.more",
                                                   n=self.count(len(items) - MAX_NAMED),
                                                   sheet=table_name(sheet, self.language))]
        return Markdown(separator.join(items) if separator else self.join(items))

    def few(self, n: int) -> bool:
        """Whether `n` items are few enough for a sentence to name each one."""
        return n <= MAX_NAMED + 1

    def titles_of(self, frame: pd.DataFrame) -> Markdown:
        """The titles of a frame's projects in the edition, in italics: '*A*, *B* and *C*';
        of more than a handful, the first few and how many more (`named`)."""
        return self.named([f"*{escape_markdown(t)}*" for t in frame[self.title]], "projects")

    def items(self) -> Markdown:
        """'4 funded projects and 2 initiatives': every kind the data holds, in field order."""
        phrases = [fill(self.words["kinds"][kind], n=self.count(n))
                   for kind, n in metrics.kind_counts(self.data).items() if n]
        return Markdown(self.join(phrases))

    def period(self, key: str) -> Markdown:
        """The template at `key` filled with the first and the last month, if both known."""
        first, last = self.key["first_month"], self.key["last_month"]
        if pd.isna(first) or pd.isna(last):
            return Markdown("")
        return Markdown(self.text(key, first=self.month(first), last=self.month(last)))

    def origin(self, section: str) -> str:
        """'curated by hand from 5 public documents and imported from one export …'."""
        keys = {"summary": ("summary.from_documents", "summary.from_exports"),
                "data": ("data.origin_documents", "data.origin_exports")}[section]
        counts = (self.key["n_documents"], self.key["n_exports"])
        return self.join([self.text(key, n=self.count(count))
                          for key, count in zip(keys, counts) if count])

    def largest_network(self) -> dict:
        """The project with the most organisations (the first of equals) and their number."""
        largest = metrics.network_sizes(self.data).index[0]
        return {"largest_title": self.titles[largest],
                "largest_size": self.count(self.key["largest_network_size"])}
