"""``format --report`` is a full record (issue 12 §4): every removed line and every changed span is
quoted in full — long ones wrapped on lines of their own, never cut — so a user can restore the
draft from the report alone."""

from __future__ import annotations

import re

from tests.cli_run import run

LONG_NOTICE = ("本文系作者原创投稿，仅供学习参考，请勿照搬照抄！转载请注明出处，违者必究。"
               "更多精彩范文请关注本站公众号，每日更新各类讲话稿、心得体会、工作总结与述职报告。")
DRAFT = f"""在全县秋冬季森林防火工作会议上的讲话
同志们：
今天召开全县秋冬季森林防火工作会议，主要任务是分析当前形势，部署今冬明春森林防火工作。
本文系作者原创投稿，仅供学习参考，请勿照搬照抄！
{LONG_NOTICE}
一、提高认识，压实责任
各乡镇要把森林防火摆上重要议事日程。，二是是要加强巡护，严防死守。
文章来源：某某范文网  责任编辑：李四
二、突出重点，强化管控
要严格野外用火管理，坚决杜绝违规用火行为。
"""


def _quotes(report: str):
    """(line number, quoted text) of every whole-line removal, reading wrapped quotes back."""
    lines = report.splitlines()
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r".*?:(\d+):\d+: NOISE-LINE .*已删除整行：(.*)）$", lines[i])
        if m:
            what = m.group(2)
            if what.startswith("「"):
                out.append((int(m.group(1)), what[1:-1]))
            else:
                assert re.fullmatch(r"下列全文，共 (\d+) 字", what), what
                n = int(re.search(r"\d+", what).group(0))
                chunks = []
                i += 1
                while i < len(lines) and lines[i].startswith("    "):
                    chunks.append(lines[i][4:])
                    i += 1
                text = "".join(chunks)
                assert text.startswith("「") and text.endswith("」"), text
                out.append((int(m.group(1)), text[1:-1]))
                assert len(text) - 2 == n
                continue
        i += 1
    return out


def test_every_removed_line_can_be_restored_from_the_report(tmp_path, capsys):
    src = tmp_path / "草稿.txt"
    src.write_text(DRAFT, encoding="utf-8")
    code, _, err = run(["format", src, "-o", tmp_path / "成稿.docx", "--report"], capsys)
    assert code == 0, err
    removed = dict(_quotes(err))
    source = DRAFT.splitlines()
    assert removed == {4: source[3], 5: LONG_NOTICE, 8: source[7]}, err
    # no line of the report is cut: each is at most a terminal-friendly width or a whole finding
    assert "……" not in err.replace(LONG_NOTICE, "")
    # and the docx no longer has them
    from docx import Document

    body = "\n".join(p.text for p in Document(str(tmp_path / "成稿.docx")).paragraphs)
    assert "原创投稿" not in body and "文章来源" not in body


def test_changed_spans_are_quoted_exactly(tmp_path, capsys):
    src = tmp_path / "草稿.txt"
    src.write_text(DRAFT, encoding="utf-8")
    code, _, err = run(["format", src, "-o", tmp_path / "成稿.docx", "--report"], capsys)
    assert code == 0, err
    assert re.search(r":7:\d+: PUNCT-DUPLICATE 错误 .*（「。，」已改为「。」）", err), err
    assert re.search(r":7:\d+: DUP-CHAR 错误 .*（「是是」已改为「是」）", err), err
    # severity words are Chinese in the text report
    assert not re.search(r" (error|warning|info) ", err), err


def test_long_quote_goes_below_in_full():
    """A quote longer than the inline limit is kept whole for the lines below the finding."""
    mark = "（本文来自某某范文网，版权归原作者所有，仅供学习交流使用，如有侵权请联系删除，谢谢！）"
    from docgen.check.report import INLINE_QUOTE_CHARS, _Quotes

    quotes = _Quotes()
    assert quotes.q(mark) == f"下列全文，共 {len(mark)} 字" and quotes.pending == [mark]
    below = quotes.flush()
    assert "".join(line.strip() for line in below) == f"「{mark}」" and quotes.pending == []
    assert len(mark) > INLINE_QUOTE_CHARS


def test_uncertain_decisions_quote_the_whole_line():
    """The recogniser's doubtful lines (some will be deleted as web junk) are quoted in full too."""
    from docgen.check.report import report_text
    from docgen.api import SNIPPET_CHARS, Decision, FormatResult

    mid = "欢迎关注本站微信公众号获取更多精彩范文，每日更新讲话稿与心得体会"         # > snippet, ≤ inline
    long = LONG_NOTICE
    assert SNIPPET_CHARS < len(mid) <= 40 < len(long)
    result = FormatResult(document=None, source="草稿.txt", decisions=[
        Decision(line=3, kind="noise", level=None, confidence=0.6, reason="像网页文字", text=mid),
        Decision(line=9, kind="noise", level=None, confidence=0.6, reason="像网页文字", text=long)])
    text = report_text(result)
    assert f"「{mid}」" in text and "……" not in text
    below = "".join(l[4:] for l in text.splitlines() if l.startswith("    "))
    assert below == f"「{long}」"
    assert "像网页文字，下列全文，共" in text
