"""The whole 公文 (DESIGN.md §3b, issue 14): content keys and their errors, the frame in the .docx,
``docgen new``, genre recognition in ``format`` and the genre gate and FRAME-* rules of ``check``.

Layout on paper (positions in mm, red ink, line widths, even page counts, page numbers) is measured
in tests/test_render.py (test_frame_positions); here the .docx itself is opened and read.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from docgen.errors import ContentError
from docgen.model import GENRES, content_equal, from_dict, to_dict
from docgen.readers.yaml import read, read_text
from docgen.style import load_style
from docgen.writers.docx import render_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

NOTICE = """\
genre: notice
header:
  copy_no: "000123"
  secret: 机密★1年
  urgency: 特急
  issuer: 中共某某县委办公室
  issuer_suffix: 文件
  doc_no: 某办发〔2026〕9号
title: 关于开展2026年度机关作风建设专项检查的通知
recipients: 各乡镇党委，县直各单位
body:
  - 为进一步转变机关作风、提高工作效能，县委决定于4月至5月在全县开展机关作风建设专项检查。请各单位对照检查内容认真开展自查。
  - 特此通知。
attachments:
  - 机关作风建设专项检查内容
  - 自查报告提纲
sign:
  org: 中共某某县委办公室
  date: 2026年4月2日
  stamped: false
note: 此件发至乡镇
annexes:
  - title: 机关作风建设专项检查内容
    body:
      - 一是工作纪律执行情况。二是服务群众情况。
  - title: 自查报告提纲
    body:
      - 自查报告包括基本情况、存在问题和整改措施三部分。
imprint:
  cc: [县纪委监委机关]
  org: 中共某某县委办公室
  date: 2026年4月2日
"""


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def texts(d):
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in d.element.body.iter(W + "p")]


# -- content keys and their errors ---------------------------------------------------------------------

def test_all_frame_keys_are_read():
    doc = read_text(NOTICE, "n.yaml")
    f = doc.frame
    assert f.genre == "notice"
    assert (f.header.copy_no, f.header.secret, f.header.urgency) == ("000123", "机密★1年", "特急")
    assert f.header.issuer == "中共某某县委办公室" and f.header.issuer_suffix == "文件"
    assert f.recipients == "各乡镇党委，县直各单位："            # the colon is added
    assert f.attachments == ["机关作风建设专项检查内容", "自查报告提纲"]
    assert (f.sign.org, f.sign.date, f.sign.stamped) == ("中共某某县委办公室", "2026年4月2日", False)
    assert f.note == "此件发至乡镇"
    assert [a.title for a in f.annexes] == ["机关作风建设专项检查内容", "自查报告提纲"]
    assert f.imprint.cc == ["县纪委监委机关"] and f.imprint.date == "2026年4月2日"


def test_a_speech_has_no_frame_and_its_dict_is_unchanged():
    doc = read(EXAMPLES / "speech.yaml")
    assert doc.frame is None and doc.genre == "speech"
    assert "frame" not in to_dict(doc)


def test_the_frame_survives_the_model_round_trip():
    doc = read_text(NOTICE, "n.yaml")
    again = from_dict(to_dict(doc))
    assert content_equal(doc, again)
    assert again.frame.annexes[1].title == "自查报告提纲"


@pytest.mark.parametrize("text, where, words", [
    ("genre: novel\nbody: [正文。]\n", (1, 8), "未知的文种"),
    ("genre: notice\nheader:\n  issuer: 某某县人民政府\n  signer: 王某\nbody: [正文。]\n", (4, 3), "签发人只用于上行文"),
    ("sign:\n  org: 某某县人民政府\n  date: 2026年03月05日\nbody: [正文。]\n", (3, 9), "不编虚位"),
    ("sign:\n  date: 二〇二六年三月五日\nbody: [正文。]\n", (2, 9), "阿拉伯数字"),
    ("header:\n  issuer: 某某县人民政府\n  doc_no: 某政发〔2026〕第5号\nbody: [正文。]\n", (3, 11), "不加“第”"),
    ("header:\n  issuer: 某某县人民政府\n  doc_no: 某政发〔2026〕05号\nbody: [正文。]\n", (3, 11), "不编虚位"),
    ("header:\n  issuer: 某某县人民政府\n  doc_no: '某政发(2026)5号'\nbody: [正文。]\n", (3, 11), "六角括号"),
    ("header:\n  copy_no: '12'\n  issuer: 某某县人民政府\nbody: [正文。]\n", (2, 12), "6 位"),
    ("attachments:\n  - 值班表。\nbody: [正文。]\n", (2, 5), "不加标点"),
    ("imprint:\n  org: 某某县人民政府办公室\nbody: [正文。]\n", (2, 3), "同时给出"),
    ("annexes:\n  - content: nowhere.yaml\nbody: [正文。]\n", (2, 14), "附件的内容文件"),
])
def test_bad_frame_keys_are_errors_at_file_line_col(text, where, words):
    with pytest.raises(ContentError) as err:
        read_text(text, "bad.yaml")
    assert (err.value.line, err.value.col) == where, str(err.value)
    assert words in err.value.message


def test_cli_reports_a_frame_error_in_chinese_with_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("genre: notice\nheader:\n  issuer: 某某县人民政府\n  signer: 王某\nbody: [正文。]\n",
                   encoding="utf-8")
    r = run_cli("build", str(bad), "-o", str(tmp_path / "x.docx"))
    assert r.returncode == 2
    assert f"{bad}:4:3:" in r.stderr and "签发人" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.docx").exists()


# -- the frame in the .docx ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def notice_docx():
    data = render_docx(read_text(NOTICE, "n.yaml"), load_style())
    return docx.Document(io.BytesIO(data))


def test_the_frame_text_is_there_in_order(notice_docx):
    t = [x for x in texts(notice_docx) if x]
    assert t[:6] == ["000123", "机密★1年", "特急", "中共某某县委办公室文件", "某办发〔2026〕9号",
                     "关于开展2026年度机关作风建设专项检查的通知"]
    assert t[6] == "各乡镇党委，县直各单位："
    i = t.index("特此通知。")
    assert t[i + 1:i + 6] == ["附件：1.机关作风建设专项检查内容", "2.自查报告提纲", "中共某某县委办公室", "2026年4月2日",
                              "（此件发至乡镇）"]
    assert t[i + 6] == "附件1" and "附件2" in t
    assert t[-2:] == ["抄送：县纪委监委机关。", "中共某某县委办公室2026年4月2日印发"]


def test_issuer_is_red_centred_and_squeezed_to_the_text_width(notice_docx):
    body = notice_docx.element.body
    p = next(p for p in body.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")) == "中共某某县委办公室文件")
    run = p.find(W + "r")
    assert run.find(f"{W}rPr/{W}color").get(W + "val") == load_style().frame["red"]
    assert p.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    scale = int(run.find(f"{W}rPr/{W}w").get(W + "val"))
    size = int(run.find(f"{W}rPr/{W}sz").get(W + "val")) / 2
    assert 11 * size * scale / 100 <= 156 / 25.4 * 72          # 11 characters fit the 版心


def test_red_separator_is_a_bottom_border_of_the_doc_no_line(notice_docx):
    body = notice_docx.element.body
    p = next(p for p in body.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")) == "某办发〔2026〕9号")
    border = p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert border.get(W + "color") == load_style().frame["red"]
    assert p.find(f"{W}pPr/{W}ind").get(W + "left") == "0"      # full 版心 width


def test_imprint_is_a_last_section_without_page_numbers(notice_docx):
    sections = notice_docx.sections
    assert len(sections) == 2
    for footer in (sections[-1].footer, sections[-1].even_page_footer):
        assert not footer.is_linked_to_previous
        assert "PAGE" not in footer._element.xml
    assert "PAGE" in sections[0].footer._element.xml
    table = notice_docx.tables[-1]._tbl
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    sizes = {b.tag[len(W):]: b.get(W + "sz") for b in borders}
    assert sizes["top"] == sizes["bottom"] == "8" and sizes["insideH"] == "6"    # 0.35 / 0.25 mm
    assert table.find(f"{W}tblGrid/{W}gridCol").get(W + "w") == str(round(156 * 1440 / 25.4))


def test_annex_pages_start_with_a_page_break_and_a_heiti_label(notice_docx):
    body = notice_docx.element.body
    labels = [p for p in body.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")) in ("附件1", "附件2")]
    assert len(labels) == 2
    for p in labels:
        assert p.find(f"{W}pPr/{W}pageBreakBefore") is not None
        assert p.find(f"{W}r/{W}rPr/{W}rFonts").get(W + "eastAsia") == "黑体"


def test_upward_genre_puts_signer_on_the_doc_no_line():
    doc = read(EXAMPLES / "request.yaml")
    d = docx.Document(io.BytesIO(render_docx(doc, load_style())))
    line = next(p for p in d.paragraphs if "签发人" in p.text)
    assert line.text == "\t某政〔2026〕15号\t签发人：王建华"
    fonts = [r._r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") for r in line.runs if r.text.strip()]
    assert fonts[-2:] == ["仿宋_GB2312", "楷体_GB2312"]


def test_page_parity_estimate_adds_a_blank_page_when_the_body_ends_on_an_even_page():
    from docgen.writers.paginate import last_page

    long = read_text(NOTICE.replace("  - 特此通知。", "\n".join(
        ["  - " + "各单位要认真组织开展自查，对发现的问题建立台账、限期整改，确保检查取得实效。" * 3] * 24)), "n.yaml")
    d = docx.Document(io.BytesIO(render_docx(long, load_style())))
    body = d.element.body
    sect_p = next(p for p in body.iter(W + "p") if p.find(f"{W}pPr/{W}sectPr") is not None)
    before = []
    for node in body:
        before.append(node)
        if node is sect_p:
            break
    pages = last_page(load_style(), d.styles.element, before)
    after = list(body)[len(before):]
    breaks = sum(1 for n in after if n.find(f"{W}pPr/{W}pageBreakBefore") is not None)
    assert breaks == (1 if pages % 2 == 0 else 0)


# -- docgen new ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("genre", list(GENRES))
def test_new_writes_a_commented_starter_that_builds(genre, tmp_path):
    out = tmp_path / f"{genre}.yaml"
    r = run_cli("new", genre, "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("#") and "docgen build" in text
    doc = read(out)
    assert doc.genre == genre
    r = run_cli("build", str(out), "-o", str(tmp_path / "x.docx"))
    assert r.returncode == 0, r.stderr


def test_new_refuses_to_overwrite_and_rejects_unknown_genres(tmp_path):
    out = tmp_path / "x.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    r = run_cli("new", "notice", "-o", str(out))
    assert r.returncode == 2 and "已存在" in r.stderr
    assert out.read_text(encoding="utf-8") == "# mine\n"
    r = run_cli("new", "novel", "-o", str(tmp_path / "y.yaml"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_new_notice_with_annex_wraps_an_existing_speech(tmp_path):
    speech = tmp_path / "讲话.yaml"
    speech.write_text((EXAMPLES / "speech.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out" / "通知.yaml"
    out.parent.mkdir()
    r = run_cli("new", "notice", "--annex", str(speech), "-o", str(out))
    assert r.returncode == 0, r.stderr
    doc = read(out)
    assert doc.title == "关于印发王建华同志在全县2026年经济工作会议上的讲话的通知"
    assert doc.frame.attachments == ["王建华同志在全县2026年经济工作会议上的讲话"]
    annex = doc.frame.annexes[0]
    assert content_equal(annex, read(speech))
    assert "../讲话.yaml" in out.read_text(encoding="utf-8")       # relative to the notice
    d = docx.Document(io.BytesIO(render_docx(doc, load_style())))
    t = [x for x in texts(d) if x]
    assert t[t.index("附件") + 1] == "在全县2026年经济工作会议上的讲话"


def test_examples_include_the_speech_notice_with_examples_speech_as_its_annex():
    doc = read(EXAMPLES / "notice-speech.yaml")
    assert content_equal(doc.frame.annexes[0], read(EXAMPLES / "speech.yaml"))
    for genre in GENRES:
        if genre != "speech":
            assert (EXAMPLES / f"{genre}.yaml").exists()
            assert (EXAMPLES / f"{genre}.yaml").read_text(encoding="utf-8") == \
                (ROOT / "docgen" / "data" / "starters" / f"{genre}.yaml").read_text(encoding="utf-8")


# -- format recognises genres ---------------------------------------------------------------------------

TZ = """\
某某县人民政府办公室文件

某政办发[2026]第08号

关于做好2026年春季森林防火
工作的通知

各乡镇人民政府，县直各有关单位：
    当前已进入春季森林防火紧要期，全县气温回升快、降水偏少，野外用火管控难度大。为切实做好今年春季森林防火工作，经县政府同意，现将有关事项通知如下。
    一、压实防火责任
    各乡镇要严格落实行政首长负责制，主要负责同志是本辖区森林防火第一责任人。
    二、严格管控野外火源
    清明节前后是祭祀用火高峰期，各乡镇要在重点林区入山路口设立检查站，严禁携带火种进山。
    特此通知。

    附件：1.2026年春季森林防火重点时段值班表
          2.森林火灾应急处置流程图

                                        某某县人民政府办公室
                                         2026年03月10日
    （此件公开发布）

抄送：县委办公室，县人大常委会办公室，县政协办公室
某某县人民政府办公室                    2026年3月10日印发
"""

QS = """\
某某县人民政府
某政〔2026〕15号          签发人：王建华
某某县人民政府关于申请安排农村公路提质改造专项资金的请示
某某市人民政府：
我县地处山区，农村公路总里程1286公里，其中四级及以下公路占比达67%，路面窄、弯道急，安全设施不足的问题较为突出。
恳请市政府在2026年农村公路专项资金中对我县给予倾斜支持，安排补助资金4800万元。
妥否，请批示。
附件：某某县2026年农村公路提质改造项目清单
某某县人民政府
二〇二六年三月十二日
（联系人：县交通运输局张丽，电话：0000-1234567）
审核：张三
"""

JY = """\
县政府常务会议纪要
第3期
县政府第十二次常务会议纪要
2026年3月20日，县长主持召开县政府第十二次常务会议，研究春季农业生产、城区老旧小区改造等事项。纪要如下。
一、关于春季农业生产工作
会议决定，由县农业农村局牵头，抓好春耕备耕物资供应，确保粮食播种面积稳定。
二、关于城区老旧小区改造工作
会议决定，由县住房和城乡建设局负责，5月底前全面开工，年底前完成改造任务。
出席：王建华、李明、赵强
请假：吴刚
列席：县政府办公室主要负责同志
"""


def fmt(tmp_path, name, text, *extra):
    src = tmp_path / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    out, yml = tmp_path / f"{name}.docx", tmp_path / f"{name}.yaml"
    r = run_cli("format", str(src), "-o", str(out), "--yaml", str(yml), *extra)
    assert r.returncode == 0, r.stderr
    return read(yml), docx.Document(str(out))


def test_format_recognises_a_notice(tmp_path):
    doc, d = fmt(tmp_path, "tz", TZ)
    f = doc.frame
    assert f.genre == "notice"
    assert doc.title == "关于做好2026年春季森林防火工作的通知"      # broken over two lines, 主送 under it
    assert f.header.issuer == "某某县人民政府办公室" and f.header.issuer_suffix == "文件"
    assert f.header.doc_no == "某政办发〔2026〕8号"
    assert f.recipients == "各乡镇人民政府，县直各有关单位："
    assert f.attachments == ["2026年春季森林防火重点时段值班表", "森林火灾应急处置流程图"]
    assert (f.sign.org, f.sign.date) == ("某某县人民政府办公室", "2026年3月10日")
    assert f.note == "此件公开发布"
    assert f.imprint.cc == ["县委办公室", "县人大常委会办公室", "县政协办公室"]
    assert (f.imprint.org, f.imprint.date) == ("某某县人民政府办公室", "2026年3月10日")
    assert [s.heading for s in doc.sections()] == ["压实防火责任", "严格管控野外火源"]
    body = [p.text for p in doc.paragraphs()]
    assert doc.closing == ["特此通知。"] and not any("附件" in t or "抄送" in t for t in body)
    # laid out: 主送 flush left, 落款 right-aligned, 附件说明 indented with a hanging indent
    paras = {p.text: p for p in d.paragraphs}
    assert paras["各乡镇人民政府，县直各有关单位："].paragraph_format.first_line_indent in (None, 0)
    assert paras["2026年3月10日"].alignment == 2                   # right
    assert paras["附件：1.\t2026年春季森林防火重点时段值班表"].paragraph_format.first_line_indent < 0


def test_format_recognises_a_request_with_signer_and_keeps_every_line(tmp_path):
    doc, _ = fmt(tmp_path, "qs", QS)
    f = doc.frame
    assert f.genre == "request" and f.header.signer == "王建华" and f.header.doc_no == "某政〔2026〕15号"
    assert doc.title == "某某县人民政府关于申请安排农村公路提质改造专项资金的请示"
    assert f.recipients == "某某市人民政府："
    assert f.attachments == ["某某县2026年农村公路提质改造项目清单"]
    assert f.sign.date == "2026年3月12日"                          # Chinese numerals made Arabic
    assert "审核：张三" in f.note and "联系人" in f.note           # kept, not deleted
    assert doc.closing == ["妥否，请批示。"]


def test_format_recognises_minutes_and_their_attendance(tmp_path):
    doc, _ = fmt(tmp_path, "jy", JY)
    f = doc.frame
    assert f.genre == "minutes" and doc.title == "县政府第十二次常务会议纪要"
    assert f.header.issuer == "县政府常务会议纪要" and f.header.doc_no == "第3期"
    assert f.attendance == [("出席", "王建华、李明、赵强"), ("请假", "吴刚"), ("列席", "县政府办公室主要负责同志")]


def test_genre_option_overrides_the_guess(tmp_path):
    doc, _ = fmt(tmp_path, "g", QS, "--genre", "report")
    assert doc.frame.genre == "report"


def test_a_pasted_speech_stays_a_speech():
    from docgen.api import read_input

    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        assert read_input(seed).document.frame is None, seed


def test_format_yaml_round_trips_through_build(tmp_path):
    doc, _ = fmt(tmp_path, "tz", TZ)
    again = read(tmp_path / "tz.yaml")
    assert content_equal(doc, again)


# -- check knows the genre -----------------------------------------------------------------------------

def check_json(path):
    import json

    r = run_cli("check", str(path), "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["files"][0]["findings"]


def test_check_does_not_ask_a_notice_for_a_speech(tmp_path):
    src = tmp_path / "tz.txt"
    src.write_text(TZ, encoding="utf-8")
    rules = {f["rule"] for f in check_json(src)}
    assert not rules & {"STRUCT-TITLE-MISSING", "STRUCT-SALUTATION-MISSING", "STRUCT-CLOSING-MISSING",
                        "NOISE-LINE", "PARA-NO-END-PUNCT", "NUM-SEQUENCE"}, rules
    # the frame rules find what is wrong in the frame
    assert {"FRAME-DOC-NO-FORM", "FRAME-DATE-FORM", "FRAME-CC-END"} <= rules


def test_check_still_asks_a_speech_for_its_parts(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("今天我们召开全县工作会议，主要任务是部署今年的重点工作，下面我讲三点意见。\n"
                   "一、提高认识\n各级各部门要充分认识做好今年工作的重要意义，切实增强责任感和紧迫感。\n", encoding="utf-8")
    rules = {f["rule"] for f in check_json(src)}
    assert "STRUCT-TITLE-MISSING" in rules


@pytest.mark.parametrize("line, rule, fixed", [
    ("某政办发[2026]第08号", "FRAME-DOC-NO-FORM", "某政办发〔2026〕8号"),
    ("2026年03月10日", "FRAME-DATE-FORM", "2026年3月10日"),
    ("抄送：县委办公室，县政协办公室", "FRAME-CC-END", "抄送：县委办公室，县政协办公室。"),
    ("附件:1、值班表。", "FRAME-ATTACHMENT-FORM", "附件：1.值班表"),
])
def test_frame_rules_fix_their_lines(tmp_path, line, rule, fixed):
    from docgen.rules import get

    body = ("某某县人民政府办公室文件\n某政办发〔2026〕8号\n关于做好春季森林防火工作的通知\n各乡镇人民政府：\n"
            "当前已进入春季森林防火紧要期，请各乡镇切实做好防火工作，确保不发生重大森林火灾。\n特此通知。\n")
    tail = "某某县人民政府办公室\n2026年3月10日\n抄送：县委办公室。\n某某县人民政府办公室 2026年3月10日印发\n"
    if rule == "FRAME-DOC-NO-FORM":
        text = body.replace("某政办发〔2026〕8号", line) + tail
    elif rule == "FRAME-DATE-FORM":
        text = body + tail.replace("2026年3月10日\n", line + "\n", 1)
    elif rule == "FRAME-CC-END":
        text = body + tail.replace("抄送：县委办公室。", line)
    else:
        text = body.replace("特此通知。\n", "特此通知。\n" + line + "\n") + tail
    src = tmp_path / "x.txt"
    src.write_text(text, encoding="utf-8")
    found = [f for f in check_json(src) if f["rule"] == rule]
    assert len(found) >= 1, check_json(src)
    k = text.splitlines().index(line)
    current = line
    for f in sorted(found, key=lambda f: -f["start"]):
        assert f["line"] == k + 1 and f["fix"] is not None
        current = current[:f["start"]] + f["fix"]["replacement"] + current[f["end"]:]
    assert current == fixed
    assert get(rule).doc_sections()


def test_signer_on_a_notice_is_reported(tmp_path):
    src = tmp_path / "x.txt"
    src.write_text(TZ.replace("某政办发[2026]第08号", "某政办发〔2026〕8号    签发人：王建华"), encoding="utf-8")
    assert "FRAME-SIGNER-DOWNWARD" in {f["rule"] for f in check_json(src)}


def test_check_on_our_own_frame_documents_finds_nothing_of_the_frame(tmp_path):
    for name in ("notice", "request", "minutes", "notice-speech"):
        out = tmp_path / f"{name}.docx"
        r = run_cli("build", str(EXAMPLES / f"{name}.yaml"), "-o", str(out))
        assert r.returncode == 0, r.stderr
        rules = {f["rule"] for f in check_json(out)} - {"PLACEHOLDER"}   # the examples say 某某县
        assert not rules, (name, rules)


def test_issuer_not_red_is_reported(tmp_path):
    out = tmp_path / "n.docx"
    run_cli("build", str(EXAMPLES / "notice.yaml"), "-o", str(out))
    d = docx.Document(str(out))
    for p in d.paragraphs:
        if p.text.endswith("文件"):
            for c in p._p.iter(W + "color"):
                c.set(W + "val", "000000")
    d.save(str(out))
    found = [f for f in check_json(out) if f["rule"] == "FRAME-ISSUER-RED"]
    assert found and "红色" in found[0]["message"]


@pytest.mark.parametrize("genre", ["notice", "request", "report", "letter", "minutes", "decision", "opinion",
                                   "notice-speech"])
def test_format_of_our_own_docx_gives_back_the_content_file(genre, tmp_path):
    """build(example) -> format --yaml -> the example again: every frame part is recognised in a
    .docx (the 版记 table, the 附件 pages with a whole speech on them, the closing formula)."""
    built = tmp_path / "built.docx"
    assert run_cli("build", str(EXAMPLES / f"{genre}.yaml"), "-o", str(built)).returncode == 0
    yml = tmp_path / "back.yaml"
    r = run_cli("format", str(built), "-o", str(tmp_path / "again.docx"), "--yaml", str(yml))
    assert r.returncode == 0, r.stderr
    want, got = read(EXAMPLES / f"{genre}.yaml"), read(yml)
    if genre == "letter":       # a 信函's 版记 has no 印发 line to read back (§10.1)
        got.frame.imprint.org, got.frame.imprint.date = want.frame.imprint.org, want.frame.imprint.date
    if genre == "opinion":      # with or without a seal is not in the text
        got.frame.sign.stamped = want.frame.sign.stamped
    assert content_equal(want, got)


BG = """\
某某县应急管理局
关于2026年一季度全县安全生产
工作情况的
报告
县委、县政府：
    一季度，我局认真贯彻县委、县政府关于安全生产工作的决策部署，全县安全生产形势总体平稳。现将有关情况报告如下。
    一、主要工作
    共检查企业426家，发现隐患1138项，已整改1092项。
    二、下一步打算
    我局将持续深化安全生产治本攻坚三年行动，坚决防范遏制重特大事故发生。
    特此报告。
                              某某县应急管理局
                              2026年4月8日
"""

JD = """\
关于表彰2025年度安全生产工作先进单位的决定
各乡镇人民政府，县政府各部门，
各直属机构：
2025年，全县各级各部门认真落实安全生产责任，全县未发生较大及以上生产安全事故。
为表彰先进、激励担当，县政府决定，授予城关镇人民政府等10个单位“2025年度安全生产工作先进单位”称号。
附件：2025年度安全生产工作先进单位名单
某某县人民政府
2026年2月26日
附件
2025年度安全生产工作先进单位名单
城关镇人民政府、青山镇人民政府、河口乡人民政府
"""


def test_format_joins_a_title_over_four_lines_with_its_organ(tmp_path):
    doc, _ = fmt(tmp_path, "bg", BG)
    assert doc.frame.genre == "report" and doc.frame.header is None
    assert doc.title == "某某县应急管理局关于2026年一季度全县安全生产工作情况的报告"
    assert doc.frame.recipients == "县委、县政府：" and doc.closing == ["特此报告。"]
    assert (doc.frame.sign.org, doc.frame.sign.date) == ("某某县应急管理局", "2026年4月8日")


def test_format_reads_a_two_line_recipients_and_an_annex_page(tmp_path):
    doc, d = fmt(tmp_path, "jd", JD)
    f = doc.frame
    assert f.genre == "decision" and f.recipients == "各乡镇人民政府，县政府各部门，各直属机构："
    assert f.attachments == ["2025年度安全生产工作先进单位名单"]
    annex = f.annexes[0]
    assert annex.title == "2025年度安全生产工作先进单位名单"
    assert [p.text for p in annex.paragraphs()] == ["城关镇人民政府、青山镇人民政府、河口乡人民政府"]
    assert "附件" in [p.text for p in d.paragraphs]


def test_check_fix_repairs_the_frame_lines_of_a_text_draft(tmp_path):
    src, out = tmp_path / "tz.txt", tmp_path / "fixed.txt"
    src.write_text(TZ, encoding="utf-8")
    r = run_cli("check", str(src), "--fix", "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    lines = [l.strip() for l in out.read_text(encoding="utf-8").splitlines()]
    assert "某政办发〔2026〕8号" in lines and "2026年3月10日" in lines
    assert "抄送：县委办公室，县人大常委会办公室，县政协办公室。" in lines
    assert not {f["rule"] for f in check_json(out)} & {"FRAME-DOC-NO-FORM", "FRAME-DATE-FORM", "FRAME-CC-END"}


def _word_notice(path, paragraphs_after_body: int):
    """A 通知 made in Word (python-docx, default styles) with its 版记 as plain paragraphs."""
    d = docx.Document()
    for text in ["某某县财政局文件", "某财发〔2026〕3号", "关于做好2026年度部门预算执行工作的通知", "各乡镇财政所，局属各单位："]:
        d.add_paragraph(text)
    for _ in range(paragraphs_after_body):
        d.add_paragraph("各单位要按照序时进度要求，科学安排支出计划，确保资金及时拨付到位，严禁无预算、超预算支出。")
    for text in ["特此通知。", "某某县财政局", "2026年3月1日", "抄送：县审计局。", "某某县财政局办公室    2026年3月1日印发"]:
        d.add_paragraph(text)
    d.save(str(path))


def test_imprint_on_an_odd_page_is_reported(tmp_path):
    one_page, two_pages = tmp_path / "a.docx", tmp_path / "b.docx"
    _word_notice(one_page, 2)           # all on page 1: the 版记 is on an odd page
    _word_notice(two_pages, 12)         # the 版记 falls on page 2
    found = [f for f in check_json(one_page) if f["rule"] == "FRAME-IMPRINT-EVEN-PAGE"]
    assert found and "第 1 页" in found[0]["message"]
    assert not [f for f in check_json(two_pages) if f["rule"] == "FRAME-IMPRINT-EVEN-PAGE"]


def test_check_fix_leaves_a_two_line_recipients_as_written(tmp_path):
    src, out = tmp_path / "jd.txt", tmp_path / "fixed.txt"
    src.write_text(JD, encoding="utf-8")
    findings = check_json(src)
    assert not [f for f in findings if f["line"] in (2, 3) and f["rule"] != "PLACEHOLDER"], findings
    run_cli("check", str(src), "--fix", "-o", str(out))
    assert out.read_text(encoding="utf-8").splitlines()[1:3] == ["各乡镇人民政府，县政府各部门，", "各直属机构："]


def test_format_reads_attendance_variants_and_a_wrapped_cc_list(tmp_path):
    text = ("县政府常务会议纪要\n第5期\n县政府第十三次常务会议纪要\n"
            "2026年4月2日，县长主持召开县政府第十三次常务会议，研究城区供水保障等事项。纪要如下。\n"
            "会议决定，由县水利局牵头，6月底前完成城区第二水源工程前期工作。\n"
            "参加人员：王建华、李明、赵强\n缺席：吴刚\n"
            "抄送：县委办公室，县人大常委会办公室，\n县政协办公室，县纪委监委机关。\n"
            "某某县人民政府办公室    2026年4月3日印发\n")
    doc, _ = fmt(tmp_path, "v", text)
    f = doc.frame
    assert f.attendance == [("出席", "王建华、李明、赵强"), ("缺席", "吴刚")]
    assert f.imprint.cc == ["县委办公室", "县人大常委会办公室", "县政协办公室", "县纪委监委机关"]
    assert [p.text for p in doc.paragraphs()][-1].startswith("会议决定")


def test_format_splits_attachments_typed_on_one_line(tmp_path):
    text = ("关于开展安全生产大检查的通知\n各乡镇人民政府：\n"
            "为全面排查整治安全隐患，县政府决定开展安全生产大检查。请各乡镇认真组织，按时完成。\n特此通知。\n"
            "附件：1.检查内容 2.检查时间安排\n某某县人民政府办公室\n2026年4月1日\n")
    doc, d = fmt(tmp_path, "w", text)
    assert doc.frame.attachments == ["检查内容", "检查时间安排"]
    texts = [p.text for p in d.paragraphs]
    assert "附件：1.\t检查内容" in texts and "2.\t检查时间安排" in texts


def test_format_reads_a_header_laid_out_in_a_word_table(tmp_path):
    src = tmp_path / "tb.docx"
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(1, 0).text, t.cell(0, 1).text = "某某县人民政府", "某某县财政局", "文件"
    for text in ["某财联发〔2026〕1号", "关于下达2026年第一批衔接推进乡村振兴补助资金的通知", "各乡镇人民政府：",
                 "现将2026年第一批衔接推进乡村振兴补助资金下达给你们，请按规定及时拨付使用。", "某某县人民政府", "2026年1月20日"]:
        d.add_paragraph(text)
    d.save(str(src))
    yml = tmp_path / "tb.yaml"
    assert run_cli("format", str(src), "-o", str(tmp_path / "out.docx"), "--yaml", str(yml)).returncode == 0
    doc = read(yml)
    assert doc.frame.header.issuer == "某某县人民政府某某县财政局" and doc.frame.header.issuer_suffix == "文件"
    assert doc.frame.header.doc_no == "某财联发〔2026〕1号"
    assert not [b for b in doc.body if not hasattr(b, "text")]          # no table left in the body


def test_recipients_may_be_a_list_of_organs():
    doc = read_text("genre: notice\nrecipients: [各乡镇人民政府, 县直各单位]\nbody: [正文。]\n", "x.yaml")
    assert doc.frame.recipients == "各乡镇人民政府，县直各单位："
