"""Regular expressions of the speech structure model (RULES.md §2.1–2.2), compiled once.

Every pattern is matched against a paragraph's text stripped of leading and trailing whitespace.
The recogniser (transforms/structure.py), the cleaner and the rules share these, so that a
paragraph is classified the same way wherever it is looked at.
"""

from __future__ import annotations

import re

from docgen.text.cjk import HAN, lazy_compile

#: Chinese numerals used in heading and enumeration markers (十一 … 九十九 are up to 3 chars)
CN_DIGITS = "一二三四五六七八九十"
CN_NUM = f"[{CN_DIGITS}]{{1,3}}"

# -- title block --------------------------------------------------------------------------------

#: "在……上的讲话" and its relatives
#: a note in brackets after a title: "……的讲话（摘要）", "……的讲话（2024年2月20日）"
TITLE_NOTE = r"(?:[（(][^（）()]{1,20}[）)])?"
TITLE_AT = lazy_compile(rf"^在.{{2,60}}(上|中|时|之际)的(讲话|致辞|发言|总结讲话|主持词|讲话提纲|报告|动员讲话|讲话稿){TITLE_NOTE}$")
#: any short line that names itself a speech
TITLE_SPEECH = lazy_compile(rf"^.{{2,40}}(讲话|致辞|讲话稿|主持词|讲话提纲){TITLE_NOTE}$")
#: the second line of a double title: "——在……上的讲话"
SUBTITLE = lazy_compile(r"^(——|—|－－|--)\s*.{2,60}$")
#: a name on a speaker line: 2-4 Han characters, or a surname with a placeholder ("王XX", "张××")
SPEAKER_NAME = rf"(?:[{HAN}]{{2,4}}|[{HAN}]{{1,2}}[XxＸｘ×＊*○]{{1,3}}|[XxＸｘ×]{{2,3}})"
#: "县委书记 张某某", "县委副书记、县长  王XX", "张某某"; a post, a space, a name
SPEAKER = lazy_compile(rf"^([{HAN}（）()、·]{{2,30}}[\s\u3000]+)?{SPEAKER_NAME}$")
_CN_DATE_DIGITS = "〇○零一二三四五六七八九十"
DATE_BODY = (rf"(\d{{4}}|[{_CN_DATE_DIGITS}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_DATE_DIGITS}]{{1,2}})\s*月"
             rf"\s*(\d{{1,2}}|[{_CN_DATE_DIGITS}]{{1,3}})\s*日")
#: "（2026年3月5日）" under the title
DATE_LINE = lazy_compile(rf"^[（(]\s*{DATE_BODY}\s*[）)]$")
#: a note in brackets under the title: "（根据录音整理）", "（摘要）", "（此件公开发布）"
BRACKET_NOTE = lazy_compile(r"^[（(][^（）()。！？]{2,30}[）)]$")
#: page furniture copied from a PDF or a printed Word file: "— 3 —", "- 3 -", "第 2 页 共 10 页",
#: "2/10", "Page 2 of 10"
PAGE_FURNITURE = lazy_compile(
    r"^(?:[—\-－–]+\s*\d{1,4}\s*[—\-－–]+|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,3})$")
#: front matter with a label: "讲话人：县委常委、副县长 周XX", "时间：2024年3月12日"
SPEAKER_LABELLED = lazy_compile(r"^(讲话人|主讲人|发言人|报告人)[：:].{2,40}$")
DATE_LABELLED = lazy_compile(r"^(时间|日期)[：:].{4,30}$")
#: news-site and WeChat page furniture, a line by itself wherever it stands: editor lines, share and
#: previous/next links, print buttons, photo captions, a byline with a time stamp.  Not ad markers:
#: one of them in the lines above the title must not make that block (the headline) an ad block.
LINE_FURNITURE = lazy_compile(
    r"^(责任编辑|编辑[：:]|审核[：:]|分享到|上一篇|下一篇|相关阅读|【打印|【关闭|▲|图为|[（(]?图片来源)"
    r"|^.{0,24}\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?$")
LINE_FURNITURE_MAX_CHARS = 40
#: a bare date (sign-off date at the end)
DATE_PLAIN = lazy_compile(rf"^{DATE_BODY}$")

SALUTATION = lazy_compile(
    r"^(同志们|各位[^，。：,:]{1,12}|诸位[^，。：,:]{1,12}|尊敬的[^。：:]{1,30}|女士们、先生们|老师们|同学们|朋友们)"
    r"[^。！？!?]{0,30}[：:]$")
#: the same without the colon (SALUTATION-PUNCT reports the missing colon)
SALUTATION_LOOSE = lazy_compile(
    r"^(同志们|各位领导|各位[^，。：,:]{1,12}(同志|代表|委员|来宾|领导)们?|尊敬的[^。：:！]{1,30})"
    r"[^。！？!?，,]{0,20}[，,]?$")

# -- host script (主持词) -------------------------------------------------------------------------

HOST_CUES = lazy_compile(
    r"^参加(今天|这次|本次)?会议的(有|同志有)"
    rf"|会议(共)?(有)?[{CN_DIGITS}两\d]+项议程"
    r"|^(首先|下面|接下来|现在)，?(请|进行第|由)"
    r"|^请.{0,40}(作|做|发表).{0,6}(发言|讲话|报告|致辞)[；;。.]?$"
    r"|^(现在)?(开会|宣布开会)[。！]?$")

ELLIPSIS_PARA = lazy_compile(r"^[…⋯.。·．]{2,}$")

# -- headings -----------------------------------------------------------------------------------

#: L1 "一、"; a few wrong separators are read as the same marker (NUM-MARKER-FORM reports them)
#: "一、二季度", "一、二产业", "一、二级": two numerals joined by 、 are a range in a sentence, not an
#: L1 marker (the check's marker reader uses the same lookahead)
NOT_A_RANGE = rf"(?![{CN_DIGITS}](?:季度|产|级|类|线|批|档|期|等|号))"
HEADING_L1 = lazy_compile(rf"^(?P<num>{CN_NUM})(?P<sep>、|，|,|\.|．|\s)(?!\s*$){NOT_A_RANGE}")
#: L2 "（一）"; half-width brackets are read too
HEADING_L2 = lazy_compile(rf"^(?P<num>[（(]{CN_NUM}[）)])(?P<sep>[、.．，]?)")
#: L3 "1." (not "1.5亿"); "1、" is read too
HEADING_L3 = lazy_compile(r"^(?P<num>\d{1,2})(?P<sep>[.．、])(?!\d)")
#: L4 "（1）"
HEADING_L4 = lazy_compile(r"^(?P<num>[（(]\d{1,2}[）)])(?P<sep>[、.．，]?)")
#: other L1 forms: "第一部分" / "第一章" style part headings
HEADING_PART = lazy_compile(rf"^(?P<num>第{CN_NUM}(部分|章|篇|方面))(?P<sep>[：:、\s]?)")

#: marker families in canonical order of depth (GB/T 9704 7.3.3)
FAMILY_ORDER = ("一、", "（一）", "1.", "（1）")

# -- enumerated run-ins ("一是…。" leads) -------------------------------------------------------

#: "一是", "一要", "二是是" (stutter), "一方面"
ENUM_SHI_YAO = lazy_compile(rf"^(?P<num>{CN_NUM})(?P<word>是|要|方面)(?P=word)?(?P<sep>[，,：:、]?)")
#: "第一，" (the comma is required: "第一次会议" is prose)
ENUM_DI = lazy_compile(rf"^(?P<num>第{CN_NUM})(?P<sep>[，,、：:])")
#: "首先，" "其次，" "再次，" "最后，"
ENUM_ORDER_WORDS = ("首先", "其次", "再次", "然后", "最后")
ENUM_ORDER = lazy_compile(r"^(?P<num>首先|其次|再次|最后)(?P<sep>[，,])")

#: the end of a lead sentence: 。？！ (a closing quote after it belongs to the lead)
LEAD_END = lazy_compile(r"[。？！?!][”’」』]?")
#: runs before which a lead may end with a colon instead
LEAD_COLON = lazy_compile(r"[：:]")
LEAD_MAX_CHARS = 80

# -- closing ------------------------------------------------------------------------------------

CLOSING_FORMULA = lazy_compile(
    r"^(谢谢(大家|各位)?[！!。]?"
    r"|散会[！!。]?"
    r"|(今天的|本次|这次)?会议(就)?(开)?到(这里|此)(结束)?[，,]?(现在)?散会[！!。]"
    r"|(今天的|本次|这次)?会议(就)?(开)?到(这里|此)(结束)?[！!。]"
    r"|我(就)?(讲|说)(这些|这么多|以上几点|到这里)[，,。]?(谢谢(大家|各位)?)?[！!。]?"
    r"|(我的)?讲话(就)?(到这里|完了)[，,。]?(谢谢(大家|各位)?)?[！!。]?)$")
#: paragraphs that sum up a speech
CLOSING_CUES = lazy_compile(r"^((各位[^，。！、]{1,8}|[^，。！、]{1,4}们)[，、])?(同志们|朋友们|老师们|同学们)[，！,!]"
                          r"|^(总之[，,]|让我们|希望大家|最后，?(我)?(希望|祝|预祝)|新的一年|征程万里"
                          r"|以上(意见|几点|几条|是我|就是))")
#: a last paragraph that ends by thanking the audience ("……请大家认真抓好落实。谢谢！")
CLOSING_THANKS_END = lazy_compile(r"[。！!，,]\s*(谢谢(大家|各位)?|祝(大家|各位|同志们)[^。！!]{0,30})[！!。]$")

# -- noise (NOISE-LINE) -------------------------------------------------------------------------

NOISE_STRONG = lazy_compile(
    r"本文系|原创|投稿|仅供(学习|参考)|请勿(照搬|抄袭|转载)|禁止(外传|转载)|版权(所有|归)|未经(授权|许可)"
    r"|转载|订阅|会员|QQ群|[qQ]{2}[：:号]|微信(号|群)|公众号|扫码|扫一扫|关注我们|下载|倒卖"
    r"|举报.{0,6}(成功|奖励)|免费(赠送|领取)|VIP|www\.|https?://|\.com\b|\.cn\b|文库|范文网|笔杆子"
    r"|来源[：:]|更多(精彩|范文)|点击(查看|阅读|下载)|长按(识别|二维码)"
    # WeChat article furniture: "点击“阅读原文”", "交流群", "往期推荐", a closing "-END-" ("点赞",
    # "在看" are left out: "为基层点赞", "在看到成绩的同时" are speech)
    r"|阅读原文|交流群|往期(推荐|回顾|精选)|获取更多|^\W*END\W*$|全文完", re.I)
#: a URL, a QQ number or a phone number: one strong marker plus one of these makes a noise line
NOISE_CONTACT = lazy_compile(r"https?://|www\.|[qQ]{2}[：:号群]?\s*\d{5,}|群[：:号]?\s*\d{5,}|1[3-9]\d{9}|\d{3,4}-\d{7,8}")
NOISE_MAX_CHARS = 80
#: a finished sentence in the body with these words is the speaker's ("各单位不得转载未经授权的稿件",
#: "全年发布原创稿件1200余篇"), however many web-junk words it names
SPEECH_CUES = lazy_compile(r"要|必须|不得|严禁|坚持|加强|推进|落实|全县|全市|全区|全镇|我们|各级|各单位|各部门|同志|群众|全年|今年|去年")
#: below this many markers, a finished sentence in the body is kept even without a speech word
MID_NOISE_SENTENCE_MARKERS = 3
#: a 公文's own contact line ("联系人：王五　联系电话：…", the 请示's 附注): never web junk
CONTACT_PERSON = lazy_compile(r"^[（(]?联\s*系\s*(人|电话|方式)\s*[：:]")

# -- text shape ---------------------------------------------------------------------------------

#: stripped before matching: whitespace (incl. 全角空格, NBSP) and the zero-width characters pasted
#: text carries at the edges of a line (CHAR-INVISIBLE removes them later, inside lines too)
EDGE_CHARS = " \t\r\n\f\v\u3000\u00a0\u2002\u2003\u2009\u202f\u200b\u200c\u200d\u2060\ufeff"

#: a paragraph ending in one of these is a finished sentence
SENTENCE_FINAL = "。！？!?…；;”’）)》」』"
#: a paragraph that ends a sentence with 。！？；… (a closing quote or bracket may follow): body prose
FINISHED_SENTENCE = lazy_compile(r"[。！？!?…；;][”’」』）)》]*$")
#: no standalone heading contains these inside
HEADING_FORBIDDEN_INSIDE = lazy_compile(r"[。！？!?；;]")
STANDALONE_MAX_CHARS = 60
UNNUMBERED_MIN_CHARS = 4
UNNUMBERED_MAX_CHARS = 40
#: end punctuation a standalone heading should not carry (HEADING-TRAILING-PUNCT)
HEADING_TRAILING = "。，；、：.,;:"

# -- Markdown marks in pasted text --------------------------------------------------------------

MD_HEADING = lazy_compile(r"^(?P<indent>[ \t\u3000]*)(?P<mark>#{1,6})[ \t\u3000]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
#: "**粗体**" at the start of a line (a lead or a bold heading); "**万元" placeholders do not match
MD_BOLD_LEAD = lazy_compile(r"^(?P<indent>[ \t\u3000]*)\*\*(?P<bold>[^*\s][^*]*?[^*\s]|[^*\s])\*\*(?!\*)")
#: "。**二是**" inside a line: bold that opens a sentence or clause is emphasis, its marks are
#: dropped; "超过**万元的村达到**％" (asterisks after a word, mid-sentence) are placeholders
#: (a bold span is a lead or a phrase: at most 30 characters, which also keeps two placeholders a
#: sentence apart, "“**支部”……超过**万元", from being read as one bold span)
#: (nor does bold end in a comma or an enumeration mark: "，**同志、**同志" are two placeholders)
MD_BOLD_INLINE = lazy_compile(
    r"(?:(?<=[。！？；：，、（“\s])|^)\*\*(?P<bold>[^*\s][^*]{0,28}[^*\s、，,；;：:]|[^*\s、，,；;：:])\*\*(?!\*)")
#: "- 项目" list items ("1. " is left alone: it is also the L3 heading marker)
MD_ITEM = lazy_compile(r"^(?P<indent>[ \t\u3000]*)(?P<mark>[-*+•])[ \t\u3000]+(?=\S)")
MD_QUOTE = lazy_compile(r"^(?P<indent>[ \t\u3000]*)(?P<mark>>+)[ \t\u3000]?")
MD_RULE = lazy_compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")


def count_noise_markers(text: str) -> int:
    return len(NOISE_STRONG.findall(text))


__all__ = [name for name in dir() if name.isupper()] + ["count_noise_markers"]
