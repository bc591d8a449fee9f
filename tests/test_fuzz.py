"""Property and fuzz tests: whatever the file holds, `extract_report` either returns a
result whose every span is its block's text, or raises the project's own `CchcError`
with a one-line message. Never another exception, never a hang.

Inputs: random Vietnamese-shaped text (the forms reports use, cut and mixed; as
UTF-8, UTF-16 or the bytes of the TCVN3/VNI fonts), mutated copies of the corpus
reports (text cut, repeated, re-encoded), truncated and bit-flipped copies of the
corpus .docx files, .docx files whose document.xml is damaged (bytes) or
restructured (well-formed, with texts replaced, elements deleted, repeated or
moved, spans and merges given odd values), and random bytes named .docx or .txt.

Example counts come from a hypothesis profile, chosen by HYPOTHESIS_PROFILE:
`ci` (the default: 50 examples a test, derandomized, so `make test` is bounded
and deterministic) or `long` (2,000 examples, random):

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py

An input that ever breaks the property is written to tests/regressions/ (the
shrunk example only) and replayed by `test_regressions` from then on.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.errors import InvalidArgument

from extractor import CchcError, extract_report, legacy
from guards import no_hang

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
HANG = 60  # seconds one input may take before it counts as a hang

settings.register_profile("ci", max_examples=50, derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- the property ----------------------------------------------------------------------


def _spans(result):
    """(what, block, start, end, text) of every span the result claims."""
    for name in ("references", "task_counts", "indicators"):
        for item in getattr(result, name):
            yield name, item.block, item.start, item.end, item.text
    for finding in result.findings:
        for place in finding.places:
            yield finding.code, place.block, place.start, place.end, place.text
    for key, place in result.report.provenance.items():
        yield f"report.{key}", place.block, place.start, place.end, place.text


def check(path: Path) -> None:
    """The property, on one file; a breaking input is kept as a regression file."""
    try:
        _property(path)
    except BaseException:
        _keep(path)
        raise


def _property(path: Path) -> None:
    try:
        with no_hang(HANG):
            result = extract_report(path)
    except CchcError as exc:
        _outcome(f"refused: {type(exc).__name__}")
        assert str(exc).strip() and "\n" not in str(exc), f"not a one-line message: {exc!r}"
        return
    _outcome("read")
    broken = [s for s in _spans(result) if result.blocks[s[1]].text[s[2]:s[3]] != s[4]]
    assert not broken, f"spans that are not their block's text: {broken[:3]}"
    result.model_dump_json()  # the JSON can be written


def _outcome(what: str) -> None:
    """Count outcomes for --hypothesis-show-statistics (how many inputs got past the readers)."""
    try:
        event(what)
    except InvalidArgument:  # a replayed regression, outside hypothesis
        pass


def _keep(path: Path) -> None:
    """Save a breaking input under tests/regressions/ (once, for the shrunk example)."""
    try:
        final = current_build_context().is_final
    except Exception:  # not inside hypothesis: a replayed regression, already kept
        return
    if final:
        data = path.read_bytes()
        REGRESSIONS.mkdir(exist_ok=True)
        (REGRESSIONS / f"{hashlib.sha256(data).hexdigest()[:16]}{path.suffix}").write_bytes(data)


def _write(tmp_path_factory, data: bytes, suffix: str) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    return path


# --- random Vietnamese-shaped text -------------------------------------------------------

# The forms reports are made of (own sentences): letterhead, outline labels, references,
# dates, periods, counts and figures, table cells as Word's text export writes them.
FRAGMENTS = [
    "UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Số: 156/BC-SNV", "Hà Tĩnh, ngày 16 tháng 6 năm 2023", "BÁO CÁO", "Kính gửi: Sở Nội vụ tỉnh.",
    "Kết quả thực hiện công tác cải cách hành chính quý II năm 2023", "6 tháng đầu năm 2024", "Qúy III/2023",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II.", "1.", "2.2.1.", "a)", "b/", "- ", "+ ", "PHẦN I", "PHỤ LỤC",
    "Kế hoạch số 35/KH-UBND ngày 20/01/2023 của Uỷ ban nhân dân tỉnh về cải cách hành chính",
    "Quyết định số 21/2023/QĐ-UBND", "Nghị định 61/2018/NĐ-CP", "18-NQ/TW ngày 25-10-2017", "số31-QĐ/HU",
    "Thông tư Số: 7 /2021/TT-BNV", "35/NQ- CP", "Kế hoạch nêu trên", "Quyết định 3512", "Luật Phòng, chống tham nhũng",
    "số liệu tính từ ngày 15/3/2023 đến ngày 14/6/2023", "ngày 31/02/2024", "ngày ngày 13/01/2020",
    "hoàn thành 12/15 nhiệm vụ, đạt 80%", "đang thực hiện 3/15 nhiệm vụ", "tiếp nhận 1.234 hồ sơ", "99,99%",
    "1.234,5 triệu đồng", "92.83%", "16.245 hồ sơ (cấp huyện 9.012; cấp xã 7.133)", "05 trong tổng số 14 xã",
    "xếp thứ 11/63", "0251.3822.123", "mức độ 3, 4", "TCVN ISO 9001:2015", "Uỷ ban", "hoà", "Ủy ban",
    "\tSTT\n\tNội dung\n\tKết quả\n\n\t1\n\tHồ sơ\n\t236\n\n", "\tTổng\n\t\n\t12\n\n",
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.", "KT. GIÁM ĐỐC", "./.",
]
# characters that stress the normalizer and readers: NBSP, zero-width, soft hyphen,
# combining marks (NFD), dashes, curly quotes, Word's private-use bullets, controls
ODD = "\u00a0\u200b\u00ad\ufeff\u0300\u0301\u0303\u0309\u0323\u2013\u2014\u201c\u201d\uf0b7\t\r\x0c"
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_TEXT_PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789 /-.,;:()%\n" + ODD, max_size=40),
    st.sampled_from([" ", "\n", "\n\n", "\t", ". ", ", ", "\r\n"]),
)
vietnamese_text = st.lists(_TEXT_PIECES, max_size=60).map("".join)


def _encoded(text: str, encoding: str) -> bytes:
    """The text as a file holds it: a Unicode encoding, or the bytes of a legacy font."""
    legacy_font = legacy.encoding(encoding)
    if legacy_font:
        return legacy.encode(text, legacy_font).encode("cp1252", "replace")
    return text.encode(encoding, "surrogatepass")


@PROFILE
@given(text=vietnamese_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni"]))
def test_random_vietnamese_text(tmp_path_factory, text, encoding):
    check(_write(tmp_path_factory, _encoded(text, encoding), ".txt"))


# --- mutated corpus reports ---------------------------------------------------------------

CORPUS_TXT = sorted(CORPUS.glob("*.txt"))
CORPUS_DOCX = sorted(CORPUS.glob("*.docx"))


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (kind, where, how) edits: cut, repeat, delete, overwrite a byte, insert bytes."""
    buf = bytearray(data)
    for kind, where, how in edits:
        if not buf:
            break
        i = where % len(buf)
        if kind == 0:
            del buf[i:]  # truncated
        elif kind == 1:
            buf[i:i] = buf[i:i + how % 4096]  # a stretch repeated
        elif kind == 2:
            del buf[i:i + how % 512]  # a stretch lost
        elif kind == 3:
            buf[i] = how % 256  # a byte changed
        else:
            buf[i] ^= 1 << (how % 8)  # a bit flipped
    return bytes(buf)


_EDITS = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2**31), st.integers(0, 2**31)), min_size=1, max_size=8)


@pytest.mark.skipif(not CORPUS_TXT, reason="no corpus/*.txt")
@PROFILE
@given(index=st.integers(0, max(len(CORPUS_TXT) - 1, 0)), edits=_EDITS,
       encoding=st.sampled_from([None, "utf-16", "cp1258", "utf-8-sig"]))
def test_mutated_corpus_text(tmp_path_factory, index, edits, encoding):
    data = CORPUS_TXT[index].read_bytes()
    if encoding:  # the same report saved in another encoding, then damaged
        try:
            data = data.decode("utf-8").encode(encoding)
        except UnicodeError:
            pass
    check(_write(tmp_path_factory, _mutate(data, edits), ".txt"))


def _corpus_docx() -> list[bytes]:
    """The corpus .docx files, or one built with python-docx when there are none."""
    if CORPUS_DOCX:
        return [p.read_bytes() for p in CORPUS_DOCX]
    import docx

    document = docx.Document()
    for text in FRAGMENTS[:12]:
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Kết quả"
    buffer = io.BytesIO()
    document.save(buffer)
    return [buffer.getvalue()]


DOCX = _corpus_docx()


@PROFILE
@given(index=st.integers(0, len(DOCX) - 1), edits=_EDITS)
def test_truncated_and_bit_flipped_docx(tmp_path_factory, index, edits):
    check(_write(tmp_path_factory, _mutate(DOCX[index], edits), ".docx"))


def _reflated(data: bytes, part_edits: list[tuple[int, int, int]]) -> bytes:
    """A well-formed zip whose document.xml is damaged: the XML layer, not the zip, is fuzzed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "word/document.xml":
                part = _mutate(part, part_edits)
            dst.writestr(info.filename, part)
    return out.getvalue()


@PROFILE
@given(index=st.integers(0, len(DOCX) - 1), edits=_EDITS)
def test_docx_with_damaged_xml(tmp_path_factory, index, edits):
    check(_write(tmp_path_factory, _reflated(DOCX[index], edits), ".docx"))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# property elements whose values the reader trusts: spans, merges, list levels, outline levels
_PROPERTIES = ["gridSpan", "vMerge", "hMerge", "gridBefore", "gridAfter", "ilvl", "numId", "outlineLvl", "pStyle"]
_VALUES = ["0", "1", "-1", "2", "63", "99999", "restart", "continue", "", "x", "1.5", "Heading1"]
_OPS = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2**16), st.integers(0, 2**16),
                          st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=VIETNAMESE + ODD, max_size=30))),
                min_size=1, max_size=10)


def _restructured(data: bytes, ops) -> bytes:
    """The .docx with its document.xml changed but well-formed: texts replaced, elements
    deleted, repeated or moved, spans/merges/levels given odd values."""
    from lxml import etree

    src = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    for kind, a, b, text in ops:
        _operate(root, kind, a, b, text)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, xml if info.filename == "word/document.xml" else src.read(info.filename))
    return out.getvalue()


def _operate(root, kind: int, a: int, b: int, text: str) -> None:
    import copy

    body = root.find(f"{_W}body")
    elements = [el for el in body.iter() if el is not body] if body is not None else []
    if not elements:
        return
    el, other = elements[a % len(elements)], elements[b % len(elements)]
    if kind == 0:
        texts = body.findall(f".//{_W}t")
        if texts:  # XML 1.0 holds no control characters but tab and line breaks
            texts[a % len(texts)].text = "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")
    elif kind == 1 and el.getparent() is not None:
        el.getparent().remove(el)
    elif kind == 2 and el.getparent() is not None:
        el.addnext(copy.deepcopy(el))
    elif kind == 3:
        props = [e for e in elements if e.tag in (f"{_W}tcPr", f"{_W}pPr", f"{_W}trPr", f"{_W}numPr")]
        if props:
            prop = props[a % len(props)].makeelement(f"{_W}{_PROPERTIES[b % len(_PROPERTIES)]}")
            prop.set(f"{_W}val", _VALUES[len(text) % len(_VALUES)])
            props[a % len(props)].append(prop)
    elif kind == 4 and el not in other.iterancestors() and el is not other:
        other.append(el)  # moved inside another element (a table into a cell, a cell into a paragraph)


@PROFILE
@given(index=st.integers(0, len(DOCX) - 1), ops=_OPS)
def test_docx_with_restructured_xml(tmp_path_factory, index, ops):
    check(_write(tmp_path_factory, _restructured(DOCX[index], ops), ".docx"))


# --- random bytes ------------------------------------------------------------------------


@PROFILE
@given(data=st.one_of(st.binary(max_size=4096), st.binary(max_size=4096).map(lambda b: b"PK\x03\x04" + b)),
       suffix=st.sampled_from([".docx", ".txt"]))
def test_random_bytes(tmp_path_factory, data, suffix):
    check(_write(tmp_path_factory, data, suffix))


# --- regressions -------------------------------------------------------------------------

KEPT = sorted(p for p in REGRESSIONS.glob("*") if p.suffix in (".txt", ".docx")) if REGRESSIONS.exists() else []


@pytest.mark.parametrize("path", KEPT, ids=[p.name for p in KEPT])
def test_regressions(path):
    # every input that once broke the property, replayed as it was found
    check(path)
