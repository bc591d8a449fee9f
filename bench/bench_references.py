"""Linear time on a 2 MB report of repeated citations (issue 3).

Builds reports of growing size from citation-dense paragraphs (every form the grammar
knows, noisy spacing, nested citations, short and back references), in two shapes:
many paragraphs, and a few giant paragraphs (the worst case for sentence and trích
yếu scans). Prints the median time of `extract_references` per size and the time per
MB: a flat last column means linear time. No assertions: run it, read it.

    .venv/bin/python bench/bench_references.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from extractor.document import Block, Document, RawDocument
from extractor.models import Report
from extractor.references import extract_references

PARAGRAPH = (
    "Thực hiện Kế hoạch số {n}/KH-UBND ngày 29/12/2022 của Chủ tịch UBND tỉnh về cải cách hành chính năm 2023; "
    "Công văn số {n}3/SNV-TT ngày 06/3/2023 của Sở Nội vụ hướng dẫn thực hiện chế độ báo cáo, Sở Công Thương "
    "đã ban hành Văn bản số {n}4/SCT-VP ngày 11/7/2023 về việc triển khai Quyết định số {n}5/QĐ-UBND ngày 04/8/2023 "
    "của UBND tỉnh Đồng Nai về việc công bố danh mục thủ tục hành chính; Nghị định số {n}/2018/NĐ-CP  ngày  23/4/2018 "
    "của  Chính  phủ sửa đổi, bổ sung một số điều; Công văn số {n}-CV/TU ngày 28-8-2023 của Tỉnh ủy; Quyết định số "
    "44 /2005/QĐ-UBND; Nghị quyết 35/NQ- CP; số31-QĐ/TW; Văn bản sô {n}/STC-QLG&CS ngày 31/02/2023. "
    "Ngày 21/8/2023, Sở ban hành Tờ trình số {n}6/TTr-SCT trình UBND tỉnh phê duyệt dự thảo Nghị quyết. "
    "Theo Quyết định {n}5 và Luật Phòng, chống tham nhũng, Quyết định nêu trên đạt 11/63, TCVN ISO 9001:2015."
)


def report(size: int, giant: bool) -> Document:
    """About `size` characters of citations; `giant` puts them in 4 paragraphs."""
    texts, total, n = [], 0, 1
    while total < size:
        texts.append(PARAGRAPH.format(n=n % 9000 + 1))
        total += len(texts[-1]) + 1
        n += 1
    if giant:
        step = max(1, len(texts) // 4)
        texts = [" ".join(texts[i:i + step]) for i in range(0, len(texts), step)]
    return Document(RawDocument(format="txt", blocks=[Block(index=i, kind="paragraph", text=t)
                                                     for i, t in enumerate(texts)]))


def median_seconds(doc: Document, repeat: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = len(extract_references(doc, Report(agency="Sở Công Thương"))[0])
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'shape':<11}{'MB':>6}{'mentions':>10}{'median s':>10}{'s per MB':>10}")
    for giant in (False, True):
        for mb in (0.25, 0.5, 1.0, 2.0):
            doc = report(int(mb * 1024 * 1024), giant)
            seconds, found = median_seconds(doc, args.repeat)
            shape = "giant" if giant else "paragraphs"
            print(f"{shape:<11}{mb:>6.2f}{found:>10}{seconds:>10.2f}{seconds / mb:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
