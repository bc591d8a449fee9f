"""Synthetic CCHC reports (.txt) for tests and benchmarks.

Writes reports the way Word's "save as plain text" exports them: header block
(sometimes a tab-indented table), "BÁO CÁO", the title, "Kính gửi", an opening
paragraph of basis documents, the usual outline (I..V with numbered and
lettered sub-sections), task counts ("đã hoàn thành 18/25 nhiệm vụ"), one-stop
figures in Vietnamese number format ("9.436 hồ sơ", "99,83%") and a
tab-indented one-stop table with a total row.

Every sentence is written here, not copied from a real report; the *forms*
(id shapes, date forms, issuer variants, the 581/BNV-CCHC data windows) follow
`../shared/design/VN-RULES.md`. Each report comes with its ground truth, so a
test can compare what the extractors find with what was written.

A batch shares one pool of provincial documents (same ids, dates, subjects) so
that cross-checks have something to compare; `overrides` plants a wrong value
in one body's citation (e.g. a date conflict between two bodies).

Usage: python tools/synth.py OUT_DIR [--n 40] [--province "Đồng Nai"]
           [--year 2023] [--quarter 3 | --half 1 | --annual] [--seed 1]
           [--conflict] [--corrupt 3] [--registry FILE.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROMAN = ["I", "II", "III", "IV", "V", "VI"]

# (name, symbol abbreviation) of provincial departments (VN-RULES §2.3: SNV, STP...).
DEPARTMENTS = [
    ("Sở Nội vụ", "SNV"), ("Sở Tư pháp", "STP"), ("Sở Công Thương", "SCT"),
    ("Sở Tài chính", "STC"), ("Sở Kế hoạch và Đầu tư", "SKHĐT"), ("Sở Xây dựng", "SXD"),
    ("Sở Giao thông vận tải", "SGTVT"), ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN"), ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"), ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Sở Khoa học và Công nghệ", "SKHCN"), ("Thanh tra tỉnh", "TTT"), ("Ban Dân tộc", "BDT"),
]
# District-level units of two provinces (public administrative names); other
# provinces get generic names.
DISTRICTS = {
    "Đồng Nai": ["thành phố Biên Hòa", "thành phố Long Khánh", "huyện Nhơn Trạch", "huyện Long Thành",
                 "huyện Trảng Bom", "huyện Thống Nhất", "huyện Vĩnh Cửu", "huyện Định Quán",
                 "huyện Tân Phú", "huyện Xuân Lộc", "huyện Cẩm Mỹ"],
    "Kon Tum": ["thành phố Kon Tum", "huyện Đắk Hà", "huyện Đắk Tô", "huyện Ngọc Hồi", "huyện Đắk Glei",
                "huyện Sa Thầy", "huyện Kon Rẫy", "huyện Kon Plông", "huyện Tu Mơ Rông", "huyện Ia H'Drai"],
}
COMMUNE_PARTS = ["An", "Bình", "Phước", "Tân", "Long", "Hòa", "Thạnh", "Xuân", "Phú", "Gia", "Hưng", "Thuận"]
FIELDS = ["Thương mại", "Công nghiệp", "Đất đai", "Xây dựng", "Hộ tịch", "Chứng thực", "Đầu tư",
          "Môi trường", "Giáo dục", "Y tế", "Lao động", "Văn hóa"]


@dataclass(frozen=True)
class Body:
    """A reporting body: its name as it signs, its ký hiệu code, its level."""

    name: str
    abbr: str
    level: str  # "department" | "district" | "commune"
    parent: str  # the header line above its name, e.g. "UBND TỈNH ĐỒNG NAI"


@dataclass(frozen=True)
class SynthPeriod:
    year: int
    quarter: int | None = None
    half: int | None = None

    @property
    def label(self) -> str:
        if self.quarter:
            return f"Quý {ROMAN[self.quarter - 1]} năm {self.year}"
        if self.half:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def window(self) -> tuple[date, date]:
        """The 581/BNV-CCHC data cut-off window (VN-RULES §4.1)."""
        y = self.year
        if self.quarter == 1:
            return date(y - 1, 12, 15), date(y, 3, 14)
        if self.quarter == 3:
            return date(y, 6, 15), date(y, 9, 14)
        if self.half == 1 or self.quarter == 2:
            return date(y - 1, 12, 15), date(y, 6, 14)
        return date(y - 1, 12, 15), date(y, 12, 14)

    @property
    def next_label(self) -> str:
        if self.quarter and self.quarter < 4:
            return f"Quý {ROMAN[self.quarter]} năm {self.year}"
        return f"năm {self.year + 1}" if not self.half or self.half == 2 else f"6 tháng cuối năm {self.year}"


@dataclass(frozen=True)
class PoolDoc:
    """A document of the province's shared pool (what every body may cite)."""

    id: str
    doc_type: str
    date: date
    issuer: str
    subject: str
    issuer_body: str | None = None  # the reporting body that issued it, if any

    def registry_row(self) -> dict:
        return {"id": self.id, "doc_type": self.doc_type, "date": self.date.isoformat(),
                "issuer": self.issuer, "subject": self.subject}


@dataclass
class SynthReport:
    body: Body
    text: str
    truth: dict = field(default_factory=dict)


def _vn_int(n: int) -> str:
    """9436 -> '9.436' (a dot groups thousands)."""
    return f"{n:,}".replace(",", ".")


def _vn_pct(x: float) -> str:
    """99.83 -> '99,83' (a comma marks decimals); whole numbers without decimals."""
    return str(int(x)) if x == int(x) else f"{x:.2f}".replace(".", ",")


def _dmy(d: date, rng: random.Random) -> str:
    """A date in one of the running-text forms (VN-RULES §5)."""
    form = rng.random()
    if form < 0.7:
        return f"{d.day:02d}/{d.month:02d}/{d.year}" if rng.random() < 0.5 else f"{d.day}/{d.month}/{d.year}"
    return f"{d.day:02d} tháng {d.month:02d} năm {d.year}"


def province_bodies(province: str, n: int, seed: int = 0) -> list[Body]:
    """n distinct bodies of a province: departments first, then districts, then communes."""
    parent = f"UBND TỈNH {province.upper()}"
    bodies = [Body(name, abbr, "department", parent) for name, abbr in DEPARTMENTS]
    districts = DISTRICTS.get(province) or [f"huyện {p} {q}" for p in COMMUNE_PARTS[:4] for q in ("Đông", "Tây")]
    bodies += [Body(f"UBND {d}", "UBND", "district", parent) for d in districts]
    rng = random.Random(f"communes-{province}-{seed}")
    names = sorted({f"{a} {b}" for a in COMMUNE_PARTS for b in COMMUNE_PARTS if a != b})
    rng.shuffle(names)
    for i, name in enumerate(names[: max(0, n - len(bodies))]):
        district = districts[i % len(districts)]
        bodies.append(Body(f"UBND xã {name}", "UBND", "commune", f"UBND {district.upper()}"))
    return bodies[:n]


def province_pool(province: str, year: int) -> list[PoolDoc]:
    """The documents every body of the province may cite, fixed per (province, year)."""
    rng = random.Random(f"pool-{province}-{year}")
    p, y = province, year
    num = lambda lo, hi: rng.randint(lo, hi)  # noqa: E731
    return [
        PoolDoc(f"{num(150, 400)}/KH-UBND", "Kế hoạch", date(y - 1, 12, rng.randint(20, 30)), "UBND tỉnh",
                f"cải cách hành chính tỉnh {p} năm {y}"),
        PoolDoc(f"{num(5, 40)}/KH-UBND", "Kế hoạch", date(y, 1, rng.randint(5, 25)), "UBND tỉnh",
                f"thông tin, tuyên truyền cải cách hành chính tỉnh {p} năm {y}"),
        PoolDoc(f"{num(41, 90)}/KH-UBND", "Kế hoạch", date(y, 2, rng.randint(1, 25)), "UBND tỉnh",
                f"kiểm soát thủ tục hành chính trên địa bàn tỉnh năm {y}"),
        PoolDoc(f"{num(500, 900)}/SNV-CCHC", "Công văn", date(y, 3, rng.randint(1, 20)), "Sở Nội vụ",
                "hướng dẫn báo cáo cải cách hành chính định kỳ", issuer_body="Sở Nội vụ"),
        PoolDoc(f"{num(1000, 2500)}/QĐ-UBND", "Quyết định", date(y, 4, rng.randint(1, 28)), "Chủ tịch UBND tỉnh",
                "công bố danh mục thủ tục hành chính được chuẩn hóa thuộc thẩm quyền giải quyết của tỉnh"),
        PoolDoc(f"{num(10, 40)}/{y}/QĐ-UBND", "Quyết định", date(y, 5, rng.randint(1, 28)), "UBND tỉnh",
                "ban hành Quy chế phối hợp trong giải quyết thủ tục hành chính theo cơ chế một cửa liên thông"),
        # Central documents: real ids and dates (VN-RULES §4.2).
        PoolDoc("76/NQ-CP", "Nghị quyết", date(2021, 7, 15), "Chính phủ",
                "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"),
        PoolDoc("766/QĐ-TTg", "Quyết định", date(2022, 6, 23), "Thủ tướng Chính phủ",
                "phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp"),
        PoolDoc("61/2018/NĐ-CP", "Nghị định", date(2018, 4, 23), "Chính phủ",
                "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
        PoolDoc("876/QĐ-BNV", "Quyết định", date(2022, 11, 10), "Bộ Nội vụ",
                "phê duyệt Đề án xác định Chỉ số cải cách hành chính giai đoạn 2022 - 2030"),
    ]


_ISSUER_VARIANTS = {
    "UBND tỉnh": ["UBND tỉnh", "Ủy ban nhân dân tỉnh", "UBND tỉnh {p}"],
    "Chủ tịch UBND tỉnh": ["Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"],
}


class _Writer:
    """Builds one report: lines of text plus the truth of what was written."""

    def __init__(self, body: Body, province: str, period: SynthPeriod, seed: int,
                 overrides: dict[str, dict] | None, header_table: bool | None):
        self.body, self.province, self.period = body, province, period
        self.rng = random.Random(f"{seed}-{body.name}-{period.label}")
        self.overrides = overrides or {}
        self.header_table = self.rng.random() < 0.5 if header_table is None else header_table
        self.lines: list[str] = []
        self.refs: list[dict] = []
        self.counts: list[dict] = []
        self.figures: dict[str, float] = {}
        self.serial = self.rng.randint(100, 900)

    # -- references ----------------------------------------------------------
    def cite(self, doc: PoolDoc, role: str = "basis", with_subject: bool = True) -> str:
        """A mention of a pool document, in a form drawn from the real ones."""
        if doc.issuer_body == self.body.name:  # Sở Nội vụ cites its own guidance as issued
            role = "issued"
        o = self.overrides.get(doc.id, {})
        when = o.get("date", doc.date)
        dated = "date" in o or self.rng.random() < 0.85
        issuer = self.rng.choice(_ISSUER_VARIANTS.get(doc.issuer, [doc.issuer])).format(p=self.province)
        so = " số" if self.rng.random() < 0.85 else ""
        text = f"{doc.doc_type}{so} {doc.id}"
        text += f" ngày {_dmy(when, self.rng)}" if dated else ""
        text += f" của {issuer}" if role != "issued" else ""
        subject = doc.subject
        if with_subject and subject.startswith("ban hành "):  # "ban hành" is itself the marker
            text, subject = f"{text} {subject}", subject.removeprefix("ban hành ")
        elif with_subject:
            text += f" {self.rng.choice(['về', 'về việc'])} {subject}"
        self.refs.append({"id": doc.id, "doc_type": doc.doc_type, "date": when.isoformat() if dated else None,
                          "issuer": doc.issuer if role != "issued" else None,
                          "subject": subject if with_subject else None, "role": role})
        return text

    def own_doc(self, doc_type: str, code: str | None, subject: str) -> str:
        """A document the body itself issued in the period (role issued)."""
        start, end = self.period.window
        when = start + timedelta(days=self.rng.randint(1, (end - start).days - 1))
        self.serial += self.rng.randint(3, 40)
        symbol = f"{code}-{self.body.abbr}" if code else f"{self.body.abbr}-VP"
        doc = PoolDoc(f"{self.serial}/{symbol}", doc_type, when, self.body.name, subject)
        return self.cite(doc, role="issued")

    # -- counts and figures --------------------------------------------------
    def ratio(self, done: int, total: int, status: str, unit: str) -> str:
        self.counts.append({"kind": "ratio", "done": done, "total": total, "status": status, "unit": unit})
        return f"{_vn_int(done)}/{_vn_int(total)} {unit}"

    def figure(self, name: str, value: float, text: str) -> str:
        self.figures[name] = value
        return text

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


def _header(w: _Writer, number: int, signed: date) -> None:
    """The NĐ 30/2020 header: body, number, place and date; as lines or as a 2-column table."""
    left = [w.body.parent, w.body.name.upper(), f"Số: {number}/BC-{w.body.abbr}"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             f"{w.province}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"]
    if w.header_table:  # Word's text export of the header table: one tab line per cell
        w.add(f"\t{left[0]}", left[1], f"\t{right[0]}", right[1], "", f"\t{left[2]}", f"\t{right[2]}", "", "")
    else:
        w.add(left[0], left[1], left[2], right[0], right[1], right[2], "")


def _opening(w: _Writer, pool: list[PoolDoc]) -> None:
    w.add("BÁO CÁO", f"Kết quả thực hiện công tác cải cách hành chính {w.period.label}", "",
          "Kính gửi: Sở Nội vụ.", "")
    start, end = w.period.window
    basis = [w.cite(pool[0]), w.cite(pool[3])]
    w.add(f"Thực hiện {'; '.join(basis)}, {w.body.name} báo cáo kết quả thực hiện công tác cải cách hành "
          f"chính {w.period.label} (số liệu tính từ ngày {start.day:02d}/{start.month:02d}/{start.year} "
          f"đến ngày {end.day:02d}/{end.month:02d}/{end.year}) như sau:")


def _direction(w: _Writer, pool: list[PoolDoc]) -> None:
    r = w.rng
    total = r.randint(12, 60)
    done = r.randint(total // 2, total)
    w.add("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
          "1. Về kế hoạch cải cách hành chính",
          f"- Căn cứ {w.cite(pool[0], with_subject=False)}, {w.body.name} đã ban hành "
          f"{w.own_doc('Kế hoạch', 'KH', f'cải cách hành chính năm {w.period.year}')}.",
          f"- Đến nay, đơn vị đã hoàn thành {w.ratio(done, total, 'completed', 'nhiệm vụ')}"
          + (f" và đang triển khai {w.ratio(total - done, total, 'in_progress', 'nhiệm vụ')}" if done < total else "")
          + " theo kế hoạch.",
          "2. Về kiểm tra cải cách hành chính")
    units, news = r.randint(3, 9), r.randint(3, 40)
    checked = r.randint(1, units)
    w.add(f"- Ban hành {w.own_doc('Quyết định', 'QĐ', 'thành lập Đoàn kiểm tra công tác cải cách hành chính')}"
          f"; đã kiểm tra {w.ratio(checked, units, 'completed', 'đơn vị')} theo kế hoạch.",
          "3. Về công tác thông tin, tuyên truyền cải cách hành chính",
          f"Thực hiện {w.cite(pool[1])}, đơn vị đã đăng tải "
          + w.figure("news", news, f"{news:02d} tin, bài") + " về cải cách hành chính trên trang thông tin điện tử.")


def _institutions(w: _Writer, pool: list[PoolDoc]) -> None:
    r = w.rng
    reviewed = r.randint(2, 30)
    w.add("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
          "1. Cải cách thể chế",
          f"- Triển khai {w.cite(pool[5])}; trong kỳ đã rà soát "
          + w.figure("legal_reviewed", reviewed, f"{reviewed:02d} văn bản quy phạm pháp luật") + ".")


def _one_stop(w: _Writer, pool: list[PoolDoc]) -> None:
    """One-stop figures, stated in text and again in a table with a total row."""
    r = w.rng
    rows = []
    for name in r.sample(FIELDS, r.randint(2, 4)):
        received = r.randint(20, 4000)
        online = r.randint(received // 3, received)
        resolved = r.randint(received * 8 // 10, received)
        on_time = resolved - (r.randint(0, 3) if r.random() < 0.4 else 0)
        rows.append((name, received, online, resolved, on_time))
    tot = [sum(row[i] for row in rows) for i in range(1, 5)]
    received, online, resolved, on_time = tot
    online_rate, on_time_rate = round(online * 100 / received, 2), round(on_time * 100 / resolved, 2)
    procedures = r.randint(40, 300)
    full_online = r.randint(procedures // 4, procedures)
    w.add("2. Cải cách thủ tục hành chính",
          f"- Thực hiện {w.cite(pool[4])}, tổng số thủ tục hành chính thuộc thẩm quyền giải quyết của đơn vị là "
          + w.figure("procedures", procedures, f"{procedures} thủ tục") + "; trong đó "
          + w.ratio(full_online, procedures, "online_full", "thủ tục hành chính")
          + " được cung cấp dịch vụ công trực tuyến toàn trình.",
          f"- Việc giải quyết hồ sơ theo {w.cite(pool[8], with_subject=False)}: trong kỳ tiếp nhận "
          + w.figure("received", received, f"{_vn_int(received)} hồ sơ") + ", trong đó hồ sơ trực tuyến "
          + w.figure("online", online, f"{_vn_int(online)} hồ sơ") + " (đạt tỷ lệ "
          + w.figure("online_rate", online_rate, f"{_vn_pct(online_rate)}%") + "); đã giải quyết "
          + w.figure("resolved", resolved, f"{_vn_int(resolved)} hồ sơ") + ", trong đó đúng hạn "
          + w.figure("on_time", on_time, f"{_vn_int(on_time)} hồ sơ") + ", tỷ lệ giải quyết đúng hạn đạt "
          + w.figure("on_time_rate", on_time_rate, f"{_vn_pct(on_time_rate)}%")
          + (f"; trễ hạn {resolved - on_time:02d} hồ sơ." if resolved > on_time else "; không có hồ sơ trễ hạn."),
          "Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính trong kỳ như sau:")
    _table(w, ["STT", "Lĩnh vực", "Số hồ sơ tiếp nhận", "Trực tuyến", "Đã giải quyết", "Đúng hạn"],
           [[str(i + 1), row[0], *(_vn_int(v) for v in row[1:])] for i, row in enumerate(rows)]
           + [["", "Tổng cộng", *(_vn_int(v) for v in tot)]])


def _table(w: _Writer, header: list[str], rows: list[list[str]]) -> None:
    """Word's plain-text table: each cell a tab line, a blank line after each row."""
    for row in [header, *rows]:
        w.add(*(f"\t{cell}" for cell in row), "")


def _rest(w: _Writer, pool: list[PoolDoc]) -> None:
    r = w.rng
    signed_rate = round(r.uniform(85, 100), 2)
    trained = r.randint(2, 60)
    w.add("3. Cải cách tổ chức bộ máy hành chính nhà nước",
          f"- Tiếp tục rà soát chức năng, nhiệm vụ theo {w.cite(pool[9], with_subject=r.random() < 0.5)}.",
          "4. Cải cách chế độ công vụ",
          f"- Cử {w.figure('trained', trained, f'{trained:02d} lượt cán bộ, công chức')} tham gia bồi dưỡng.",
          "5. Cải cách tài chính công",
          "- Thực hiện nghiêm quy định về quản lý, sử dụng ngân sách nhà nước.",
          "6. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
          f"- Tỷ lệ văn bản điện tử được ký số đạt {w.figure('signed_rate', signed_rate, _vn_pct(signed_rate) + '%')}.",
          "III. ĐÁNH GIÁ CHUNG",
          "1. Ưu điểm",
          f"Công tác cải cách hành chính được triển khai theo {w.cite(pool[6], with_subject=False)}.",
          "2. Tồn tại, hạn chế",
          "Một số nhiệm vụ còn chậm so với kế hoạch do thiếu nhân lực.",
          f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {w.period.next_label.upper()}",
          f"- Tiếp tục thực hiện {w.cite(pool[7], with_subject=False)}.",
          "V. ĐỀ XUẤT, KIẾN NGHỊ",
          "Không có.",
          f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {w.period.label} "
          f"của {w.body.name}./.",
          "Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT.", "")


def generate(body: Body, province: str, period: SynthPeriod, seed: int = 0, *,
             overrides: dict[str, dict] | None = None, header_table: bool | None = None,
             signed: date | None = None) -> SynthReport:
    """One report of `body` for `period`, with its truth.

    `overrides` maps a pool id to the values this body writes wrongly, e.g.
    `{"282/KH-UBND": {"date": date(2022, 12, 28)}}` (a planted conflict).
    """
    w = _Writer(body, province, period, seed, overrides, header_table)
    pool = province_pool(province, period.year)
    number = w.rng.randint(100, 999)
    _, end = period.window
    signed = signed or end + timedelta(days=w.rng.randint(0, 5))
    _header(w, number, signed)
    for part in (_opening, _direction, _institutions, _one_stop, _rest):
        part(w, pool)
    truth = {"agency": body.name, "province": province,
             "period": {"year": period.year, "quarter": period.quarter, "half": period.half, "label": period.label},
             "report": {"number": str(number), "symbol": f"BC-{body.abbr}", "date": signed.isoformat()},
             "data_window": [d.isoformat() for d in period.window],
             "references": w.refs, "task_counts": w.counts, "figures": w.figures}
    return SynthReport(body, "\n".join(w.lines) + "\n", truth)


def slug(text: str) -> str:
    """An ASCII file-name slug: 'Sở Công Thương' -> 'so-cong-thuong'."""
    import unicodedata

    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(ch for ch in folded if ch.isascii()).lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in ascii_).split())


CORRUPT = [  # (file name, bytes): the bad files a real quarter brings
    ("bao-cao-rong.txt", b""),  # an empty attachment
    ("bao-cao-hong.txt", b"\x00\x01\x02PK\x00\x00" * 200),  # binary junk named .txt
    ("bao-cao-loi.docx", "Báo cáo gửi kèm (không phải tệp Word)".encode("utf-8")),  # a .docx that is not one
]


def write_batch(folder: str | Path, n: int = 40, province: str = "Đồng Nai",
                period: SynthPeriod = SynthPeriod(2023, quarter=3), seed: int = 1, *,
                conflict: bool = False, corrupt: int = 0) -> dict:
    """Write n reports (+ `corrupt` bad files) to `folder`; return the batch's truth.

    With `conflict`, the second body cites the province's CCHC plan with a date
    one day off: the planted conflict a cross-check must find.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pool = province_pool(province, period.year)
    planted = {pool[0].id: {"date": pool[0].date - timedelta(days=1)}}
    truth = {"province": province, "period": period.label, "reports": {}, "corrupt": [],
             "pool": [d.registry_row() for d in pool], "conflict": None}
    for i, body in enumerate(province_bodies(province, n, seed)):
        overrides = planted if conflict and i == 1 else None
        rep = generate(body, province, period, seed, overrides=overrides)
        name = f"{i + 1:03d}_{slug(body.name)}.txt"
        (folder / name).write_text(rep.text, encoding="utf-8")
        truth["reports"][name] = rep.truth
    if conflict:
        truth["conflict"] = {"id": pool[0].id, "field": "date", "body": province_bodies(province, 2, seed)[1].name,
                             "values": sorted({pool[0].date.isoformat(), planted[pool[0].id]["date"].isoformat()})}
    for name, data in CORRUPT[:corrupt]:
        (folder / name).write_bytes(data)
        truth["corrupt"].append(name)
    return truth


def write_registry(path: str | Path, province: str, year: int) -> None:
    """The province's pool as a registry CSV (id, doc_type, date, issuer, subject)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "doc_type", "date", "issuer", "subject"])
        writer.writeheader()
        writer.writerows(d.registry_row() for d in province_pool(province, year))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to write the reports to")
    ap.add_argument("--n", type=int, default=40, help="number of reports (default 40)")
    ap.add_argument("--province", default="Đồng Nai")
    ap.add_argument("--year", type=int, default=2023)
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--quarter", type=int, choices=[1, 3], default=None)
    group.add_argument("--half", type=int, choices=[1], default=None)
    group.add_argument("--annual", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--conflict", action="store_true", help="plant one date conflict between two bodies")
    ap.add_argument("--corrupt", type=int, default=0, choices=range(len(CORRUPT) + 1), help="add bad files")
    ap.add_argument("--registry", metavar="FILE.csv", help="also write the province's registry CSV")
    ap.add_argument("--truth", metavar="FILE.json", help="also write the batch's ground truth")
    args = ap.parse_args(argv)
    quarter = None if (args.half or args.annual) else (args.quarter or 3)
    period = SynthPeriod(args.year, quarter=quarter, half=args.half)
    truth = write_batch(args.out, args.n, args.province, period, args.seed,
                        conflict=args.conflict, corrupt=args.corrupt)
    if args.registry:
        write_registry(args.registry, args.province, args.year)
    if args.truth:
        Path(args.truth).write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"synth: {len(truth['reports'])} reports, {len(truth['corrupt'])} bad files in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
