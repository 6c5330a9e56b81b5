"""Issue 13: format is faithful on real-shaped documents.  For every file of the corpus in
tests/data/real_shaped/ (drafts written for this test, in the shapes real documents have), the
printed text equals the input's text with exactly the changes that ``--report`` lists; pictures
and the text of notes, comments and headers are carried over or reported."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fidelity_accounting import (account, body_text, docx_parts, heading_numbers,  # noqa: E402
                                 picture_count)

from docgen.api import format_file  # noqa: E402
from docgen.check.report import report_text  # noqa: E402
from docgen.readers.docx.objects import is_note_mark  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "real_shaped"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".docx"))
ROOT = Path(__file__).resolve().parents[1]
#: the seeds and the older test drafts are held to the same accounting
OTHERS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "drafts").iterdir())


def run_format(src: Path, tmp_path: Path):
    out = tmp_path / (src.stem + ".out.docx")
    result = format_file(src, out)
    return result, out, report_text(result)


def test_the_corpus_has_the_shapes_asked_for():
    assert len(FILES) >= 20
    assert sum(1 for p in FILES if p.suffix == ".docx") >= 5


@pytest.mark.parametrize("src", FILES + OTHERS, ids=lambda p: p.stem)
def test_output_is_input_with_exactly_the_reported_changes(src, tmp_path):
    result, out, report = run_format(src, tmp_path)
    a = account(src, out, result.findings, report)
    assert a.ok, f"{src.name}: changes not in the report\n{a.explain()}\n--- report ---\n{report}"


# -- the faults of issue 13, one by one, on the corpus ---------------------------------------------

def formatted(name: str, tmp_path: Path):
    """(printed paragraphs as (style, text), report text, the result) of one corpus file."""
    import docx

    result, out, report = run_format(CORPUS / name, tmp_path)
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    return paragraphs, report, result, out


def texts(paragraphs):
    return [t for _, t in paragraphs]


def test_decisions_keep_their_numbers_and_the_minutes_keep_the_reviewer(tmp_path):
    paragraphs, report, _, _ = formatted("01_jiyao_decisions.txt", tmp_path)
    printed = texts(paragraphs)
    assert [t[:2] for t in printed if t[:2] in ("一、", "二、", "三、", "四、")] == ["二、", "三、", "四、"]
    assert any(t.startswith("会议决定，一、原则同意") for t in printed)
    assert "审核：张三" in printed and "NOISE-LINE" not in report
    assert all(t.endswith("。") for t in printed if t[:2] in ("二、", "三、", "四、"))   # sentences, not headings


def test_a_table_of_contents_is_kept_and_is_not_read_as_headings(tmp_path):
    paragraphs, _, _, _ = formatted("02_keyan_toc.txt", tmp_path)
    toc = [(s, t) for s, t in paragraphs if "\t" in t]
    assert [t for _, t in toc] == ["一、概述\t1", "二、项目现状\t3", "三、建设方案\t5", "四、投资估算\t8"]
    assert all("标题" not in s for s, _ in toc)
    headings = [t for s, t in paragraphs if s == "一级标题"]
    assert headings == ["一、概述", "二、项目现状", "三、建设方案", "四、投资估算"]


def test_a_heading_left_as_body_text_never_shifts_its_siblings(tmp_path):
    paragraphs, _, _, _ = formatted("04_skipped_san.txt", tmp_path)
    level2 = [t.split("抓")[0] for s, t in paragraphs if s == "二级标题" or t.startswith("（")]
    assert heading_numbers(level2)[:6] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    assert any(t.startswith("（三）抓好生活污水治理，") for t in texts(paragraphs))


def test_item_lists_keep_their_letters_and_numbers(tmp_path):
    paragraphs, _, _, _ = formatted("03_item_list.txt", tmp_path)
    printed = texts(paragraphs)
    assert [t[:3] for t in printed if t.startswith("（") and t[1].isalpha() and t[1].isascii()] == \
        [f"（{c}）" for c in "abcdefg"]
    assert [t[:3] for t in printed if t[:3] in {f"（{n}）" for n in range(1, 10)}] == [f"（{n}）" for n in range(1, 10)]


def test_a_number_then_a_space_is_not_doubled_and_bare_numerals_are_headings(tmp_path):
    paragraphs, report, _, _ = formatted("05_bare_numerals.txt", tmp_path)
    printed = texts(paragraphs)
    assert "一、关于这次会议的评价" in printed and not any("一一" in t for t in printed)
    assert "NUM-MARKER-FORM" in report                       # the space made a "、", reported
    assert [s for s, t in paragraphs if t in ("一", "二")] == ["二级标题", "二级标题"]


def test_a_second_part_keeps_its_place_and_notes_are_no_headings(tmp_path):
    paragraphs, _, result, _ = formatted("06_two_parts_speech.md", tmp_path)
    printed = texts(paragraphs)
    assert result.document.salutation == "诸位代表先生："
    k = printed.index("结论")
    assert printed[k + 1] == "（二〇二六年三月二十四日）" and printed[k + 2] == "同志们："
    notes = [(s, t) for s, t in paragraphs if t.startswith("（1）定息") or t.startswith("（2）见本书")]
    assert [t[-1] for _, t in notes] == ["。", "。"] and all("标题" not in s for s, _ in notes)


def test_a_watermark_takes_only_its_dotted_span(tmp_path):
    paragraphs, report, _, _ = formatted("07_watermark.txt", tmp_path)
    assert any("有机结合，用好本地红色资源" in t for t in texts(paragraphs))
    assert "「墨.池.文.稿.网.整.理」" in report


def test_attachment_lines_and_credits_are_kept(tmp_path):
    paragraphs, report, _, _ = formatted("08_tongzhi_attachment.txt", tmp_path)
    printed = texts(paragraphs)
    # a 通知's 附件说明 (GB/T 9704 §7.3.4): one item per line, the author's numbers and names kept
    assert ["附件：1.\t检查清单", "2.\t核对表", "3.\t记录表"] == [
        t for t in printed if t.startswith(("附件：", "2.\t", "3.\t"))]
    assert "附件1" in printed                                   # the 附件 page keeps its label as written
    assert "来源：https://www.example.gov.cn/aqsc/2026/lc.html" in printed
    assert "一、企业安全生产主体责任落实情况" in printed          # the attachment numbers afresh
    assert "NOISE-LINE" not in report and "NUM-SEQUENCE" not in report


def test_stutter_fix_keeps_words_and_quotes_pair_right(tmp_path):
    paragraphs, report, _, out = formatted("09_quotes_stutter.txt", tmp_path)
    printed = "\n".join(texts(paragraphs))
    assert "一是是非面前要站稳立场，二是是否落实要一查到底" in printed
    assert "二是要狠抓工作落实" in printed                    # a real stutter is still fixed
    assert "“‘左’比右好”" in printed
    import subprocess

    check = subprocess.run([sys.executable, "-m", "docgen", "check", str(out)], capture_output=True, text=True)
    assert "QUOTE-UNBALANCED" not in check.stdout


def test_the_checker_does_not_cry_wolf_on_correct_text():
    import subprocess

    for name in ("10_false_findings.txt", "08_tongzhi_attachment.txt"):
        check = subprocess.run([sys.executable, "-m", "docgen", "check", str(CORPUS / name)],
                               capture_output=True, text=True)
        assert " 错误 " not in check.stdout, check.stdout       # no error-level finding
        assert "STRUCT-CLOSING-MISSING" not in check.stdout or name != "10_false_findings.txt"
    for name, rule in (("01_jiyao_decisions.txt", "NUM-SEQUENCE"), ("15_wechat.txt", "TITLE-TRAILING-PUNCT")):
        # a list opened inside the paragraph before it; an editor's note kept above the speech
        check = subprocess.run([sys.executable, "-m", "docgen", "check", str(CORPUS / name)],
                               capture_output=True, text=True)
        assert rule not in check.stdout, check.stdout


def test_numbered_rules_keep_their_full_stops(tmp_path):
    paragraphs, report, _, _ = formatted("11_rules_decision.txt", tmp_path)
    assert "（一）全市性会议不超过90分钟。" in texts(paragraphs)


def test_a_pdf_copy_loses_its_page_furniture_and_keeps_split_numbers(tmp_path):
    paragraphs, report, _, _ = formatted("14_pdf_copy.txt", tmp_path)
    printed = "\n".join(texts(paragraphs))
    assert "某某市人民政府文件汇编" not in printed and "— 1 —" not in printed
    assert "地区生产总值增长6.1%。" in printed and "全年新登记企业" in printed
    assert report.count("页眉（每页重复的文字）") == 2
    heads = [t for s, t in paragraphs if s == "一级标题"]
    assert heads[-1] == "三、全力打造一流营商环境，坚定不移推动全市经济高质量发展再上新台阶"   # across the break


def test_a_wechat_copy_keeps_its_order(tmp_path):
    paragraphs, _, _, _ = formatted("15_wechat.txt", tmp_path)
    printed = texts(paragraphs)
    assert printed[0] == "重磅！县委书记这样说"
    assert printed.index("在全县高质量发展推进大会上的讲话") > printed.index(next(t for t in printed if t.startswith("编者按")))
    assert not any(t.startswith(("▲", "点击蓝字", "往期回顾")) for t in printed)


def test_word_pictures_are_carried_over(tmp_path):
    paragraphs, report, _, out = formatted("19_pictures.docx", tmp_path)
    parts = docx_parts(out)
    assert sum(1 for n in parts if n.startswith("word/media/")) == 2
    assert b"r:embed" in parts["word/document.xml"]
    assert "图片 2 张已按原顺序放入成稿" in report and "浮动图片 1 张" in report
    printed = texts(paragraphs)
    assert printed.index("图1 城关镇项目区灌溉渠道") > printed.index("各乡镇按照统一规划、集中连片的要求推进建设，项目区灌排设施基本配套。")


def test_word_header_text_and_auto_numbers_are_reported(tmp_path):
    _, report, _, _ = formatted("20_bullets_header.docx", tmp_path)
    assert "机密★启用前" in report
    assert "Word 自动编号“1.”已转为正文文字" in report


def test_soft_breaks_between_label_lines_make_separate_lines(tmp_path):
    paragraphs, _, _, _ = formatted("21_soft_breaks.docx", tmp_path)
    printed = texts(paragraphs)
    assert "联系人：张三" in printed and "联系电话：0371-87654321" in printed


def test_ruby_hidden_text_equations_and_notes_are_carried(tmp_path):
    paragraphs, report, _, out = formatted("22_notes_marks.docx", tmp_path)
    printed = "\n".join(texts(paragraphs))
    assert "要学习重庆市统计工作的经验。" in printed and "chóng" not in printed
    assert "内部讨论稿" not in printed and "DOCX-HIDDEN-TEXT" in report
    assert "按公式I=Y/N计算" in printed
    parts = docx_parts(out)
    assert "数据来源于县统计局2025年统计公报。" in parts["word/footnotes.xml"].decode("utf-8")
    assert "本文根据录音整理。" in parts["word/endnotes.xml"].decode("utf-8")
    body = parts["word/document.xml"].decode("utf-8")
    assert body.index("增长6.2%") < body.index("<w:footnoteReference") < body.index("，主要指标好于预期")
    assert "<w:endnoteReference" in body
    assert "原稿有脚注 1 条，已随正文放入成稿" in report
    assert "此处数字请再核对。" in parts["word/comments.xml"].decode("utf-8")     # the comment too
    assert body.index("<w:commentRangeStart") < body.index("全年规模以上工业增加值增长8.7%") < body.index(
        "<w:commentReference")
    assert "原稿有批注 1 条，已随正文放入成稿" in report


def test_tracked_changes_give_the_accepted_text_and_are_counted(tmp_path):
    paragraphs, report, _, _ = formatted("23_tracked_changes.docx", tmp_path)
    printed = "\n".join(texts(paragraphs))
    assert "固定资产投资增长38%" in printed and "35" not in printed
    assert "我们将继续加大项目建设力度" in printed
    assert "接受插入 2 处、删除 1 处" in report


def test_a_speech_laid_out_in_a_table_and_in_custom_xml(tmp_path):
    paragraphs, _, _, _ = formatted("24_table_speech.docx", tmp_path)
    assert ("一级标题", "一、压实防火责任") in paragraphs
    assert "同志们，森林防火责任重于泰山，务必抓紧抓实！" in texts(paragraphs)


def test_one_slip_between_right_numbers_is_renumbered_and_reported(tmp_path):
    src = tmp_path / "slip.txt"
    src.write_text("标题\n\n同志们：\n一、甲\n正文。\n二、乙\n正文。\n二、丙\n正文。\n四、丁\n正文。\n六、戊\n正文。\n",
                   encoding="utf-8")
    result, out, report = run_format(src, tmp_path)
    import docx

    heads = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "一级标题"]
    assert heads == ["一、甲", "二、乙", "三、丙", "四、丁", "六、戊"]        # 六 is reported, kept
    assert "slip.txt:8:1: NUM-SEQUENCE 警告 标题序号“二、”重复" in report
    assert "“六、”与上一个同级标题不连续" in report and "已按原稿保留" in report


def test_the_numbering_transform_keeps_written_numbers():
    from docgen.model import Document, Section
    from docgen.transforms.numbering import number

    doc = Document(body=[Section(heading="甲", number="二、", written=True), Section(heading="乙", written=True),
                         Section(heading="丙")])
    assert [s.number for s in number(doc).body] == ["二、", None, "一、"]


def test_formatting_a_formatted_file_with_pictures_and_notes_again_keeps_them(tmp_path):
    for name in ("19_pictures.docx", "22_notes_marks.docx"):
        first = tmp_path / ("a_" + name)
        second = tmp_path / ("b_" + name)
        format_file(CORPUS / name, first)
        format_file(first, second)
        a, b = docx_parts(first), docx_parts(second)
        assert body_text(a) == body_text(b)
        assert sorted(n for n in a if n.startswith("word/media/") or "notes" in n) == \
            sorted(n for n in b if n.startswith("word/media/") or "notes" in n)


def test_two_phrase_headings_keep_their_gap_and_first_words_are_no_enumerators(tmp_path):
    paragraphs, _, _, _ = formatted("17_parallel_phrases.txt", tmp_path)
    heads = [t for s, t in paragraphs if s == "一级标题"]
    assert heads == ["提高站位　增强作风建设的自觉性", "聚焦重点　增强作风建设的针对性", "压实责任　增强作风建设的实效性"]
    printed = texts(paragraphs)
    assert "第一书记制度是加强基层组织建设的重要举措，各派出单位要加强对第一书记的管理。" in printed


def test_labelled_items_on_one_line_keep_their_gap(tmp_path):
    paragraphs, report, _, _ = formatted("12_qingshi.txt", tmp_path)
    assert "联系人：王五　联系电话：0371-12345678" in texts(paragraphs)


def test_two_speeches_in_one_paste_keep_their_own_title_date_and_salutation(tmp_path):
    paragraphs, _, result, _ = formatted("18_two_speeches.txt", tmp_path)
    printed = texts(paragraphs)
    assert printed[0] == "在全县第十八届人民代表大会第五次会议上的开幕词"
    k = printed.index("在全县第十八届人民代表大会第五次会议上的闭幕词")
    assert paragraphs[k][0] == "一级标题"
    assert printed[k + 1:k + 3] == ["（2026年1月12日）", "各位代表："]
    assert printed[-1] == "现在，我宣布：全县第十八届人民代表大会第五次会议闭幕！"


def test_in_place_says_what_the_rewritten_file_no_longer_holds(tmp_path):
    import shutil
    import subprocess

    target = tmp_path / "讲话.docx"
    shutil.copy(CORPUS / "22_notes_marks.docx", target)
    run = subprocess.run([sys.executable, "-m", "docgen", "format", str(target), "--in-place"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "DOCX-HIDDEN-TEXT 警告 原稿有隐藏文字 1 处" in run.stderr
    assert "DOCX-NOTES" not in run.stderr                 # notes and comments are carried: nothing to say
    parts = docx_parts(target)
    assert "数据来源于县统计局2025年统计公报。" in parts["word/footnotes.xml"].decode("utf-8")   # carried


def test_a_lone_note_after_zhushi_is_no_heading(tmp_path):
    src = tmp_path / "note.txt"
    src.write_text("在全县大会上的讲话\n\n同志们：\n我讲一点意见。（1）\n要加强团结。\n注释\n"
                   "（1）定息是在公私合营企业中按照私股股额每年付给私股股东的固定利息。\n", encoding="utf-8")
    result, out, report = run_format(src, tmp_path)
    import docx

    last = [p for p in docx.Document(str(out)).paragraphs if p.text.strip()][-1]
    assert last.text == "（1）定息是在公私合营企业中按照私股股额每年付给私股股东的固定利息。"
    assert "标题" not in last.style.name and "HEADING-TRAILING-PUNCT" not in report


def test_a_hand_formatted_word_speech_with_auto_numbers_a_text_box_and_a_revision(tmp_path):
    paragraphs, report, _, out = formatted("25_auto_numbered_headings.docx", tmp_path)
    assert [t for s, t in paragraphs if s == "一级标题"] == ["一、全面分析一季度经济运行情况", "二、精准发力确保完成全年目标任务"]
    printed = texts(paragraphs)
    assert "一季度，全县地区生产总值增长5.6%，高于全市平均水平。" in "\n".join(printed)
    assert "5.2" not in "\n".join(printed)                      # the deleted figure is gone, not both
    k = printed.index("重点项目推进情况见下表。")
    assert printed[k + 1] == "（数据截至3月31日）"               # the text box, after its anchor
    parts = docx_parts(out)
    assert "按县统计局快报数计算。" in parts["word/footnotes.xml"].decode("utf-8")
    import docx

    cells = [c.text for row in docx.Document(str(out)).tables[0].rows for c in row.cells]
    assert "主体完工\n设备安装中" in cells                        # two paragraphs of a cell, kept apart
    assert "某某县人民政府办公室" in report and "接受插入 1 处、删除 1 处" in report
    body = parts["word/document.xml"].decode("utf-8")
    assert not any(is_note_mark(c) for c in body)                 # no note mark left as text


@pytest.mark.parametrize("name", ["19_pictures.docx", "05_bare_numerals.txt", "22_notes_marks.docx"])
def test_the_content_file_of_a_formatted_draft_builds(name, tmp_path):
    from docgen.api import build_file

    format_file(CORPUS / name, tmp_path / "f.docx", yaml_out=tmp_path / "f.yaml")
    assert not any(is_note_mark(c) for c in (tmp_path / "f.yaml").read_text(encoding="utf-8"))
    build_file(tmp_path / "f.yaml", tmp_path / "b.docx")
    assert body_text(docx_parts(tmp_path / "b.docx"))


def test_a_word_report_with_a_toc_table_and_picture(tmp_path):
    paragraphs, report, result, out = formatted("26_report_with_toc.docx", tmp_path)
    assert result.document.title == "某某县城乡供水一体化工程可行性研究报告"
    printed = texts(paragraphs)
    assert printed[1:6] == ["目　录", "一、项目概况\t1", "二、建设必要性\t2", "三、建设方案\t4", "四、投资估算\t6"]
    assert [t for s, t in paragraphs if s == "一级标题"] == ["一、项目概况", "二、建设必要性", "三、建设方案", "四、投资估算"]
    import docx

    assert len(docx.Document(str(out)).tables) == 1 and picture_count(docx_parts(out)) == 1


def test_a_picture_that_cannot_be_placed_again_is_reported_not_a_crash(tmp_path):
    import io
    import zipfile

    broken = tmp_path / "broken.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(CORPUS / "19_pictures.docx") as zi, zipfile.ZipFile(buf, "w") as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == "word/media/image1.png":
                data = b"\x89PNG\r\n\x1a\nbroken"
            zo.writestr(info, data)
    broken.write_bytes(buf.getvalue())
    result, out, report = run_format(broken, tmp_path)
    assert "图片 1 张已按原顺序放入成稿" in report and "删除图片 1 张" in report
    assert picture_count(docx_parts(out)) == 1


#: error-level findings that are true on a formatted corpus file: placeholders written in the
#: drafts ("某某"), the author's own comment carried over, an OCR draft that lacks its "（一）"
TRUE_ERRORS = ("PLACEHOLDER", "LAYOUT-REVISIONS")


@pytest.mark.parametrize("src", FILES, ids=lambda p: p.stem)
def test_the_output_checks_clean_and_formats_again_unchanged(src, tmp_path):
    from docgen.check.runner import check_file
    from docgen.style import load_style

    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    format_file(src, first)
    again = format_file(first, second)
    assert body_text(docx_parts(first)) == body_text(docx_parts(second))
    # the writer sets a character outside GB2312 in the fallback font on every render (a font, not
    # a change of text): only text fixes would mean the first output was not final
    assert not [f for f in again.findings if f.fix and f.fix_class == "safe"
                and f.rule not in ("FONT-GB2312-COVERAGE", "FONT-PUNCT-LATIN")], report_text(again)
    report = check_file(first, load_style())
    assert not report.problems
    errors = [f for f in report.findings if f.severity == "error" and f.rule not in TRUE_ERRORS
              and not (src.name == "16_ocr.txt" and f.rule == "NUM-SEQUENCE")]
    assert not errors, [(f.rule, f.message) for f in errors]


def test_word_toc_entries_are_known_by_their_style_without_a_mulu_line(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("某某县城区道路改造工程可行性研究报告")
    for entry in ("一、项目概况\t1", "二、建设方案\t3"):
        d.add_paragraph(entry, style="toc 1")
    for heading, text in (("一、项目概况", "改造道路12条，总长18.6公里。"), ("二、建设方案", "采用沥青混凝土路面。")):
        d.add_paragraph(heading)
        d.add_paragraph(text)
    src = tmp_path / "toc.docx"
    d.save(str(src))
    result, out, report = run_format(src, tmp_path)
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert [t for s, t in paragraphs if s == "一级标题"] == ["一、项目概况", "二、建设方案"]
    assert ("公文正文", "一、项目概况\t1") in paragraphs


def test_ocr_slips_are_fixed_or_reported_never_silent(tmp_path):
    paragraphs, report, _, _ = formatted("16_ocr.txt", tmp_path)
    printed = "\n".join(texts(paragraphs))
    assert "关于做好二〇二六年春季植树造林工作的通知" in printed and "YEAR-ZERO-CHAR" in report
    assert "202l年" in printed and "OCR-DIGIT 警告 “202l”" in report     # kept, and said
    assert "3.5万亩，其中" in printed and "PUNCT-DUPLICATE" in report
    assert "（二）落实苗木供应" in printed and "苗木检疫" in printed
