"""The text catalogues: every string in every language, the same placeholders, no stray words."""

import re

import pytest

from analysis import load_dataset
from analysis.fields import ORGANISATIONS, PARTICIPATIONS, PROJECTS, SOURCES
from analysis.prose import report_text
from analysis.text.labels import value_label
from analysis.text import LANGUAGES, catalogue, placeholders

# Words that belong to one edition's fixed vocabulary and must not appear in the other's text.
ENGLISH_WORDS = {"the", "and", "project", "projects", "grant", "grants", "funder", "county",
                 "counties", "municipality", "municipalities", "unknown", "months", "organisations",
                 "coordinator", "of", "initiative", "initiatives", "none"}
SWEDISH_WORDS = {"och", "projekt", "bidrag", "finansiär", "län", "kommun", "kommuner", "okänt",
                 "månader", "organisationer", "samordnare", "inga", "ingen", "initiativ"}


def flatten(entry, prefix=""):
    if isinstance(entry, dict):
        for key, value in entry.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, entry


# Coded values: English shows most codes themselves, so its [values] holds fewer entries.
VALUE_SECTIONS = ("values.",)


def entries(language: str) -> dict[str, object]:
    return {key: value for key, value in flatten(catalogue(language))
            if not key.startswith(VALUE_SECTIONS)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_and_table_has_words_in_every_language(language):
    """Labels and descriptions of every field, names and descriptions of every table, every
    format in words: in each catalogue (analysis/fields.py holds no words)."""
    from analysis.fields import PATTERN_NAMES, TABLES
    words = catalogue(language)
    assert set(words["table_names"]) == {spec.name for spec in TABLES}
    assert set(words["table_descriptions"]) == {spec.name for spec in TABLES}
    assert all(len(text) > 20 for text in words["table_descriptions"].values())
    assert set(words["field_formats"]) == set(PATTERN_NAMES.values())
    assert all(len(text) > 10 for text in words["field_formats"].values())
    for spec in TABLES:
        assert set(words["fields"][spec.name]) == {f.name for f in spec.fields}, spec.name
        for name, entry in words["fields"][spec.name].items():
            assert entry["label"] and len(entry["description"]) > 5, (spec.name, name)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_string_exists_in_every_language(language):
    english, other = entries("en"), entries(language)
    assert set(english) - set(other) == set(), f"missing in {language}"
    assert set(other) - set(english) == set(), f"only in {language}"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_templates_have_the_same_placeholders(language):
    english, other = entries("en"), entries(language)
    for key, template in english.items():
        if isinstance(template, str):
            assert placeholders(template) == placeholders(other[key]), key
            # Same cross-references, so no figure loses its mention in one edition.
            assert sorted(re.findall(r"@(?:fig|tbl|sec)-[\w-]+", template)) == \
                sorted(re.findall(r"@(?:fig|tbl|sec)-[\w-]+", other[key])), key


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_coded_value_has_a_label(language):
    for field_name, spec in (("kind", PROJECTS), ("amount_basis", PROJECTS),
                             ("role", PARTICIPATIONS), ("type", ORGANISATIONS)):
        for code in spec.field(field_name).allowed_values:
            assert code in catalogue(language)["values"][field_name], (field_name, code)
    for code in load_dataset().sources["kind"].unique():
        assert value_label("source_kind", code, language) != code
    assert SOURCES  # the sources' kinds are free text: checked on the real data above


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES
                                      if not catalogue(lang)["appendix"]["codes_as_written"]])
def test_every_code_the_appendix_shows_has_a_label(language):
    """The appendix shows every coded field in the reader's words (English shows the codes)."""
    from analysis.appendix.columns import NEUTRAL_CODES, VALUE_KEYS
    from analysis.fields import TABLES
    for spec in TABLES:
        for field in spec.fields:
            if not field.allowed or (spec.name, field.name) in NEUTRAL_CODES:
                continue
            if (spec.name, field.name) == ("provenance", "table"):
                assert set(field.allowed_values) <= set(catalogue(language)["table_names"])
                continue
            key = VALUE_KEYS.get((spec.name, field.name), field.name)
            missing = set(field.allowed_values) - set(catalogue(language)["values"].get(key, {}))
            assert not missing, (spec.name, field.name, missing)


def words_of(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`|\]\([^)]*\)|@(?:fig|tbl|sec)-[\w-]+", " ", text)
    return {word.lower() for word in re.findall(r"[A-Za-zÅÄÖåäöÉé]+", text)}


def test_appendix_words_hold_no_words_of_the_other_languages_vocabulary():
    """The Excel appendix's own words ([appendix]); names quoted from a website (Vinnova's
    "Sök finansierade projekt") are left aside."""
    def appendix_text(language):
        text = " ".join(str(v) for k, v in entries(language).items() if k.startswith("appendix."))
        return re.sub(r'"[^"]*"|”[^”]*”', " ", text)
    assert not words_of(appendix_text("en")) & SWEDISH_WORDS
    assert not words_of(appendix_text("sv")) & ENGLISH_WORDS


def test_editions_hold_no_words_of_the_other_languages_vocabulary():
    data = load_dataset()
    info = {"build_date": "2026-11-24", "provenance_check": {"checked": 1, "mismatches": 0}}
    english = " ".join(v.markdown for v in vars(report_text(data, info, "en")).values())
    swedish = " ".join(v.markdown for v in vars(report_text(data, info, "sv")).values())
    # Names from the data (titles, organisations, counties) are in their own language.
    names = set()
    for column in ("title", "title_en"):
        names |= {w for title in data.projects[column] for w in words_of(title)}
    for column in ("name", "county_name", "municipality_name"):
        names |= {w for name in data.organisations[column].dropna() for w in words_of(name)}
    names |= {w for alias in data.aliases["alias"] for w in words_of(alias)}
    assert not (words_of(english) - names) & SWEDISH_WORDS
    assert not (words_of(swedish) - names) & ENGLISH_WORDS
