"""The workbook file's big parts: deflated by ISA-L, read back byte for byte by any zip reader."""

import zipfile
import zlib

from analysis.appendix.package import deflate_fast


def sheet_xml(rows: int) -> bytes:
    return b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Projekt %d \xc3\xa5</t></is>'
                    b'</c><c r="B%d" s="3"><v>%d</v></c></row>' % (n, n, n % 97, n, n * 1000)
                    for n in range(2, rows + 2))


def test_a_member_deflated_fast_reads_back_identical_and_as_small_as_zlibs(tmp_path):
    data = sheet_xml(50_000)
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            # This Python's zipfile lets the compressor be swapped: the fast path is taken.
            assert deflate_fast(stream)
            for start in range(0, len(data), 65_536):
                stream.write(data[start:start + 65_536])
        package.writestr("small.xml", b"<a/>")
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None  # every member's CRC checks out
        assert package.read("xl/worksheets/sheet1.xml") == data
        info = package.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED
    zlib_size = len(zlib.compress(data, 1))
    assert info.compress_size < 1.1 * zlib_size


def test_a_member_already_written_keeps_its_compressor(tmp_path):
    with zipfile.ZipFile(tmp_path / "book.zip", "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("part.xml", "w") as stream:
            stream.write(b"<a>")
            assert not deflate_fast(stream)
            stream.write(b"</a>")
    with zipfile.ZipFile(tmp_path / "book.zip") as package:
        assert package.read("part.xml") == b"<a></a>"


def test_a_stored_member_stays_stored(tmp_path):
    with zipfile.ZipFile(tmp_path / "book.zip", "w", zipfile.ZIP_STORED) as package:
        with package.open("part.xml", "w") as stream:
            assert not deflate_fast(stream)
            stream.write(b"<a/>")
    with zipfile.ZipFile(tmp_path / "book.zip") as package:
        assert package.getinfo("part.xml").compress_type == zipfile.ZIP_STORED
