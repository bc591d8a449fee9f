"""Cross-checks: one document cited differently by several bodies, and against a registry."""

from __future__ import annotations

import json

import pytest
from batch_factories import ref, result

import cli
from extractor import store
from extractor.crosscheck import (
    Citation, RegistryEntry, RegistryError, check_registry, crosscheck, find_conflicts, load_registry,
)

P = "Đồng Nai"


def cite(agency: str | None, id: str = "282/KH-UBND", *, date: str | None = None, doc_type: str | None = None,
         issuer: str | None = None, subject: str | None = None, role: str = "cited", report: str | None = None):
    return Citation(report or f"{agency}.txt", agency, P, id, doc_type, date, issuer, subject, role)


def _found(citations) -> list[tuple]:
    return [(c.code, c.kind, c.expected) for c in find_conflicts(citations)]


CASES = [
    # A planted date conflict: three bodies write 29/12/2022, one writes 28/12/2022.
    ([cite("Sở Tư pháp", date="2022-12-28"), cite("Sở Y tế", date="2022-12-29"),
      cite("Sở Xây dựng", date="2022-12-29"), cite("Sở Nội vụ", date="2022-12-29")],
     [("CROSS_DATE_CONFLICT", "cited_differently", "2022-12-29")]),
    # Two bodies, two dates: no majority to point at.
    ([cite("Sở Tư pháp", date="2022-12-28"), cite("Sở Y tế", date="2022-12-29")],
     [("CROSS_DATE_CONFLICT", "cited_differently", None)]),
    # Ids that differ only in case are one document (contract: equal ignoring case).
    ([cite("Sở Tư pháp", "282/kh-ubnd", date="2022-12-28"), cite("Sở Y tế", date="2022-12-29")],
     [("CROSS_DATE_CONFLICT", "cited_differently", None)]),
    # A date stated by one body only is no conflict.
    ([cite("Sở Tư pháp"), cite("Sở Y tế", date="2022-12-29")], []),
    # One body contradicting itself is its own report's finding, not a cross-check.
    ([cite("Sở Tư pháp", date="2022-12-28"), cite("Sở Tư pháp", date="2022-12-29")], []),
    # Issuer spelled three ways (abbreviation, province added): the same body (gold README conventions).
    ([cite("Sở Tư pháp", issuer="UBND tỉnh"), cite("Sở Y tế", issuer="Ủy ban nhân dân tỉnh Đồng Nai"),
      cite("Sở Xây dựng", issuer="UBND tỉnh Đồng Nai")], []),
    # "Chủ tịch UBND tỉnh" vs "UBND tỉnh" are different issuers (gold judgement call 3).
    ([cite("Sở Tư pháp", issuer="Chủ tịch UBND tỉnh"), cite("Sở Y tế", issuer="UBND tỉnh")],
     [("CROSS_ISSUER_CONFLICT", "cited_differently", None)]),
    # "Văn bản số 383/KH-SCT" names no type: it does not conflict with "Kế hoạch" (real report, line 10).
    ([cite("Sở Tư pháp", doc_type="Văn bản"), cite("Sở Y tế", doc_type="Kế hoạch")], []),
    ([cite("Sở Tư pháp", doc_type="Quyết định"), cite("Sở Y tế", doc_type="Kế hoạch")],
     [("CROSS_DOC_TYPE_CONFLICT", "cited_differently", None)]),
    # A shortened trích yếu and a "về việc" marker are the same subject.
    ([cite("Sở Tư pháp", subject="cải cách hành chính tỉnh Đồng Nai năm 2023"),
      cite("Sở Y tế", subject="về việc cải cách hành chính năm 2023")], []),
    # Different content behind one id: reported, as information only.
    ([cite("Sở Tư pháp", subject="thông tin, tuyên truyền cải cách hành chính năm 2023"),
      cite("Sở Y tế", subject="kiểm tra công tác cải cách hành chính năm 2023")],
     [("CROSS_SUBJECT_CONFLICT", "cited_differently", None)]),
    # The issuing body's own values are the expected ones.
    ([cite("Sở Tư pháp", "355/KH-STP", date="2023-06-28", role="issued"),
      cite("Sở Y tế", "355/KH-STP", date="2023-06-27"), cite("Sở Xây dựng", "355/KH-STP", date="2023-06-27")],
     [("CROSS_DATE_CONFLICT", "issued_vs_cited", "2023-06-28")]),
    # ... and its issuer is itself: another body attributing it elsewhere is a conflict.
    ([cite("Sở Tư pháp", "355/KH-STP", role="issued"), cite("Sở Y tế", "355/KH-STP", issuer="Sở Tài chính")],
     [("CROSS_ISSUER_CONFLICT", "issued_vs_cited", "Sở Tư pháp")]),
    # Two bodies claiming one number.
    ([cite("Sở Tư pháp", "355/KH-STP", role="issued"), cite("Sở Y tế", "355/KH-STP", role="issued")],
     [("CROSS_ISSUED_TWICE", "issued_twice", None), ("CROSS_ISSUER_CONFLICT", "cited_differently", None)]),
    # "52/KH-UBND" of two provinces are two plans (a batch holding reports of several provinces).
    ([cite("Sở Y tế", "52/KH-UBND", date="2024-01-15"),
      Citation("b.txt", "Sở Tư pháp", "Bình Dương", "52/KH-UBND", date="2024-01-17")], []),
    # A report whose province is unknown is compared within the batch's province.
    ([cite("Sở Y tế", date="2022-12-29"), Citation("b.txt", "Sở Tư pháp", None, "282/KH-UBND", date="2022-12-28")],
     [("CROSS_DATE_CONFLICT", "cited_differently", None)]),
    # Reports whose body is unknown are told apart by file.
    ([cite(None, "1084/KH-SCT", date="2023-03-08", report="x.txt"),
      cite(None, "1084/KH-SCT", date="2023-03-09", report="y.txt")],
     [("CROSS_DATE_CONFLICT", "cited_differently", None)]),
]


@pytest.mark.parametrize("citations,expected", CASES)
def test_find_conflicts(citations, expected):
    assert _found(citations) == expected


def test_a_conflict_names_its_values_bodies_and_places():
    (c,) = find_conflicts(CASES[0][0])
    assert [(v.value, v.bodies) for v in c.variants] == [
        ("2022-12-28", ["Sở Tư pháp"]), ("2022-12-29", ["Sở Nội vụ", "Sở Xây dựng", "Sở Y tế"])]
    d = c.to_dict()
    assert d["severity"] == "warning" and "282/KH-UBND" in d["message"]
    assert d["variants"][0]["places"][0]["report"] == "Sở Tư pháp.txt"


# -- registry ----------------------------------------------------------------------------------

REGISTRY = {"282/kh-ubnd": RegistryEntry("282/KH-UBND", "Kế hoạch", "2022-12-29", "Ủy ban nhân dân tỉnh Đồng Nai",
                                         "cải cách hành chính tỉnh Đồng Nai năm 2023")}


@pytest.mark.parametrize("citation,status,fields", [
    (cite("Sở Y tế", date="2022-12-29", doc_type="Kế hoạch", issuer="UBND tỉnh",
          subject="cải cách hành chính năm 2023"), "confirmed", []),
    (cite("Sở Y tế"), "confirmed", []),  # nothing stated to compare: not a mismatch
    (cite("Sở Y tế", doc_type="Văn bản"), "confirmed", []),  # a generic type word is not compared
    (cite("Sở Y tế", date="2022-12-28"), "mismatch", ["date"]),
    (cite("Sở Y tế", date="2022-12-28", issuer="Chủ tịch UBND tỉnh"), "mismatch", ["date", "issuer"]),
    (cite("Sở Y tế", "5782-CV/TU", date="2023-01-05"), "unknown", []),  # not in the registry: never "wrong"
])
def test_check_registry(citation, status, fields):
    (check,) = check_registry([citation], REGISTRY)
    assert (check.status, [d["field"] for d in check.differences]) == (status, fields)


@pytest.mark.parametrize("content", [
    "id,doc_type,date,issuer,subject\n282/KH-UBND,Kế hoạch,2022-12-29,UBND tỉnh,cải cách hành chính\n",
    # a semicolon-separated export with a BOM and Vietnamese dates (Excel in a Vietnamese locale)
    "\ufeffID;Doc_type;Date;Issuer;Subject\n282/KH-UBND;Kế hoạch;29/12/2022;UBND tỉnh;cải cách hành chính\n",
])
def test_load_registry(tmp_path, content):
    path = tmp_path / "registry.csv"
    path.write_text(content, encoding="utf-8")
    entry = load_registry(path)["282/kh-ubnd"]
    assert (entry.id, entry.date, entry.issuer) == ("282/KH-UBND", "2022-12-29", "UBND tỉnh")


def test_registry_without_an_id_column_is_refused(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("so_hieu,ngay\n282/KH-UBND,2022-12-29\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="no 'id' column"):
        load_registry(path)


# -- over the store, and the command ---------------------------------------------------------------

@pytest.fixture
def out(tmp_path):
    with store.opened(tmp_path / store.DEFAULT_NAME) as conn:
        for name, agency, when in (("a.txt", "Sở Tư pháp", "2022-12-28"), ("b.txt", "Sở Y tế", "2022-12-29"),
                                   ("c.txt", "Sở Xây dựng", "2022-12-29")):
            r = result(name, agency, references=[ref("282/KH-UBND", when, "Kế hoạch", "UBND tỉnh")])
            store.ingest(conn, r, name)
    return tmp_path


def test_crosscheck_reads_the_store(out):
    with store.opened(out / store.DEFAULT_NAME) as conn:
        found = crosscheck(conn, REGISTRY)
    assert (found.reports, found.citations) == (3, 3)
    assert [c.code for c in found.conflicts] == ["CROSS_DATE_CONFLICT"]
    assert [r.status for r in found.registry] == ["mismatch", "confirmed", "confirmed"]
    json.dumps(found.to_dict(), ensure_ascii=False)


def test_cli_crosscheck_prints_a_table_and_writes_json(out, tmp_path, capsys):
    reg = tmp_path / "registry.csv"
    reg.write_text("id,date\n282/KH-UBND,2022-12-29\n", encoding="utf-8")
    assert cli.main(["crosscheck", str(out), "--registry", str(reg), "--json", str(tmp_path / "x.json")]) == 0
    printed = capsys.readouterr().out
    assert "282/KH-UBND" in printed and "Sở Tư pháp" in printed and "mismatch 1" in printed
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data["registry"]["summary"] == {"mismatch": 1, "confirmed": 2}


@pytest.mark.parametrize("args", [
    ["crosscheck", "{missing}"],  # no store in that folder
    ["crosscheck", "{out}", "--registry", "{missing}/registry.csv"],  # unreadable registry
])
def test_cli_crosscheck_usage_errors(out, tmp_path, args):
    argv = [a.format(out=out, missing=tmp_path / "nowhere") for a in args]
    assert cli.main(argv) == cli.EXIT_USAGE


@pytest.mark.parametrize("citations,expected", [
    # Communes and the province all sign "…/KH-UBND": one number, different documents.
    ([cite("UBND xã Phú Bình", "522/KH-UBND", date="2023-09-02", role="issued"),
      cite("UBND xã Hưng Bình", "522/KH-UBND", date="2023-07-19", role="issued")], []),
    ([cite("Sở Y tế", date="2022-12-29", issuer="UBND tỉnh"),
      cite("UBND xã Phú Bình", date="2023-07-19", role="issued")], []),
    # "Ban hành Quyết định số 284/QĐ-UBND" in two communes' reports, no issuer: cannot tell, no conflict.
    ([cite("UBND xã Phú Bình", "284/QĐ-UBND", date="2023-09-01"),
      cite("UBND xã Hưng Bình", "284/QĐ-UBND", date="2023-07-21")], []),
    # With one stated issuer, a citation without one is taken to mean that document.
    ([cite("Sở Y tế", date="2022-12-29", issuer="UBND tỉnh"), cite("Sở Tư pháp", date="2022-12-28")],
     [("CROSS_DATE_CONFLICT", "cited_differently", None)]),
    # A person's office does not make another document (gold: 282/KH-UBND issuer conflict).
    ([cite("Sở Y tế", issuer="Chủ tịch UBND tỉnh"), cite("Sở Tư pháp", issuer="UBND tỉnh Đồng Nai")],
     [("CROSS_ISSUER_CONFLICT", "cited_differently", None)]),
    # A code of one body only ("KH-STP"): two claims on one number are a conflict.
    ([cite("Sở Tư pháp", "355/KH-STP", role="issued"), cite("Sở Y tế", "355/KH-STP", role="issued")],
     [("CROSS_ISSUED_TWICE", "issued_twice", None), ("CROSS_ISSUER_CONFLICT", "cited_differently", None)]),
])
def test_shared_codes_do_not_identify_a_document(citations, expected):
    assert _found(citations) == expected
