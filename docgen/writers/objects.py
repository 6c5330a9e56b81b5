"""Objects of a Word draft carried into the formatted output (issue 13): pictures.

The writer lays out text through the docxtpl template; a picture cannot pass through it as text.
So a picture paragraph is written as a body paragraph holding a placeholder token, one per
picture, and after rendering :func:`embed_pictures` replaces each token's run by the picture
itself (python-docx adds the media part and its relationship).  The picture keeps its size; a
floating picture becomes an inline one in its own paragraph (the reader reports that).
"""

from __future__ import annotations

import io
from typing import Any, Dict, List, Optional

#: the key of the pictures in the template context (docxtpl ignores keys the template never uses)
PICTURES_KEY = "_docgen_pictures"
_TOKEN = "\u2063DOCGEN-PICTURE-{n}\u2063"
#: a picture wider than the text block is scaled down to it (A4, 156 mm type area, in EMU)
MAX_WIDTH_EMU = 156 * 36000


def token(n: int) -> str:
    return _TOKEN.format(n=n)


def embed_pictures(document: Any, pictures: Optional[List[Dict[str, Any]]]) -> int:
    """Replace the placeholder runs of ``document`` by the pictures; return how many were placed."""
    if not pictures:
        return 0
    from docx.shared import Emu

    wanted = {token(n): pic for n, pic in enumerate(pictures)}
    placed = 0
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            pic = wanted.get(run.text)
            if pic is None:
                continue
            run.text = ""
            cx, cy = pic.get("cx"), pic.get("cy")
            if cx and cy and cx > MAX_WIDTH_EMU:
                cx, cy = MAX_WIDTH_EMU, int(cy * MAX_WIDTH_EMU / cx)
            run.add_picture(io.BytesIO(pic["blob"]), width=Emu(cx) if cx else None, height=Emu(cy) if cy else None)
            placed += 1
    return placed


__all__ = ["PICTURES_KEY", "embed_pictures", "token"]
