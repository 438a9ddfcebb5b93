"""The parse cache: an unchanged file is read back instead of parsed; anything else is parsed."""

from __future__ import annotations

import shutil

import pytest
from conftest import raw_paths, stand_in

from sqs_analysis.ingest import cache as parse_cache
from sqs_analysis.ingest import corpus as corpus_module
from sqs_analysis.ingest.cache import ParseCache
from sqs_analysis.ingest.corpus import parse_corpus
from sqs_analysis.ingest.readers.pdf import ocr
from sqs_analysis.ingest.readers.word import office
from sqs_analysis.tables.load import corpus_tables


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in raw_paths():
        shutil.copy(path, folder / path.name)
    return folder


def _refuse_to_parse(monkeypatch):
    def parse_file(path):
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(corpus_module, "parse_file", parse_file)


def _assert_same_tables(a, b):
    for name, frame in a.items():
        other = getattr(b, name)
        if name == "files":
            frame, other = frame.drop(columns="source_path"), other.drop(columns="source_path")
        assert frame.equals(other), name


def test_a_second_run_reads_every_file_from_the_cache_with_identical_tables(
    data, tmp_path, monkeypatch
):
    cache = ParseCache(tmp_path / "cache")
    first = parse_corpus([data], cache=cache)
    assert (cache.hits, cache.misses) == (0, len(raw_paths()))
    _refuse_to_parse(monkeypatch)
    again = ParseCache(tmp_path / "cache")
    second = parse_corpus([data], cache=again)
    assert (again.hits, again.misses) == (len(raw_paths()), 0)
    _assert_same_tables(corpus_tables(first), corpus_tables(second))


def test_cached_rows_point_at_where_the_file_is_now(data, tmp_path):
    cache = ParseCache(tmp_path / "cache")
    parse_corpus([data], cache=cache)
    moved = tmp_path / "moved"
    shutil.copytree(data, moved)
    again = ParseCache(tmp_path / "cache")
    rows = parse_corpus([moved], cache=again).files
    assert again.hits == len(raw_paths())
    assert all(row["source_path"].startswith(str(moved)) for row in rows)


def test_changed_bytes_renamed_files_and_a_new_parser_all_miss(data, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    parse_corpus([data], cache=ParseCache(cache_dir))
    first, second = sorted(data.iterdir())
    first.write_bytes(first.read_bytes() + b"\n")  # edited
    second.rename(second.with_name("renamed " + second.name))
    edited = ParseCache(cache_dir)
    parse_corpus([data], cache=edited)
    assert (edited.hits, edited.misses) == (0, 2)

    monkeypatch.setattr(parse_cache, "fingerprint", lambda: "a different parser")
    newer = ParseCache(cache_dir)
    parse_corpus([data], cache=newer)
    assert newer.hits == 0


def test_an_unreadable_entry_is_parsed_again_and_replaced(data, tmp_path):
    cache_dir = tmp_path / "cache"
    parse_corpus([data], cache=ParseCache(cache_dir))
    for entry in cache_dir.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    broken = ParseCache(cache_dir)
    reports = parse_corpus([data], cache=broken).reports
    assert broken.misses == len(raw_paths()) and len(reports) == len(raw_paths())
    healed = ParseCache(cache_dir)
    parse_corpus([data], cache=healed)
    assert healed.hits == len(raw_paths())


def test_failed_files_are_not_cached_and_an_unwritable_cache_is_ignored(data, tmp_path):
    (data / "empty.txt").write_text("", encoding="utf-8")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    corpus = parse_corpus([data], cache=ParseCache(blocked))
    assert len(corpus.reports) == len(raw_paths()) and corpus.failed_files == ["empty.txt"]

    cache = ParseCache(tmp_path / "cache")
    parse_corpus([data], cache=cache)
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == len(raw_paths())


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(parse_cache.ENV_VAR, str(tmp_path / "here"))
    assert parse_cache.default_cache().folder == tmp_path / "here"
    monkeypatch.setenv(parse_cache.ENV_VAR, "off")
    assert parse_cache.default_cache() is None
    monkeypatch.delenv(parse_cache.ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parse_cache.default_folder() == tmp_path / "xdg" / "sqs-analysis" / "parsed"


def test_the_fingerprint_covers_the_parsing_code_and_the_lexicon():
    root = parse_cache.PACKAGE_ROOT
    sources = {p.relative_to(root).as_posix() for p in parse_cache.parser_sources()}
    for path in sources:
        assert (root / path).is_file(), path
    parsing = {f"ingest/{m}.py" for m in ("normalise", "parse", "judgements", "quantifiers")}
    assert parsing <= sources
    readers = {p.relative_to(root).as_posix() for p in (root / "ingest/readers").rglob("*.py")}
    assert {"ingest/readers/__init__.py", "ingest/readers/pdf/page.py"} <= readers <= sources
    assert "reference/headings.py" in sources  # imported by the parser and the PDF reader
    assert "ingest/quantifiers.toml" in sources
    assert len(parse_cache.fingerprint()) == 64


@pytest.mark.parametrize("library", ["pypdfium2", "python-docx"])
def test_a_new_version_of_a_reading_library_misses_the_cache(monkeypatch, package_copy, library):
    """PDFs are read through PDFium and Word documents through python-docx: a new version of
    either can read a file differently, so it makes a new fingerprint."""
    from importlib.metadata import version

    before = parse_cache.fingerprint(package_copy)
    monkeypatch.setattr(
        parse_cache,
        "version",
        lambda name: "0.0-other" if name == library else version(name),
    )
    assert parse_cache.fingerprint(package_copy) != before


def test_what_the_parser_uses_is_found_not_listed():
    """Helpers and data the parser reads from outside ``ingest/`` are covered, because the
    parser's imports are followed; later steps, which the parser never imports, are not."""
    root = parse_cache.PACKAGE_ROOT
    sources = {p.relative_to(root).as_posix() for p in parse_cache.parser_sources()}
    assert {"reference/names.py", "reference/codebook.py", "reference/codebook.toml"} <= sources
    assert {p.relative_to(root).as_posix() for p in (root / "ingest").glob("*.py")} <= sources
    later = ("tables/", "analysis/", "charts/", "briefing/", "cli.py")
    assert not [s for s in sources if s.startswith(later)]


@pytest.fixture
def package_copy(tmp_path):
    """A copy of the package's source, to change without touching the real one."""
    copy = tmp_path / "package" / "sqs_analysis"
    shutil.copytree(
        parse_cache.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    return copy


def test_changing_a_helper_the_parser_uses_misses_the_cache(data, tmp_path, package_copy):
    assert parse_cache.fingerprint(package_copy) == parse_cache.fingerprint()
    names = package_copy / "reference" / "names.py"  # slugify makes every report_id
    names.write_text(names.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    changed = parse_cache.fingerprint(package_copy)
    assert changed != parse_cache.fingerprint()

    cache_dir = tmp_path / "cache"
    parse_corpus([data], cache=ParseCache(cache_dir))
    again = ParseCache(cache_dir)
    parse_corpus([data], cache=again)
    assert again.hits == len(raw_paths())
    newer = ParseCache(cache_dir, parser=changed)
    parse_corpus([data], cache=newer)
    assert (newer.hits, newer.misses) == (0, len(raw_paths()))


def test_a_data_file_the_parser_reads_is_covered_and_later_steps_are_not(package_copy):
    before = parse_cache.fingerprint(package_copy)
    for name in ("analysis/words.py", "charts/style.py", "briefing/page.py", "cli.py"):
        later = package_copy / name
        if later.is_file():
            later.write_text(later.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    assert parse_cache.fingerprint(package_copy) == before  # the parser is the same
    codebook = package_copy / "reference" / "codebook.toml"
    codebook.write_text(codebook.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    assert parse_cache.fingerprint(package_copy) != before


def test_entries_of_other_parsers_unused_for_a_month_are_deleted(data, tmp_path, monkeypatch):
    import os
    import time

    cache_dir = tmp_path / "cache"
    parse_corpus([data], cache=ParseCache(cache_dir))
    current = ParseCache(cache_dir).generation
    old, recent, other = cache_dir / ("a" * 16), cache_dir / ("b" * 16), cache_dir / "notes"
    for folder in (old, recent, other):
        (folder / "00").mkdir(parents=True)
    month_ago = time.time() - 31 * 86400
    for folder in (old, other, current):
        os.utime(folder, (month_ago, month_ago))
    monkeypatch.setenv(parse_cache.ENV_VAR, str(cache_dir))
    cache = parse_cache.default_cache()  # prunes as it opens
    assert not old.exists()
    assert recent.exists() and other.exists() and current.exists()  # unrelated or recent
    assert current.stat().st_mtime > month_ago  # marked as used
    assert cache.generation == current


def test_the_cache_keys_on_the_same_digest_the_report_records(data):
    from sqs_analysis.ingest.readers import file_sha256

    for report in parse_corpus([data]).reports:
        assert file_sha256(data / report.source_file) == report.source_sha256
    assert file_sha256(data / "missing.txt") is None
    assert file_sha256(next(data.iterdir()), max_bytes=10) is None  # over the limit: not read


@pytest.mark.parametrize(
    ("program", "env_var"), [("tesseract", ocr.ENV_VAR), ("soffice", office.ENV_VAR)]
)
def test_the_parse_cache_forgets_what_another_reading_program_read(
    program, env_var, monkeypatch, tmp_path
):
    """A scan read by OCR, or a .doc read through LibreOffice, is parsed afresh when that
    program changes or is turned off."""
    stand_in(tmp_path / "bin", program, "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with_engine = parse_cache.fingerprint(parse_cache.PACKAGE_ROOT)
    monkeypatch.setenv(env_var, "off")
    assert parse_cache.fingerprint(parse_cache.PACKAGE_ROOT) != with_engine
