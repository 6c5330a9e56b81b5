"""The 78 rule ids of RULES.md §3 (and FONT-GB2312-COVERAGE, FONT-PUNCT-LATIN of issue 15) with their catalog severity, fix class, area and one-line doc.

The catalog is what ``docgen rules`` lists even when a rule's module is missing (it then shows
"未实现" instead of failing).  Implemented rules register themselves (docgen.rules.base.Rule); a
registered rule must agree with its catalog entry on severity and fix class (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    area: str
    severity: str
    fix_class: str
    summary: str


# (id, area, severity, fix class, summary) in RULES.md §3 order
_ROWS: Tuple[Tuple[str, str, str, str, str], ...] = (
    ("LAYOUT-PAPER-SIZE", "LAYOUT", "error", "safe", "纸张应为 A4（210mm×297mm）"),
    ("LAYOUT-ORIENTATION", "LAYOUT", "error", "safe", "页面应为纵向（仅含表格的节可横向）"),
    ("LAYOUT-MARGIN-TOP", "LAYOUT", "error", "safe", "上白边（天头）应为 37mm±1mm"),
    ("LAYOUT-MARGIN-LEFT", "LAYOUT", "error", "safe", "左白边（订口）应为 28mm±1mm，无装订线"),
    ("LAYOUT-MARGIN-BOTTOM", "LAYOUT", "warning", "safe", "下白边应为 35mm±1mm（版心高 225mm）"),
    ("LAYOUT-MARGIN-RIGHT", "LAYOUT", "warning", "safe", "右白边应为 26mm±1mm（版心宽 156mm）"),
    ("LAYOUT-LINE-PITCH", "LAYOUT", "warning", "safe", "正文行距应为固定值 28–30 磅（每页 22 行）"),
    ("LAYOUT-CHARS-PER-LINE", "LAYOUT", "info", "safe", "三号字每行应排 28 字（文档网格或字距调整）"),
    ("LAYOUT-PAGE-NUMBER", "LAYOUT", "warning", "safe", "页码应为“— N —”四号宋体，单页居右、双页居左各空一字"),
    ("LAYOUT-HEADER-CONTENT", "LAYOUT", "warning", "safe", "页眉不应有文字，页眉页脚不应有水印图形"),
    ("LAYOUT-TEXT-COLOR", "LAYOUT", "warning", "safe", "文字应为黑色，无突出显示和底纹"),
    ("LAYOUT-REVISIONS", "LAYOUT", "error", "none", "定稿不应含修订痕迹或批注"),
    ("LAYOUT-SECTIONS-UNIFORM", "LAYOUT", "warning", "safe", "各节的纸张、页边距和网格应一致"),
    ("FONT-TITLE", "FONT / PARA", "error", "safe", "标题应为二号小标宋、居中、不加粗"),
    ("TITLE-LINEBREAK", "FONT / PARA", "info", "none", "多行标题应排成梯形或菱形，不在词中断行"),
    ("FONT-SPEAKER-DATE", "FONT / PARA", "warning", "safe", "讲话人和日期行应为三号楷体、居中"),
    ("FONT-SALUTATION", "FONT / PARA", "warning", "safe", "称谓应为三号仿宋、顶格"),
    ("FONT-BODY", "FONT / PARA", "error", "safe", "正文应为三号仿宋"),
    ("FONT-LATIN-DIGITS", "FONT / PARA", "info", "safe", "正文中的数字和西文应为 Times New Roman"),
    ("FONT-MIXED-RUNS", "FONT / PARA", "warning", "safe", "同一段内同一角色的文字格式应一致，不用斜体和下划线"),
    ("FONT-GB2312-COVERAGE", "FONT / PARA", "error", "safe", "GB2312 字体（如仿宋_GB2312）中有字符集外的字（如“喆”），打印会缺字"),
    ("FONT-PUNCT-LATIN", "FONT / PARA", "warning", "safe", "引号、破折号、省略号、间隔号等中文标点应使用中文字体，而非 Times New Roman"),
    ("HEADING-L1-FONT", "FONT / PARA", "warning", "safe", "一级标题“一、”应为三号黑体"),
    ("HEADING-L2-FONT", "FONT / PARA", "warning", "safe", "二级标题“（一）”应为三号楷体"),
    ("HEADING-L3-FONT", "FONT / PARA", "warning", "safe", "三级标题“1.”应为三号仿宋"),
    ("HEADING-L4-FONT", "FONT / PARA", "info", "safe", "四级标题“（1）”应为三号仿宋"),
    ("PARA-FIRST-LINE-INDENT", "FONT / PARA", "error", "safe", "正文和各级标题首行缩进 2 字，回行顶格"),
    ("PARA-ALIGNMENT", "FONT / PARA", "info", "safe", "正文两端对齐，标题居中，层次标题不居中"),
    ("PARA-SPACING", "FONT / PARA", "info", "safe", "正文和标题段前段后间距应为 0"),
    ("NUM-AUTO-LIST", "FONT / PARA", "warning", "safe", "层次序数应为文字，不用 Word 自动编号"),
    ("PARA-SOFT-BREAK", "FONT / PARA", "warning", "suggest", "正文中不应用手动换行代替分段"),
    ("PARA-KINSOKU", "FONT / PARA", "info", "safe", "不应关闭中文避头尾"),
    ("STRUCT-TITLE-MISSING", "STRUCT / NUM / HEADING", "warning", "none", "讲话稿缺少标题"),
    ("TITLE-TRAILING-PUNCT", "STRUCT / NUM / HEADING", "error", "safe", "标题末尾不应有句号、逗号等标点"),
    ("STRUCT-SALUTATION-MISSING", "STRUCT / NUM / HEADING", "info", "none", "讲话稿缺少称谓（如“同志们：”）"),
    ("SALUTATION-PUNCT", "STRUCT / NUM / HEADING", "error", "safe", "称谓后应用全角冒号“：”"),
    ("STRUCT-CLOSING-MISSING", "STRUCT / NUM / HEADING", "info", "none", "讲话稿没有结束语"),
    ("CLOSING-FORMULA-FORM", "STRUCT / NUM / HEADING", "info", "safe", "结束用语（“谢谢大家！”）应单独成段、位于最后并带标点"),
    ("HEADING-UNNUMBERED", "STRUCT / NUM / HEADING", "warning", "suggest", "并列的小标题缺少层次序数"),
    ("NUM-SEQUENCE", "STRUCT / NUM / HEADING", "error", "suggest", "层次序数或“一是、二是”序列不连续、重复或颠倒"),
    ("NUM-LEVEL-ORDER", "STRUCT / NUM / HEADING", "warning", "none", "层次序数应按“一、”“（一）”“1.”“（1）”逐级使用"),
    ("NUM-MARKER-FORM", "STRUCT / NUM / HEADING", "error", "safe", "序数后的标点形式错误（如“一.”“（一）、”“1、”）"),
    ("NUM-MARKER-STYLE-MIX", "STRUCT / NUM / HEADING", "info", "none", "同级并列项混用“一是”“二要”“第一”等不同形式"),
    ("ENUM-COUNT-MISMATCH", "STRUCT / NUM / HEADING", "warning", "none", "预告的数目（讲三点、5位同志）与实际不符"),
    ("HEADING-TRAILING-PUNCT", "STRUCT / NUM / HEADING", "warning", "safe", "独立成段的标题末尾不应有句号、逗号等标点"),
    ("HEADING-PUNCT-INCONSISTENT", "STRUCT / NUM / HEADING", "warning", "safe", "同级标题末尾标点用法不一致"),
    ("HEADING-L1-RUNIN", "STRUCT / NUM / HEADING", "warning", "suggest", "一级标题应单独成段，不与正文接排"),
    ("RUNIN-LEAD-END", "STRUCT / NUM / HEADING", "warning", "suggest", "接排标题的领句应以句号结束"),
    ("HEADING-TOO-LONG", "STRUCT / NUM / HEADING", "info", "none", "独立标题过长（超过两行）"),
    ("PARA-NO-END-PUNCT", "STRUCT / NUM / HEADING", "error", "suggest", "正文段落末尾缺少标点"),
    ("ELLIPSIS-PARA", "STRUCT / NUM / HEADING", "warning", "none", "整段只有省略号（内容缺失或待补）"),
    ("BLANK-LINES", "STRUCT / NUM / HEADING", "info", "safe", "连续空行，或文首文末有空行"),
    ("PUNCT-HALFWIDTH-IN-CJK", "PUNCT / SPACE / CHAR", "error", "safe", "中文语境中使用了半角标点"),
    ("PUNCT-DUPLICATE", "PUNCT / SPACE / CHAR", "error", "safe", "标点重复或连用冲突（“，，”“，。”）"),
    ("PUNCT-ELLIPSIS-FORM", "PUNCT / SPACE / CHAR", "warning", "safe", "省略号应为“……”"),
    ("PUNCT-DASH-FORM", "PUNCT / SPACE / CHAR", "warning", "safe", "破折号应为“——”"),
    ("RANGE-DASH", "PUNCT / SPACE / CHAR", "warning", "suggest", "数值范围应用浪纹线“～”，且单位两端都写"),
    ("QUOTE-UNBALANCED", "PUNCT / SPACE / CHAR", "error", "none", "引号不成对"),
    ("QUOTE-NESTING", "PUNCT / SPACE / CHAR", "warning", "safe", "引号内再用引号应用单引号"),
    ("BRACKET-UNBALANCED", "PUNCT / SPACE / CHAR", "error", "none", "括号不成对或嵌套错误"),
    ("SPACE-IN-CJK", "PUNCT / SPACE / CHAR", "warning", "safe", "中文文字之间不应有空格"),
    ("LEADING-SPACES", "PUNCT / SPACE / CHAR", "warning", "safe", "段首用空格缩进（应由段落格式缩进）"),
    ("TRAILING-WHITESPACE", "PUNCT / SPACE / CHAR", "info", "safe", "段末有多余空白"),
    ("CHAR-INVISIBLE", "PUNCT / SPACE / CHAR", "warning", "safe", "含不可见字符（零宽空格、控制字符等）"),
    ("CHAR-FULLWIDTH-ALNUM", "PUNCT / SPACE / CHAR", "info", "safe", "数字、字母和百分号应为半角"),
    ("NUMERAL-LIANG", "NUMERAL / DATE", "warning", "suggest", "量词前的基数应用“两”而不是“二”"),
    ("NUMERAL-STRUCT-COUNT", "NUMERAL / DATE", "info", "suggest", "讲话结构的数目宜用汉字（讲三点意见）"),
    ("NUMERAL-CONSISTENCY", "NUMERAL / DATE", "info", "none", "同类数字应使用同一种书写形式"),
    ("DATE-FORMAT", "NUMERAL / DATE", "warning", "safe", "日期应写作“2020年3月5日”"),
    ("YEAR-ZERO-CHAR", "NUMERAL / DATE", "warning", "safe", "汉字年份中的零应写作“〇”"),
    ("NOISE-LINE", "Content hygiene", "error", "safe", "网页广告、版权声明等与讲话无关的段落"),
    ("WATERMARK-INLINE", "Content hygiene", "error", "safe", "正文中夹带网站水印文字"),
    ("PLACEHOLDER", "Content hygiene", "error", "none", "未填写的占位符（XX、××、**）"),
    ("DUP-CHAR", "Content hygiene", "warning", "suggest", "相邻重复的字（如“二是是”）"),
    ("DUP-PHRASE", "Content hygiene", "error", "suggest", "重复的词语或并列项（如“突出突出”）"),
    ("PAREN-SELF-GLOSS", "Content hygiene", "error", "suggest", "括注与前文重复（如“党组（党组）”）"),
    ("DE-DI-DE", "Content hygiene", "warning", "suggest", "“的、地、得”用法错误"),
    ("TERM-CONFUSION", "Content hygiene", "warning", "suggest", "常见错别字或误用词（如“布署”）"),
    ("TERM-INCONSISTENT", "Content hygiene", "info", "none", "同一名称前后写法不一致（默认关闭）"),
    ("PARA-TOO-LONG", "Content hygiene", "info", "none", "段落过长，宜拆分（默认关闭）"),
)

CATALOG: Dict[str, CatalogEntry] = {row[0]: CatalogEntry(*row) for row in _ROWS}
#: rules that the default rule set leaves off (RULES.md §3.6)
OFF_BY_DEFAULT = ("TERM-INCONSISTENT", "PARA-TOO-LONG")

assert len(CATALOG) == 80, len(CATALOG)
