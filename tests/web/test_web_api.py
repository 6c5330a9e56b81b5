"""The HTTP API of ``docgen serve`` (issue 16): every endpoint, its refusals, and the promise that the
API gives the CLI's bytes for the same input.

Most tests use Flask's test client (the same WSGI app waitress serves); the concurrency and
``docgen serve`` tests run the real server on a free loopback port.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import docx
import pytest

pytest.importorskip("flask", reason="网页版需要 Flask（pip install 'docgen[web]'）")
pytest.importorskip("waitress", reason="网页版需要 waitress（pip install 'docgen[web]'）")

from cli_run import run  # noqa: E402
from hostile_files import HOSTILE_YAML, hostile_docx  # noqa: E402

from docgen.web import app as web_app  # noqa: E402
from docgen.web import engine, outline  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")

#: a pasted draft written for these tests: web junk on top, a title, salutation, numbered
#: headings of two levels, leads, a closing, and a half-width comma between Chinese characters
DRAFT = """来源：某某县政府网  作者：办公室  发布时间：2026-03-02
在全县安全生产工作会议上的讲话
同志们：
今天召开全县安全生产工作会议,主要任务是总结去年工作，部署今年任务。
一、清醒认识当前安全生产形势
去年全县没有发生较大以上生产安全事故，但隐患依然不少。
（一）道路交通风险仍然突出
农村道路临水临崖路段多，防护设施不足。
（二）建筑施工监管存在短板
一是部分工地安全员配备不到位。二是脚手架验收走过场。
二、扎实做好今年重点工作
各乡镇、各部门要把安全生产摆在更加突出的位置，层层压实责任。
同志们，安全生产责任重于泰山，让我们共同努力，确保全县安全形势持续稳定！
"""

#: a second, different draft (the concurrency test tells documents apart by their titles)
DRAFT_B = """在全县春季植树造林动员会上的讲话
同志们：
今天我们召开动员会，安排部署今年春季植树造林工作。
一、提高认识，增强做好植树造林工作的责任感
植树造林是改善生态环境的基础性工作。
二、突出重点，确保完成全年造林任务
今年全县计划完成人工造林一万亩。
谢谢大家！
"""

#: two unnumbered parallel lines the recogniser takes for headings with confidence below 1; "XX"
#: is a placeholder check reports
DOUBTFUL = """在全县作风建设大会上的讲话
同志们：
今天召开全县作风建设大会，动员全县上下转变作风、提振精神。
要坚持问题导向，在查找不足上下功夫
各单位要对照XX要求，逐条查找问题，列出问题清单，明确整改时限。
要坚持真抓实干，在推动落实上见实效
各级干部要沉下身子，深入一线，狠抓工作落实，以实绩取信于民。
"""

CONTENT = """title: 在全县防汛工作会议上的讲话
salutation: 同志们：
body:
  - 今天召开全县防汛工作会议，安排部署今年防汛工作。
  - heading: 认清形势，增强防汛工作的紧迫感
    body:
      - 今年我县降雨可能偏多，防汛形势不容乐观。
      - heading: 找准薄弱环节
        body:
          - lead: 一是山洪灾害点多面广。
            text: 全县有山洪灾害危险区四十二处。
  - heading: 突出重点，全力做好防汛各项工作
    body:
      - 各乡镇要落实巡查制度，发现险情及时处置。
closing:
  - 同志们，防汛工作责任重大，务必抓紧抓实。
signature: 县防汛抗旱指挥部
date: 2026年5月10日
"""


@pytest.fixture(scope="module")
def client():
    app = web_app.create_app()
    app.testing = True
    c = app.test_client()
    yield c
    app.extensions["docgen_scratch"].close()


class Leftovers:
    """What a request left behind: in the server's own request folders, or in the temporary
    folder the library uses (pointed at a folder of this test only)."""

    def __init__(self, path: Path, requests: Path):
        self.path, self.requests = path, requests

    def __call__(self):
        return sorted(os.listdir(self.path)) + sorted(os.listdir(self.requests))


@pytest.fixture
def private_tmp(client, tmp_path, monkeypatch):
    d = tmp_path / "server-tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return Leftovers(d, client.application.extensions["docgen_scratch"].root / "requests")


def upload(data: bytes, name: str, **fields):
    form = {"file": (io.BytesIO(data), name)}
    form.update(fields)
    return form


def cli_format(tmp_path, monkeypatch, capsys, name: str, data: bytes):
    """The CLI's .docx, .yaml and --report for a draft saved as ``name``."""
    work = tmp_path / "cli"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    (work / name).write_bytes(data)
    stem = Path(name).stem
    code, _, err = run(["format", name, "-o", f"{stem}-cli.docx", "--yaml", f"{stem}-cli.yaml", "--report"], capsys)
    assert code == 0, err
    report = "\n".join(ln for ln in err.splitlines() if not ln.startswith("已生成"))
    return (work / f"{stem}-cli.docx").read_bytes(), (work / f"{stem}-cli.yaml").read_text(encoding="utf-8"), report


def cli_check_json(tmp_path, monkeypatch, capsys, name: str, data: bytes):
    work = tmp_path / "cli"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    (work / name).write_bytes(data)
    code, out, err = run(["check", name, "--format", "json"], capsys)
    assert code in (0, 1), err
    return json.loads(out)


def cli_build(tmp_path, monkeypatch, capsys, text: str) -> bytes:
    work = tmp_path / "cli"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    (work / "content.yaml").write_text(text, encoding="utf-8")
    code, _, err = run(["build", "content.yaml", "-o", "built.docx"], capsys)
    assert code == 0, err
    return (work / "built.docx").read_bytes()


def docx_texts(data: bytes):
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


# -- format ---------------------------------------------------------------------------------------

def test_format_upload_same_bytes_as_cli(client, tmp_path, monkeypatch, capsys, private_tmp):
    data = DRAFT.encode("utf-8")
    cli_docx, cli_yaml, cli_report = cli_format(tmp_path, monkeypatch, capsys, "安全讲话.txt", data)

    r = client.post("/api/format", data=upload(data, "安全讲话.txt"))
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["name"] == "安全讲话.txt"
    assert body["content"] == cli_yaml
    assert body["report"] == cli_report
    assert "NOISE-LINE" in body["report"] and "来源：某某县政府网" in body["report"]
    roles = [(i["role"], i["level"], i["number"], i["text"]) for i in body["outline"]]
    assert roles[0] == ("title", None, None, "在全县安全生产工作会议上的讲话")
    assert roles[1][0] == "salutation"
    assert ("heading", 1, "一、", "清醒认识当前安全生产形势") in roles
    assert ("heading", 2, "（二）", "建筑施工监管存在短板") in roles
    assert ("heading", 1, "二、", "扎实做好今年重点工作") in roles
    assert any(i["role"] == "closing" for i in body["outline"])
    assert any(i["role"] == "body" and i["text"].startswith("一是部分工地") for i in body["outline"])

    r = client.post("/api/format", data=upload(data, "安全讲话.txt", output="docx"))
    assert r.status_code == 200
    assert r.mimetype == web_app.DOCX_MIME
    assert r.data == cli_docx
    assert "filename*=UTF-8''%E5%AE%89%E5%85%A8%E8%AE%B2%E8%AF%9D.docx" in r.headers["Content-Disposition"]
    r = client.post("/api/format", data=upload(data, "安全讲话.txt", output="yaml"))
    assert r.data.decode("utf-8") == cli_yaml
    assert private_tmp() == []


def test_format_findings_are_check_json(client, tmp_path, monkeypatch, capsys):
    data = DRAFT.encode("utf-8")
    expected = cli_check_json(tmp_path, monkeypatch, capsys, "安全讲话.txt", data)
    body = client.post("/api/format", data=upload(data, "安全讲话.txt")).get_json()
    assert body["findings"] == expected
    rules = {f["rule"] for f in expected["files"][0]["findings"]}
    assert {"NOISE-LINE", "PUNCT-HALFWIDTH-IN-CJK"} <= rules


def test_format_pasted_text_is_the_cli_on_a_utf8_file(client, tmp_path, monkeypatch, capsys):
    cli_docx, _, _ = cli_format(tmp_path, monkeypatch, capsys, "粘贴.txt", DRAFT_B.encode("utf-8"))
    r = client.post("/api/format", data={"text": DRAFT_B, "output": "docx", "genre": "speech"})
    assert r.status_code == 200, r.get_json()
    assert r.data == cli_docx
    body = client.post("/api/format", data={"text": DRAFT_B}).get_json()
    assert body["name"] == web_app.PASTED_NAME
    assert body["outline"][0]["text"] == "在全县春季植树造林动员会上的讲话"


def test_format_docx_upload_same_bytes_as_cli(client, tmp_path, monkeypatch, capsys):
    # a Word file typed by hand: plain paragraphs, the heading numbers typed in, one in bold
    d = docx.Document()
    for text in ["在全县秋季森林防火工作会议上的讲话", "同志们：", "今天召开会议，部署秋季森林防火工作。",
                 "一、压实防火责任", "各乡镇要落实网格化管理，责任到人。", "二、加强火源管控",
                 "严禁野外用火，发现火情立即报告。", "谢谢大家！"]:
        d.add_paragraph(text)
    d.paragraphs[3].runs[0].bold = True
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    cli_docx, cli_yaml, cli_report = cli_format(tmp_path, monkeypatch, capsys, "防火.docx", data)
    r = client.post("/api/format", data=upload(data, "防火.docx", output="docx"))
    assert r.status_code == 200, r.get_json()
    assert r.data == cli_docx
    body = client.post("/api/format", data=upload(data, "防火.docx")).get_json()
    assert body["kind"] == "docx" and body["content"] == cli_yaml and body["report"] == cli_report
    assert [i["text"] for i in body["outline"] if i["role"] == "heading"] == ["压实防火责任", "加强火源管控"]


def test_doubtful_decisions_are_marked_on_the_outline(client):
    body = client.post("/api/format", data={"text": DOUBTFUL}).get_json()
    marked = [(i["role"], i["level"], i["confidence"], i["text"]) for i in body["outline"] if "confidence" in i]
    assert marked == [("heading", 1, 0.6, "要坚持问题导向，在查找不足上下功夫"),
                      ("heading", 1, 0.6, "要坚持真抓实干，在推动落实上见实效")]
    assert [d["line"] for d in body["decisions"]] == [4, 6]
    assert all("HEADING-UNNUMBERED" in d["reason"] for d in body["decisions"])


def test_format_unknown_genre_and_output_refused(client):
    r = client.post("/api/format", data={"text": DRAFT, "genre": "通知"})
    assert r.status_code == 400 and "文种" in r.get_json()["error"]
    r = client.post("/api/format", data={"text": DRAFT, "output": "pdf"})
    assert r.status_code == 400 and HAN.search(r.get_json()["error"])


# -- check -----------------------------------------------------------------------------------------

def test_check_same_json_as_cli(client, tmp_path, monkeypatch, capsys):
    data = DRAFT.encode("utf-8")
    expected = cli_check_json(tmp_path, monkeypatch, capsys, "安全讲话.txt", data)
    r = client.post("/api/check", data=upload(data, "安全讲话.txt"))
    assert r.status_code == 200
    assert r.get_json() == expected

    built = cli_build(tmp_path, monkeypatch, capsys, CONTENT)
    expected = cli_check_json(tmp_path, monkeypatch, capsys, "防汛.docx", built)
    r = client.post("/api/check", data=upload(built, "防汛.docx"))
    assert r.get_json() == expected
    assert r.get_json()["files"][0]["kind"] == "docx"


# -- build -----------------------------------------------------------------------------------------

def test_build_same_bytes_as_cli_three_ways(client, tmp_path, monkeypatch, capsys):
    expected = cli_build(tmp_path, monkeypatch, capsys, CONTENT)
    raw = client.post("/api/build", data=CONTENT.encode("utf-8"), content_type="application/yaml")
    field = client.post("/api/build", data={"yaml": CONTENT})
    filed = client.post("/api/build", data={"yaml": (io.BytesIO(CONTENT.encode("utf-8")), "防汛.yaml")})
    for r in (raw, field, filed):
        assert r.status_code == 200, r.get_json()
        assert r.data == expected
    assert "%E9%98%B2%E6%B1%9B.docx" in filed.headers["Content-Disposition"]
    texts = docx_texts(raw.data)
    assert texts[0] == "在全县防汛工作会议上的讲话"
    assert "一、认清形势，增强防汛工作的紧迫感" in texts


def test_build_example_files_same_bytes_as_cli(client, tmp_path, monkeypatch, capsys):
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        text = example.read_text(encoding="utf-8")
        if "title:" not in text or "extends:" in text:
            continue                    # a style file, not a content file
        if "content:" in text:
            # an 附件 named by another content file: the uploaded text has no neighbours, and the
            # server reads no file of its own for it
            r = client.post("/api/build", data=text.encode("utf-8"), content_type="application/yaml")
            assert r.status_code >= 400 and "附件的内容文件" in json.dumps(r.get_json(), ensure_ascii=False)
            continue
        expected = cli_build(tmp_path, monkeypatch, capsys, text)
        r = client.post("/api/build", data=text.encode("utf-8"), content_type="application/yaml")
        assert r.status_code == 200, (example.name, r.get_json())
        assert r.data == expected, example.name


def test_build_warning_header_without_title(client):
    r = client.post("/api/build", data="body:\n  - 今天召开会议。\n".encode(), content_type="text/yaml")
    assert r.status_code == 200
    warnings = json.loads(urllib.request.unquote(r.headers["X-Docgen-Warnings"]))
    assert "STRUCT-TITLE-MISSING" in warnings[0]


def test_build_yaml_error_has_line_and_column(client, private_tmp):
    bad = CONTENT.replace("  - heading: 突出重点", "  - heading: [突出重点", 1)
    r = client.post("/api/build", data=bad.encode("utf-8"), content_type="application/yaml")
    assert r.status_code == 400
    body = r.get_json()
    line = CONTENT.splitlines().index("  - heading: 突出重点，全力做好防汛各项工作") + 1
    assert body["line"] in (line, line + 1), body
    assert HAN.search(body["error"]) and "docgen_web_" not in body["error"] and "content.yaml" not in body["error"]
    assert private_tmp() == []


@pytest.mark.parametrize("kind", sorted(HOSTILE_YAML))
def test_hostile_yaml_refused(client, kind, tmp_path, private_tmp):
    text = HOSTILE_YAML[kind]().replace("{pwned}", str(tmp_path / "pwned"))
    r = client.post("/api/build", data=text.encode("utf-8"), content_type="application/yaml")
    assert r.status_code == 400, kind
    assert HAN.search(r.get_json()["error"])
    assert "Traceback" not in r.get_data(as_text=True)
    assert not (tmp_path / "pwned").exists()
    assert private_tmp() == []


# -- hostile and bad uploads ---------------------------------------------------------------------------

HOSTILE_UPLOADS = ["not-a-zip", "empty", "truncated-zip", "really-a-doc", "really-a-pdf", "missing-document-xml",
                   "malformed-xml", "xxe", "xxe-in-styles", "zip-bomb-document"]


@pytest.fixture(scope="module")
def bomb():
    from hostile_files import BOMB_BYTES, zeros_deflated

    return zeros_deflated(BOMB_BYTES)


@pytest.mark.parametrize("endpoint", ["/api/format", "/api/check"])
@pytest.mark.parametrize("kind", HOSTILE_UPLOADS)
def test_hostile_docx_refused_like_cli(client, kind, endpoint, tmp_path, private_tmp, bomb):
    data = hostile_docx(kind, tmp_path, bomb)
    start = time.monotonic()
    r = client.post(endpoint, data=upload(data, "恶意.docx"))
    assert time.monotonic() - start < 2.0
    assert r.status_code == 400, (kind, r.get_json())
    msg = r.get_json()["error"]
    assert msg.startswith("恶意.docx") and HAN.search(msg), msg
    assert "docgen_web_" not in msg and "input.docx" not in msg
    assert "XXE_MARKER" not in r.get_data(as_text=True)
    assert private_tmp() == []


def test_binary_as_text_and_bad_requests_refused(client, private_tmp):
    cases = [
        (upload(bytes(range(256)) * 40, "草稿.txt"), 400),
        (upload(b"%PDF-1.4 ...", "草稿.pdf"), 400),            # not a suffix format reads
        (upload("正文".encode(), "草稿"), 400),                  # no suffix
        ({"text": "   \n  "}, 400),
        ({}, 400),
    ]
    for form, status in cases:
        r = client.post("/api/format", data=form)
        assert r.status_code == status, (form.keys(), r.get_json())
        assert HAN.search(r.get_json()["error"])
    assert private_tmp() == []
    r = client.get("/api/format")
    assert r.status_code == 405 and HAN.search(r.get_json()["error"])
    r = client.get("/nowhere")
    assert r.status_code == 404 and HAN.search(r.get_json()["error"])


def test_word_97_and_wps_files_asked_to_be_saved_as_docx(client):
    for name in ("旧稿.doc", "旧稿.wps"):
        r = client.post("/api/format", data=upload(b"\xd0\xcf\x11\xe0" + bytes(600), name))
        assert r.status_code == 400
        assert r.get_json()["error"].startswith(name) and "另存为 .docx" in r.get_json()["error"]


def test_upload_size_and_file_count_capped(client, private_tmp):
    big = b"a" * (web_app.MAX_UPLOAD_BYTES + 1024)
    r = client.post("/api/format", data=upload(big, "大.txt"))
    assert r.status_code == 413 and "20 MB" in r.get_json()["error"]
    r = client.post("/api/build", data=big, content_type="application/yaml")
    assert r.status_code == 413
    many = {"file": [(io.BytesIO(DRAFT.encode()), f"{i}.txt") for i in range(web_app.MAX_FILES + 1)]}
    r = client.post("/api/format", data=many)
    assert r.status_code == 413 and str(web_app.MAX_FILES) in r.get_json()["error"]
    two = {"file": [(io.BytesIO(DRAFT.encode()), "a.txt"), (io.BytesIO(DRAFT_B.encode()), "b.txt")]}
    assert client.post("/api/format", data=two).status_code == 400
    assert private_tmp() == []


def test_user_file_name_is_never_a_path(client, tmp_path, monkeypatch, private_tmp):
    target = tmp_path / "victim.txt"
    name = "../../../../" + str(target)
    r = client.post("/api/format", data=upload(DRAFT.encode(), name))
    assert r.status_code == 200
    assert r.get_json()["name"] == "victim.txt"
    assert not target.exists()
    r = client.post("/api/format", data=upload(DRAFT.encode(), '..\\..\\a;bc.txt', output="docx"))
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].startswith('attachment; filename="abc.docx"')
    assert web_app.display_name('a"b\r\nX-Evil: 1\x00.txt', "x") == "abX-Evil 1.txt"
    assert private_tmp() == []
    assert web_app.display_name("/etc/passwd", "x") == "passwd"
    assert web_app.display_name("..", "默认") == "默认"


def test_host_and_origin_checked(client):
    ok = {"text": DRAFT_B}
    assert client.post("/api/format", data=ok, headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert client.post("/api/format", data=ok, headers={"Origin": "http://localhost"}).status_code == 200
    for headers in ({"Host": "evil.example"}, {"Host": "127.0.0.1.evil.example:8765"},
                    {"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": "http://localhost:9999"}):
        r = client.post("/api/format", data=ok, headers=headers)
        assert r.status_code == 403, headers
        assert HAN.search(r.get_json()["error"])
    assert client.get("/", headers={"Host": "attacker.test"}).status_code == 403


# -- outline ----------------------------------------------------------------------------------------

def test_outline_round_trip_keeps_content(client):
    from docgen.model import content_equal

    for path in [ROOT / "examples" / "speech.yaml"]:
        text = path.read_text(encoding="utf-8")
        doc = engine.read_content(text, path.name)
        assert content_equal(outline.unflatten(outline.flatten(doc), doc), doc)
    body = client.post("/api/outline", json={"content": CONTENT}).get_json()
    assert [i["label"] for i in body["outline"]][:5] == ["标题", "称谓（主送）", "正文", "一级标题", "正文"]
    assert body["content"] == CONTENT


def test_outline_change_level_goes_into_content_and_build(client, tmp_path, monkeypatch, capsys):
    items = client.post("/api/outline", json={"content": CONTENT}).get_json()["outline"]
    second = next(i for i in items if i["text"] == "突出重点，全力做好防汛各项工作")
    r = client.post("/api/outline", json={"content": CONTENT,
                                          "edit": {"index": second["index"], "role": "heading", "level": 2}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    moved = next(i for i in body["outline"] if i["text"] == second["text"])
    assert (moved["level"], moved["number"]) == (2, "（二）")
    # its paragraph came along under it
    after = body["outline"][moved["index"] + 1]
    assert after["text"].startswith("各乡镇要落实巡查制度") and after["parent"] == moved["index"]
    doc = engine.read_content(body["content"], "x")
    assert len(doc.body) == 2 and doc.body[1].body[-1].heading == second["text"]
    # the rebuilt .docx is the CLI's build of the changed content file
    built = client.post("/api/build", json={"content": body["content"]}).data
    assert built == cli_build(tmp_path, monkeypatch, capsys, body["content"])
    assert "（二）突出重点，全力做好防汛各项工作" in docx_texts(built)


def test_outline_paragraph_to_heading_and_back(client):
    items = client.post("/api/outline", json={"content": CONTENT}).get_json()["outline"]
    para = next(i for i in items if i["text"].startswith("今年我县降雨可能偏多"))
    body = client.post("/api/outline", json={"content": CONTENT, "edit": {"index": para["index"],
                                                                             "role": "heading", "level": 2}}).get_json()
    made = body["outline"][para["index"]]
    assert made["role"] == "heading" and made["level"] == 2 and made["number"] == "（一）"
    assert body["outline"][para["index"] + 1]["number"] == "（二）"      # 找准薄弱环节 renumbered
    back = client.post("/api/outline", json={"content": body["content"], "edit": {"index": para["index"],
                                                                                   "role": "body"}}).get_json()
    assert engine.read_content(back["content"], "x").body[1].body[0].text == para["text"]
    # the 称谓 made 正文, a paragraph made the 落款
    sal = next(i for i in items if i["role"] == "salutation")
    body = client.post("/api/outline", json={"content": CONTENT, "edit": {"index": sal["index"], "role": "body"}}).get_json()
    doc = engine.read_content(body["content"], "x")
    assert doc.salutation is None and doc.body[0].text == "同志们："


def test_outline_bad_requests(client):
    r = client.post("/api/outline", json={"content": "title: [\n"})
    assert r.status_code == 400 and r.get_json()["line"] == 2
    r = client.post("/api/outline", json={"content": CONTENT, "edit": {"index": 999, "role": "body"}})
    assert r.status_code == 400 and HAN.search(r.get_json()["error"])
    r = client.post("/api/outline", json={"content": CONTENT, "edit": {"index": 0, "role": "boss"}})
    assert r.status_code == 400
    r = client.post("/api/outline", data="not json", content_type="text/plain")
    assert r.status_code == 400


# -- several files: the zip ---------------------------------------------------------------------------

def test_zip_holds_each_docx_and_yaml(client, tmp_path, monkeypatch, capsys):
    other = CONTENT.replace("防汛工作会议", "抗旱工作会议")
    r = client.post("/api/zip", json={"documents": [{"name": "防汛.txt", "content": CONTENT},
                                                    {"name": "抗旱.txt", "content": other},
                                                    {"name": "防汛.txt", "content": other}]})
    assert r.status_code == 200, r.get_json()
    with zipfile.ZipFile(io.BytesIO(r.data)) as zf:
        assert sorted(zf.namelist()) == sorted(["防汛.docx", "防汛.yaml", "抗旱.docx", "抗旱.yaml",
                                                "防汛-2.docx", "防汛-2.yaml"])
        assert zf.read("防汛.docx") == cli_build(tmp_path, monkeypatch, capsys, CONTENT)
        assert zf.read("抗旱.yaml").decode("utf-8") == other
    r = client.post("/api/zip", json={"documents": [{"name": "坏.txt", "content": "title: [\n"}]})
    assert r.status_code == 400 and r.get_json()["line"] == 2


# -- pages -----------------------------------------------------------------------------------------

def test_render_without_libreoffice_says_how_to_install(client, tmp_path, monkeypatch):
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    r = client.post("/api/render", json={"content": CONTENT})
    assert r.status_code == 503
    msg = r.get_json()["error"]
    assert "LibreOffice" in msg and "apt-get install" in msg and ".docx 仍可下载" in msg
    h = client.get("/api/health").get_json()
    assert h["render"] is False and "LibreOffice" in h["render_message"]


@pytest.mark.render
def test_render_pages_and_pdf_by_url(client):
    if engine.render_available() is not None:
        pytest.skip("没有安装 LibreOffice")
    r = client.post("/api/render", json={"content": CONTENT, "name": "防汛.yaml"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert len(body["pages"]) >= 1
    png = client.get(body["pages"][0])
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    pdf = client.get(body["pdf"] + "?name=防汛.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get(f"/api/pages/{body['id']}/99.png").status_code == 404
    assert client.get("/api/pages/../../etc/1.png").status_code == 404
    assert client.get("/api/pages/" + "0" * 32 + "/1.png").status_code == 404


def test_check_content_is_check_of_the_built_docx(client, tmp_path, monkeypatch, capsys):
    built = cli_build(tmp_path, monkeypatch, capsys, CONTENT)
    expected = cli_check_json(tmp_path, monkeypatch, capsys, "防汛.docx", built)
    r = client.post("/api/check-content", json={"content": CONTENT, "name": "防汛.yaml"})
    assert r.status_code == 200
    assert r.get_json() == expected


def test_page_and_assets_are_local(client):
    html = client.get("/").get_data(as_text=True)
    assert "排版" in html and "http://" not in html and "https://" not in html
    for asset in ("/static/app.js", "/static/app.css"):
        text = client.get(asset).get_data(as_text=True)
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
    r = client.get("/")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]


# -- the real server -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    """``docgen serve --port 0`` in a subprocess: its URL."""
    from docgen.web.launch import spawn

    proc, url = spawn(ROOT)
    assert url, "docgen serve did not start"
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def post_form(url: str, fields: dict) -> bytes:
    boundary = "----docgen-test-boundary"
    parts = []
    for k, v in fields.items():
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
    body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")
    req = urllib.request.Request(url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def test_serve_listens_on_loopback_and_refuses_foreign_hosts(server):
    with urllib.request.urlopen(server + "api/health", timeout=30) as resp:
        assert json.load(resp)["ok"] is True
    req = urllib.request.Request(server + "api/health", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    assert err.value.code == 403


def test_concurrent_requests_do_not_mix_documents(server):
    drafts = [DRAFT, DRAFT_B] * 4
    expected = {d: post_form(server + "api/format", {"text": d, "output": "docx"}) for d in (DRAFT, DRAFT_B)}
    assert expected[DRAFT] != expected[DRAFT_B]
    results = [None] * len(drafts)

    def work(i):
        results[i] = post_form(server + "api/format", {"text": drafts[i], "output": "docx"})

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(drafts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for d, got in zip(drafts, results):
        assert got == expected[d]


def test_serve_port_in_use_is_one_chinese_line(server):
    port = server.rsplit(":", 1)[1].strip("/")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "docgen", "serve", "--port", port], cwd=str(ROOT),
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "端口" in lines[0] and "Traceback" not in done.stderr


@pytest.mark.render
def test_stopped_server_leaves_no_temporary_files(tmp_path):
    """``kill`` (SIGTERM) while a page is being rendered: the server's folder is removed."""
    if engine.render_available() is not None:
        pytest.skip("没有安装 LibreOffice")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    from docgen.web.launch import spawn

    proc, url = spawn(ROOT, env=dict(os.environ, TMPDIR=str(tmpdir)))
    assert url
    body = json.dumps({"content": CONTENT}).encode("utf-8")

    def render():
        req = urllib.request.Request(url + "api/render", data=body, headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=120).read()
        except (urllib.error.URLError, ConnectionError):
            pass

    render()                                     # a page set kept for its image URLs
    assert any(p.name.startswith("docgen_web_") for p in tmpdir.iterdir())
    t = threading.Thread(target=render)
    t.start()
    time.sleep(0.5)                              # in flight (LibreOffice takes seconds)
    proc.terminate()
    assert proc.wait(timeout=60) == 0
    t.join(timeout=120)
    assert "已停止" in proc.stderr.read()
    assert [p.name for p in tmpdir.iterdir() if p.name.startswith("docgen_web_")] == []


def test_serve_without_the_web_extra_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "waitress", None)
    code, _, err = run(["serve", "--port", "0"], capsys)
    assert code == 2
    assert "pip install 'docgen[web]'" in err and "waitress" in err and "Traceback" not in err
