"""How sure the recogniser is of a unit's kind: the confidence levels of its guesses (below 1 a
``--report`` lists the unit with its reason) and ``_set``, which records a verdict on a unit."""

from __future__ import annotations

from docgen.units import Unit

# confidences of the guesses the recogniser makes (shown in --report)
CONF_SURE = 1.0
CONF_BLOCK_NOISE = 0.9          # a pre-title/post-closing line without a marker of its own
CONF_TITLE_SHAPE = 0.7          # a short line before the salutation, not a "……的讲话" line
CONF_LIST_ITEM = 0.8            # numbered lines ending in "；": a list in the text, not headings
CONF_TITLE_NO_SALUTATION = 0.6  # the first line of a draft with no salutation
CONF_UNNUMBERED_SUFFIX = 0.85   # parallel short lines sharing their ending
CONF_UNNUMBERED_SHAPE = 0.6     # parallel short lines sharing only their first character
CONF_BOLD_HEADING = 0.8         # a short bold paragraph (docx / Markdown)
CONF_FONT_HEADING = 0.7         # a short paragraph set in a heading font (黑体, 楷体) by hand
CONF_STYLE_HEADING = 0.9        # a paragraph in a Word heading style
CONF_LEAD_FAR = 0.6             # the lead sentence ends beyond LEAD_MAX_CHARS
CONF_CLOSING_CUE = 0.8          # a closing paragraph opened by 总之/让我们/希望大家
CONF_CLOSING_FOLLOWER = 0.7     # a paragraph after the closing paragraph
CONF_UNPLACED = 0.5             # a line before the title that is neither noise nor title
CONF_DOUBTFUL_KEPT = 0.5        # web furniture that reads as the document's own text, kept


def _set(u: Unit, kind: str, confidence: float = CONF_SURE, reason: str = "", **kw) -> None:
    u.kind = kind
    u.confidence = confidence
    if reason:
        u.hints.reason = reason
    else:
        u.hints.pop("reason", None)
    for k, v in kw.items():
        setattr(u, k, v)


__all__ = [name for name in dir() if name.startswith("CONF_")] + ["_set"]
