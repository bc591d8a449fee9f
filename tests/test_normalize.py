"""Normalizer: tone placement, white space, dashes and quotes, and the offset map back."""

from __future__ import annotations

import pytest

from extractor.normalize import canonical_tones, match_key, match_view, nfc

TONES = [
    # (written, canonical) — both placements occur in one report family (VN-RULES 5)
    ("hoà", "hòa"),  # new rule, QĐ 1989/QĐ-BGDĐT
    ("thuỷ", "thủy"),  # "Luật Thủy sản" keeps the classic form
    ("uỷ ban", "ủy ban"),
    ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),  # letterheads are upper case
    ("khoẻ", "khỏe"),
    ("Qúy III", "Quý III"),  # mis-placed tone seen in a real report ("Từ Qúy I đến Qúy IV/2023")
    ("hòan thành", "hoàn thành"),  # closed syllable: tone on the second vowel
    ("quyết định", "quyết định"),  # already canonical: unchanged
    ("tuyển dụng", "tuyển dụng"),
    ("ngoài", "ngoài"),
    ("CỘNG HOÀ", "CỘNG HÒA"),  # "CỘNG HÒA" vs "CỘNG HOÀ" in headers
    ("năm", "năm"),  # diacritics are never stripped
]


@pytest.mark.parametrize("written,canonical", TONES)
def test_canonical_tones(written, canonical):
    assert canonical_tones(nfc(written)) == nfc(canonical)
    assert len(canonical_tones(nfc(written))) == len(nfc(written))


OFFSETS = [
    # (block text, a word to find in the view) — the view span maps back to the same word
    ("Kế hoạch số 23/KH-UBND  ngày 19/01/2023", "ngày"),  # doubled space in a real report
    ("Số:\u00a0123/BC-SCT", "123/BC-SCT"),  # NBSP after "Số:"
    ("Nghị định số 32/2020/NĐ-CP  ngày  05/3/2020 của", "của"),
    ("tăng  cường  công  tác  kiểm  tra", "kiểm"),  # justified text exported with runs of spaces
    ("Hồ sơ nộp\n trực \ntiếp", "tiếp"),  # a table cell with line breaks
    ("Nguyễn Trí Phương – Phó giám đốc", "Phó"),  # en dash
    ("“Bộ phận Một cửa” Sở", "Sở"),  # curly quotes
    ("a\u200bb thuỷ lợi", "thủy"),  # zero-width space; tone moved
]


@pytest.mark.parametrize("text,word", OFFSETS)
def test_offset_map_points_into_block_text(text, word):
    view = match_view(nfc(text))
    i = view.text.index(word)
    start, end = view.span(i, i + len(word))
    assert match_key(text[start:end]) == match_key(word)
    assert len(view.offsets) == len(view.text) + 1


def test_view_collapses_space_dashes_quotes():
    assert match_view("a  –\u00a0“b”\t c").text == 'a - "b" c'


def test_match_key_ignores_case_and_tone_placement():
    assert match_key("UBND TỈNH  ĐỒNG NAI") == match_key("UBND tỉnh Đồng Nai")
    assert match_key("Uỷ ban") == match_key("Ủy ban")
    assert match_key("năm") != match_key("nam")
