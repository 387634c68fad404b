"""Reader-facing words, one catalogue per language, and the small grammar they need.

    catalogues  `catalogue(language)` reads analysis/text/<language>.toml
    templates   `fill()` and `fill_plain()`: a template filled with values, plural forms
                for counts (`Count`), data escaped for Markdown
    formatting  one formatter each for counts, amounts, months, shares and lists, in the
                edition's language; a missing value is the edition's word for unknown
    labels      the words for tables, fields, formats and coded values (analysis/fields.py
                declares only their codes and rules)

Every function takes the language explicitly: nothing below the entry points guesses it.
"""

from .catalogues import (CURATOR_LANGUAGE, LANGUAGES, TEXT_DIR, catalogue, description_field,
                         title_field)
from .formatting import (format_amount, format_count, format_month, format_share, is_missing,
                         join, unknown)
from .templates import Count, Markdown, escape_markdown, fill, fill_plain, placeholders

__all__ = ["CURATOR_LANGUAGE", "LANGUAGES", "TEXT_DIR", "Count", "Markdown",
           "catalogue", "description_field", "escape_markdown", "fill",
           "fill_plain", "format_amount", "format_count", "format_month", "format_share",
           "is_missing", "join", "placeholders", "title_field", "unknown"]
