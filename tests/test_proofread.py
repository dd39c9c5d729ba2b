"""`inspector proofread`: drafts in .txt, .html (GBK too) and .docx, text and JSON output, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

from docx import Document


def proofread(*args, cwd):
    return subprocess.run([sys.executable, "-m", "inspector", "proofread", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_txt_draft_reports_line_evidence_and_suggestion(tmp_path):
    (tmp_path / "draft.txt").write_text("关于做好年底工作的通知\n全体干部要再接再励，认真学习《中华人民共合国宪法》。\n",
                                        encoding="utf-8")
    result = proofread("draft.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("draft.txt:2:") and "再接再厉" in line for line in lines)
    assert any("中华人民共和国" in line for line in lines)


def test_json_output_and_clean_draft(tmp_path):
    (tmp_path / "ok.txt").write_text("全体干部要再接再厉，推动各项工作落实落细。", encoding="utf-8")
    clean = proofread("ok.txt", "--json", cwd=tmp_path)
    assert clean.returncode == 0 and json.loads(clean.stdout)["findings"] == []
    (tmp_path / "bad.txt").write_text("会议对下一阶段工作进行了布署。", encoding="utf-8")
    data = json.loads(proofread("bad.txt", "--json", cwd=tmp_path).stdout)
    [finding] = data["findings"]
    assert (finding["line"], finding["evidence"], finding["suggestion"], finding["rule"]) == (1, "布署", "部署", "text.typo")
    assert finding["column"] == 13  # 1-based: 会议对下一阶段工作进行了 is 12 characters


def test_gbk_html_and_docx(tmp_path):
    html = "<html><head><meta charset='gb2312'></head><body><p>王镕同志指出</p><p>要再接再励</p></body></html>"
    (tmp_path / "d.html").write_bytes(html.encode("gbk"))
    result = proofread("d.html", "--json", cwd=tmp_path)
    assert [f["evidence"] for f in json.loads(result.stdout)["findings"]] == ["再接再励"]
    document = Document()
    document.add_paragraph("第一段没有问题。")
    document.add_paragraph("推动扫黑险恶常态化。")
    document.save(tmp_path / "d.docx")
    data = json.loads(proofread("d.docx", "--json", cwd=tmp_path).stdout)
    assert [(f["line"], f["evidence"], f["severity"]) for f in data["findings"]] == [(2, "扫黑险恶", "veto")]


def test_fail_on_levels_and_bad_files(tmp_path):
    (tmp_path / "w.txt").write_text("平台已开放公共數據集。", encoding="utf-8")
    assert proofread("w.txt", cwd=tmp_path).returncode == 0            # a warning is below --fail-on error
    assert proofread("w.txt", "--fail-on", "warning", cwd=tmp_path).returncode == 1
    missing = proofread("nope.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "找不到文件" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert proofread("x.pdf", cwd=tmp_path).returncode == 2
