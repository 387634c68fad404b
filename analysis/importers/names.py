"""Names and titles as stored and as compared: the one normalisation every importer uses.

A name a source writes may differ from the same name elsewhere only in what a reader does not
see: Unicode form (a precomposed "å" or "a" and a combining ring), invisible characters, the
kind and number of spaces; when compared, case too.
"""

from __future__ import annotations

import unicodedata

# Characters a reader cannot see, which exports and copied text carry into names: the byte-order
# mark (also zero-width no-break space), zero-width space, non-joiner and joiner, word joiner
# and the soft hyphen. A name with one of them is the same name.
INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))


def clean_text(text: object) -> str:
    """A name or title as stored: Unicode NFC, invisible characters removed, every run of
    white space (non-breaking spaces and line breaks included) one space, no space at the ends."""
    text = unicodedata.normalize("NFC", str(text).translate(INVISIBLE))
    return " ".join(text.split())


def normalise_name(name: object) -> str:
    """Compare names as a reader would: case, spacing, invisible characters and Unicode form
    ignored."""
    return clean_text(name).casefold()
