"""Reading plan texts: UTF-8 (with or without BOM) and GB18030/GBK decode to the same text;
undecodable, empty and missing inputs raise DocumentError; registered content is recognised
whatever the file's name or encoding."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import ipcompare as ipc
from ipcompare.corpus.documents import decode_bytes, read_text, text_sha256

SAMPLE = (
    "南通市加快建设知识产权强市工作方案（2017～2020年）\n"
    "到2020年，万人发明专利拥有量达30件，PCT专利申请量累计达到2500件；"
    "培育国家知识产权示范企业5家、优势企业50家。\n"
)

RANDOM_BINARY = random.Random(20240229).randbytes(4096)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk"],
)
def test_decode_bytes_gives_identical_text(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data)
    assert text == SAMPLE
    assert used == encoding


def test_gbk_and_utf8_bytes_differ_but_decode_alike() -> None:
    # the test above is only meaningful if the encodings really differ on this sample
    assert SAMPLE.encode("gbk") != SAMPLE.encode("utf-8")
    assert decode_bytes(SAMPLE.encode("gbk"))[0] == decode_bytes(SAMPLE.encode("utf-8"))[0]


def test_bom_is_not_part_of_the_text() -> None:
    text, _ = decode_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert not text.startswith("\ufeff")
    assert text[0] == "南"


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00\x81" * 50, RANDOM_BINARY, b"\x00\x01\x02\x03" * 100],
    ids=["ff-fe-00-81", "random-binary", "control-bytes"],
)
def test_undecodable_bytes_raise(data: bytes) -> None:
    with pytest.raises(ipc.DocumentError) as info:
        decode_bytes(data, "plan.bin")
    message = str(info.value)
    assert "UTF-8" in message
    assert "GB18030" in message
    assert "plan.bin" in message


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b" \n\t\r\n ", "\u3000\u3000\n".encode(), "\u3000\n".encode("gb18030")],
    ids=["empty", "spaces", "whitespace", "ideographic-space-utf8", "ideographic-space-gb18030"],
)
def test_empty_or_whitespace_raise(data: bytes) -> None:
    with pytest.raises(ipc.DocumentError, match="empty"):
        decode_bytes(data)


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"], ids=["bom", "bom-space"])
def test_bom_only_is_empty(data: bytes) -> None:
    with pytest.raises(ipc.DocumentError, match="empty"):
        decode_bytes(data)


def test_read_text_file(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_bytes(SAMPLE.encode("gb18030"))
    assert read_text(p) == (SAMPLE, "gb18030")
    assert read_text(str(p)) == (SAMPLE, "gb18030")


def test_read_text_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"\n\n   \n")
    for p in (empty, blank):
        with pytest.raises(ipc.DocumentError, match="empty"):
            read_text(p)


def test_read_text_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_plan.txt"
    with pytest.raises(ipc.DocumentError, match="no such file") as info:
        read_text(missing)
    assert "no_such_plan.txt" in str(info.value)


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(ipc.DocumentError, match="directory"):
        read_text(tmp_path)


def test_read_text_undecodable_file(tmp_path: Path) -> None:
    p = tmp_path / "scan.pdf.txt"
    p.write_bytes(b"\xff\xfe\x00\x81" * 50)
    with pytest.raises(ipc.DocumentError, match="cannot decode"):
        read_text(p)


def test_document_error_is_an_ipcompare_error() -> None:
    assert issubclass(ipc.DocumentError, ipc.IpcompareError)


# --- document_from_file: registry ids for registered content, else ids from the file name ------


@pytest.mark.parametrize("jurisdiction", ["wuhan", "nantong", "qingdao"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_copy_of_registered_document_keeps_registry_ids(
    copy_registered, documents, jurisdiction: str, encoding: str
) -> None:
    path = copy_registered(jurisdiction, f"renamed_copy.{encoding}.txt", encoding)
    doc = ipc.document_from_file(path)
    reg = documents[jurisdiction]
    assert doc.jurisdiction == jurisdiction
    assert doc.document == reg.document
    assert doc.text == reg.text
    assert doc.sha256 == reg.sha256
    assert doc.encoding == ("gb18030" if encoding == "gb18030" else "utf-8")
    assert doc.meta["period_end"] == reg.meta["period_end"]


def test_registered_document_ids() -> None:
    assert ipc.load_document("nantong").document == "nantong_2017_2020"
    assert ipc.load_document("nantong_2017_2020").jurisdiction == "nantong"
    assert ipc.load_document("shijiazhuang").meta["period_end"] == 2021


def test_gb18030_copy_is_not_utf8(copy_registered) -> None:
    path = copy_registered("sichuan", "sichuan.txt", "gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")


def test_unknown_text_gets_ids_from_file_name(tmp_path: Path) -> None:
    p = tmp_path / "hefei_plan_2025.txt"
    p.write_bytes(SAMPLE.encode("utf-8"))
    doc = ipc.document_from_file(p)
    assert (doc.document, doc.jurisdiction) == ("hefei_plan_2025", "hefei_plan_2025")
    assert doc.text == SAMPLE
    assert doc.encoding == "utf-8"
    assert doc.sha256 == text_sha256(SAMPLE)


def test_unknown_text_id_drops_every_suffix(tmp_path: Path) -> None:
    p = tmp_path / "kunming_operation.gb18030.txt"
    p.write_bytes(SAMPLE.encode("gb18030"))
    doc = ipc.document_from_file(p)
    assert doc.document == "kunming_operation"
    assert doc.encoding == "gb18030"


def test_edited_copy_is_not_the_registered_document(copy_registered) -> None:
    path = copy_registered("wuhan", "wuhan_edited.txt")
    path.write_bytes(path.read_bytes() + "\n附:编者按。\n".encode())
    doc = ipc.document_from_file(path)
    assert doc.document == "wuhan_edited"
    assert doc.jurisdiction == "wuhan_edited"


def test_document_from_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ipc.DocumentError):
        ipc.document_from_file(tmp_path / "missing.txt")
    with pytest.raises(ipc.DocumentError):
        ipc.document_from_file(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ipc.DocumentError, match="empty"):
        ipc.document_from_file(empty)
