"""Legacy font encodings (TCVN3/ABC, VNI-Windows) -> Unicode, and text in the wrong code page.

Rows are forms as they reach the Sở Nội vụ: letterheads and bodies typed with the
ABC driver in ".VnTime"/".VnTimeH" or with VNI in "VNI-Times", saved as .txt or
kept in a .docx, and .txt files whose code page went wrong on the way.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from extractor import UnreadableFile, extract_report, legacy
from extractor.document import Block, RawDocument
from extractor.legacy import WARNING, convert, decode_8bit, detect, encode, encoding, to_unicode
from extractor.reader_txt import decode

ROOT = Path(__file__).resolve().parents[1]
TWIN_LEGACY = ROOT / "corpus" / "tcvn3_so_vhttdl_ha_tinh_q2_2023.txt"
TWIN_UNICODE = ROOT / "corpus" / "tcvn3_so_vhttdl_ha_tinh_q2_2023_unicode.txt"
TCVN3, VNI = encoding("tcvn3"), encoding("vni")

CONVERSIONS = [
    # VN-RULES 5: the TCVN3 mojibake quoted from a Party guidance page
    ("tcvn3", "Uû ban nh©n d©n", "Uỷ ban nhân dân"),
    # the national motto as ABC-era letterheads type it, in a capitals font (.VnTimeH)
    ("tcvn3", "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    # the motto's second line in .VnTime: Đ is one of VN3's seven capitals (§)
    ("tcvn3", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    # "Số:" has one capital letter: no evidence of a capitals font, stays mixed case
    ("tcvn3", "Sè: 156/BC-SVHTTDL", "Số: 156/BC-SVHTTDL"),
    # the ư of TCVN3 is byte 0xAD, a soft hyphen in Windows-1252 (dropped by the match view)
    ("tcvn3", "ng\u00adêi d©n, tr\u00adêng häc", "người dân, trường học"),
    # a body sentence with a reference in it
    ("tcvn3", "Thùc hiÖn KÕ ho¹ch sè 35/KH-UBND ngµy 20/01/2023 cña UBND tØnh",
     "Thực hiện Kế hoạch số 35/KH-UBND ngày 20/01/2023 của UBND tỉnh"),
    # VNI-Windows: base letter + mark byte; capitals use the capital mark bytes
    ("vni", "UÛy ban nhaân daân tænh Haø Tónh", "Ủy ban nhân dân tỉnh Hà Tĩnh"),
    ("vni", "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("vni", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    # one-byte ơ (ô), ư (ö), đ (ñ), ỵ (î) next to the two-byte forms
    ("vni", "Quyeát ñònh soá 21/2023/QÑ-UBND veà thuû tuïc haønh chính; kyõ thuaät, löôïng",
     "Quyết định số 21/2023/QĐ-UBND về thủ tục hành chính; kỹ thuật, lượng"),
]


@pytest.mark.parametrize("name,text,expected", CONVERSIONS)
def test_convert(name, text, expected):
    assert convert(text, encoding(name)) == expected


def _letters() -> list[str]:
    """Every Vietnamese letter with a diacritic, lower and upper case."""
    bases = "aăâeêioôơuưy"
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    lower = {unicodedata.normalize("NFC", b + t) for b in bases for t in tones} | {"đ"}
    lower -= set("aeiouy")
    return sorted(lower) + sorted(ch.upper() for ch in lower)


def test_vni_table_is_complete_and_round_trips():
    letters = _letters()
    assert len(letters) == 134
    assert set(letters) <= set(VNI.table.values())
    for ch in letters:
        assert convert(encode(ch, VNI), VNI) == ch, ch


def test_tcvn3_table_is_complete_and_round_trips():
    # VN3 holds every lower-case letter and the capitals Ă Â Ê Ô Ơ Ư Đ, one byte each
    lower = [ch for ch in _letters() if ch.islower()]
    capitals = list("ĂÂÊÔƠƯĐ")
    assert set(TCVN3.table.values()) == set(lower) | set(capitals)
    assert all(len(key) == 1 and 0xA0 < ord(key.encode("cp1252")) for key in TCVN3.table)
    for ch in lower + capitals:
        assert convert(encode(ch, TCVN3), TCVN3) == ch, ch


SENTENCES = [
    # own sample sentences, in the register of CCHC reports
    "Sở đã tiếp nhận 236 hồ sơ, giải quyết đúng hạn 236/236 hồ sơ, đạt tỷ lệ 100%.",
    "Tiếp tục rà soát chức năng, nhiệm vụ, quyền hạn của các phòng, đơn vị trực thuộc.",
    "Kế hoạch số 35/KH-UBND ngày 20/01/2023 của Uỷ ban nhân dân tỉnh về cải cách hành chính.",
    "Về ứng dụng công nghệ thông tin, chuyển đổi số; dữ liệu được số hóa; khỏe mạnh, ngữ điệu, thuở ấy.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_sentences_round_trip(name, sentence):
    enc = encoding(name)
    legacy_text = encode(sentence, enc)
    assert legacy_text != sentence
    assert legacy_text.encode("cp1252")  # what the font's bytes are, as Windows-1252
    assert convert(legacy_text, enc) == sentence


def test_tcvn3_capitals_come_back_from_a_capitals_font():
    # TCVN3 cannot write "Ố": a heading in capitals is stored in lower-case codes
    assert convert(encode("BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH", TCVN3), TCVN3) == "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH"


DETECT = [
    # a letterhead and a title line in TCVN3
    (["Uû ban nh©n d©n tØnh", "B¸o c¸o kÕt qu¶ c¶i c¸ch hµnh chÝnh"], "tcvn3"),
    # the same in VNI
    (["UÛy ban nhaân daân tænh", "Baùo caùo keát quaû caûi caùch haønh chính"], "vni"),
    # Unicode Vietnamese is not a candidate at all
    (["Ủy ban nhân dân tỉnh", "Báo cáo kết quả cải cách hành chính"], None),
    # counter-example: Latin-1 text that is not Vietnamese (French in an annex)
    (["Café crème, naïve façade, déjà vu, à la carte, résumé"], None),
    # counter-example: Unicode Vietnamese that happens to use Latin-1 letters only
    (["Bà Tô Thị Lan", "Ông Bá"], None),
    # too little to tell: one short legacy word
    (["Sè:"], None),
]


@pytest.mark.parametrize("texts,expected", DETECT)
def test_detect(texts, expected):
    found = detect(texts)
    assert (found.name if found else None) == expected


def _raw(texts: list[str], fmt: str = "docx", enc: str | None = None) -> RawDocument:
    blocks = [Block(index=i, kind="paragraph", text=t) for i, t in enumerate(texts)]
    return RawDocument(format=fmt, blocks=blocks, encoding=enc)


def test_mixed_document_converts_the_legacy_blocks_only():
    # a Unicode report whose letterhead was pasted from an old .VnTime template
    raw = _raw(["UBND TØNH Hµ TÜNH", "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "Báo cáo kết quả cải cách hành chính",
                "Ông Bá", "Sở đã tiếp nhận 236 hồ sơ"])
    out = to_unicode(raw)
    assert [b.text for b in out.blocks] == ["UBND TỈNH HÀ TĨNH", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                            "Báo cáo kết quả cải cách hành chính", "Ông Bá", "Sở đã tiếp nhận 236 hồ sơ"]
    assert out.warnings == [(WARNING, out.warnings[0][1])] and "2 of 5 blocks" in out.warnings[0][1]
    assert out.encoding is None  # a .docx has no text encoding of its own


def test_unicode_document_is_left_alone():
    raw = _raw(["Ủy ban nhân dân tỉnh", "Ông Bá", "Café crème"], fmt="txt", enc="utf-8")
    assert to_unicode(raw) is raw


def test_utf8_text_holding_tcvn3_characters():
    # the .txt was saved as UTF-8 from a .VnTime document: UTF-8 bytes, TCVN3 characters
    raw = _raw(["Uû ban nh©n d©n tØnh", "B¸o c¸o kÕt qu¶ c¶i c¸ch hµnh chÝnh"], fmt="txt", enc="utf-8")
    out = to_unicode(raw)
    assert out.encoding == "utf-8+tcvn3"
    assert out.blocks[0].text == "Uỷ ban nhân dân tỉnh"


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: the tone mark of a letter the code page lacks follows it, combining."""
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tone))
        out.append(ch if tone == "" or _encodable(ch) else base + tone)
    return "".join(out).encode("cp1258")


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


DECODE_8BIT = [
    # TCVN3 bytes as the ABC-era software wrote them
    (encode("Báo cáo kết quả cải cách hành chính của Uỷ ban nhân dân tỉnh", TCVN3).encode("cp1252"), "tcvn3"),
    # VNI bytes
    (encode("Báo cáo kết quả cải cách hành chính của Ủy ban nhân dân tỉnh", VNI).encode("cp1252"), "vni"),
    # Windows-1258, the Vietnamese Windows code page (tone marks as combining characters)
    (_cp1258("Báo cáo kết quả cải cách hành chính của Ủy ban nhân dân tỉnh"), "windows-1258"),
]


@pytest.mark.parametrize("data,expected", DECODE_8BIT)
def test_decode_8bit(data, expected):
    assert decode_8bit(data, "r.txt")[1] == expected


def test_decoded_8bit_text_becomes_unicode_end_to_end(tmp_path):
    path = tmp_path / "vni.txt"
    path.write_bytes(encode("BÁO CÁO\nKết quả thực hiện Kế hoạch số 35/KH-UBND ngày 20/01/2023 của Ủy ban nhân dân "
                            "tỉnh về cải cách hành chính", VNI).encode("cp1252"))
    result = extract_report(path)
    assert result.source.encoding == "vni"
    assert [r.id for r in result.references] == ["35/KH-UBND"]
    assert result.blocks[1].text.startswith("Kết quả thực hiện Kế hoạch số")


WRONG_CODE_PAGE = [
    # Russian in Windows-1251: not UTF-8, and no Vietnamese in any 8-bit code page we know
    ("Отчёт о ходе административной реформы в провинции за второй квартал " * 5).encode("cp1251"),
    # UTF-8 read as Windows-1252 and saved again as UTF-8 (copies of web pages, mail exports)
    ("Kết quả thực hiện nhiệm vụ cải cách hành chính của Sở Nội vụ; " * 3).encode("utf-8").decode("cp1252",
                                                                                                  "replace").encode(),
    # UTF-8 read as Mac Roman (VN-RULES 5: "Tr√≠ch xu·∫•t")
    ("Trích xuất kết quả thực hiện nhiệm vụ cải cách hành chính; " * 3).encode("utf-8").decode("mac_roman").encode(),
    # saved in a code page without Vietnamese letters: they became "?"
    ("Vi?t Nam, c?i c?ch h?nh ch?nh, th? t?c, k?t qu? th?c hi?n; " * 3).encode("ascii"),
]


@pytest.mark.parametrize("data", WRONG_CODE_PAGE)
def test_text_in_the_wrong_code_page_is_refused_with_a_reason(data):
    with pytest.raises(UnreadableFile, match="UTF-8|code page"):
        decode(data, "r.txt")


def test_pure_english_and_plain_ascii_files_are_not_refused():
    # counter-examples: no Vietnamese at all is not a wrong code page
    assert decode(b"Annual report. Appendix: see table 2? Yes.", "r.txt")[1] == "utf-8"
    assert decode("Résumé of the café meeting – naïve".encode("cp1252"), "r.txt")[1] == "windows-1258"


# --- the corpus twin: a TCVN3 .txt and its Unicode text ------------------------------------


@pytest.fixture(scope="module")
def twins():
    return extract_report(TWIN_LEGACY), extract_report(TWIN_UNICODE)


def test_corpus_twin_is_the_encoding_of_its_unicode_text():
    unicode_text = TWIN_UNICODE.read_text(encoding="utf-8")
    assert TWIN_LEGACY.read_bytes() == encode(unicode_text, TCVN3).replace("\n", "\r\n").encode("cp1252")


def test_corpus_twin_reads_as_unicode(twins):
    old, new = twins
    assert [b.text for b in old.blocks] == [b.text for b in new.blocks]
    assert old.source.encoding == "tcvn3"
    [finding] = [f for f in old.findings if f.code == WARNING]
    assert finding.severity == "info"
    assert not [f for f in new.findings if f.code == WARNING]


def test_corpus_twin_extracts_the_same_references_and_metadata(twins):
    old, new = twins
    assert old.report == new.report
    assert old.references == new.references and len(new.references) >= 5
    assert old.documents == new.documents
    assert old.sections == new.sections
    assert old.task_counts == new.task_counts


def test_docx_runs_in_a_vntime_font_are_converted(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in ["CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "B¸O C¸O",
                 "KÕt qu¶ thùc hiÖn KÕ ho¹ch sè 35/KH-UBND ngµy 20/01/2023 cña Uû ban nh©n d©n tØnh"]:
        document.add_paragraph().add_run(text).font.name = ".VnTime"
    document.add_paragraph("Sở đã tiếp nhận 236 hồ sơ.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "vntime.docx"
    path.write_bytes(buffer.getvalue())
    result = extract_report(path)
    texts = [b.text for b in result.blocks]
    assert texts[:2] == ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO"]
    assert texts[-1] == "Sở đã tiếp nhận 236 hồ sơ."
    assert [r.id for r in result.references] == ["35/KH-UBND"]
    assert any(f.code == WARNING and f.severity == "info" for f in result.findings)


def test_the_encodings_are_data():
    assert [e.name for e in legacy.encodings()] == ["tcvn3", "vni"]
    assert (len(TCVN3.table), len(VNI.table)) == (74, 134)


def test_utf8_cut_in_the_middle_of_a_letter_stays_utf8_with_a_warning(tmp_path):
    # a UTF-8 export cut short (or one damaged byte): not Windows-1258 mojibake, not refused
    data = "BÁO CÁO\nKết quả thực hiện Kế hoạch số 35/KH-UBND của Uỷ ban nhân dân tỉnh\nSở đã tiếp nhận".encode()
    path = tmp_path / "cut.txt"
    path.write_bytes(data + "ậ".encode()[:2])
    result = extract_report(path)
    assert result.source.encoding == "utf-8"
    assert result.blocks[-1].text == "Sở đã tiếp nhận\ufffd"
    assert [f.code for f in result.findings if f.code == legacy.REPLACED] == [legacy.REPLACED]


# --- properties: the tables are exact inverses on Vietnamese text ---------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_OTHER = "0123456789 .,;:/-()%\n"


@settings(max_examples=200, derandomize=True, database=None)
@given(st.text(alphabet=_LOWER + _LOWER.upper() + _OTHER, max_size=80))
def test_vni_round_trips_any_vietnamese_text(text):
    assert convert(encode(text, VNI), VNI) == text


@settings(max_examples=200, derandomize=True, database=None)
@given(st.text(alphabet=_LOWER + "ĂÂÊÔƠƯĐ" + _OTHER, max_size=80))
def test_tcvn3_round_trips_text_it_can_write(text):
    # TCVN3 writes lower case and seven capitals; no ASCII capitals, so no capitals-font reading
    assert convert(encode(text, TCVN3), TCVN3) == text
