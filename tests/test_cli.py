"""The command line: outputs, one-line errors, exit codes (0 all read, 1 some failed, 2 usage)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = "BÁO CÁO\nKết quả CCHC Quý I năm 2024\nI. CÔNG TÁC CHỈ ĐẠO\n- Sở Y tế đã ban hành Kế hoạch số 12/KH-SYT ngày 05/01/2024.\n"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _truncated_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 200)
    return buf.getvalue()[:60]


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    return buf.getvalue()


BAD = [
    # (file name, content, words the one-line reason must contain)
    ("empty.txt", b"", "empty file"),
    ("blank.docx", b"   \n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary"),
    ("scan.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),  # a PDF renamed .docx
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Word .doc or an encrypted"),
    ("broken.docx", None, "zip"),  # truncated zip
    ("other.docx", None, "word/document.xml"),  # a zip that is not a Word document
    ("notes.docx", b"just some text, not a zip", "not a .docx"),
]


@pytest.mark.parametrize("name,content,reason", BAD)
def test_bad_file_gives_one_clear_line(tmp_path, name, content, reason):
    if content is None:
        content = _truncated_zip() if name == "broken.docx" else _zip_without_document()
    path = tmp_path / name
    path.write_bytes(content)
    proc = run("extract", str(path))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_missing_file(tmp_path):
    proc = run("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 1 and "no such file" in proc.stderr


def test_batch_goes_on_after_a_bad_file(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(GOOD.replace("Sở Y tế", "Sở Tư pháp"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run("extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt"), "-o", str(out))
    assert proc.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.txt.json", "c.txt.json"]
    assert json.loads((out / "c.txt.json").read_text(encoding="utf-8"))["report"]["agency"] == "Sở Tư pháp"
    assert proc.stderr.count("\n") == 1 and "b.txt: empty file" in proc.stderr


def test_single_file_to_stdout_and_to_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    proc = run("extract", str(src))
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["schema_version"] == "1" and data["source"]["format"] == "txt"
    assert data["report"]["period"]["quarter"] == 1
    assert run("extract", str(src), "-o", str(tmp_path / "r.json")).returncode == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["source"]["sha256"] == data["source"]["sha256"]


def test_jsonl(tmp_path):
    for n in "ab":
        (tmp_path / f"{n}.txt").write_text(GOOD, encoding="utf-8")
    proc = run("extract", "--jsonl", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0 and len(lines) == 2
    assert all(json.loads(line)["schema_version"] == "1" for line in lines)


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("extract").returncode == 2
    assert run("frobnicate").returncode == 2


def test_schema_and_version():
    proc = run("schema")
    schema = json.loads(proc.stdout)
    assert proc.returncode == 0 and {"references", "report", "tables"} <= set(schema["properties"])
    assert run("--version").stdout.startswith("cchc-extract ")


def test_console_script_is_the_same_program():
    from cli import main, run  # the `cchc` console script points at cli:run, which calls main

    assert main(["schema"]) == 0 and callable(run)
    assert 'cchc = "cli:run"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_a_one_shot_command_ends_fast_with_its_output_whole(tmp_path):
    # extract ends with os._exit: the JSON on stdout must still be complete, the code kept
    proc = run("extract", str(ROOT / "corpus" / "so_tu_phap_binh_duong_q1_2024.txt"))
    assert proc.returncode == 0 and json.loads(proc.stdout)["report"]["agency"]
    bad = run("extract", str(tmp_path / "missing.txt"))
    assert bad.returncode == 1 and "cchc:" in bad.stderr
