"""WordprocessingML namespaces and Clark names, defined once (python-docx's ``qn`` knows the same
prefixes; ours avoid importing python-docx where only a name is needed)."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NSMAP = {"w": W_NS, "r": R_NS}
_W = "{%s}" % W_NS


def w(tag: str) -> str:
    """Clark name of a ``w:`` tag or attribute: w('sz') -> '{...main}sz'."""
    return _W + tag


def qn(tag: str) -> str:
    """Clark name of a prefixed name: qn('w:sz'), qn('r:id')."""
    prefix, local = tag.split(":", 1)
    return f"{{{NSMAP[prefix]}}}{local}"
