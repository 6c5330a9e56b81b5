"""What a rendered page may deviate by from the house style: ``RenderTolerances``, defaults here,
overridden by a rule set under ``tolerances:`` (OOXML_NOTES.md "Checker tolerances")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Tuple

from docgen.style import Style


@dataclass(frozen=True)
class RenderTolerances:
    """What a rendered page may deviate by (OOXML_NOTES.md "Checker tolerances").

    Defaults here; a rule set can override any of them under ``tolerances: render:``.
    """

    margin_mm: float = 1.0
    page_size_mm: float = 1.0
    line_pitch_pt: Tuple[float, float] = (28.4, 29.1)
    #: share of full all-full-width lines that must hold exactly chars_per_line glyphs
    full_line_share: float = 0.75
    #: how many glyphs short of chars_per_line a full line may be (禁则 pushes a “ down)
    full_line_short: int = 1
    #: fewest qualifying full lines in a document before the share/mode test is applied
    full_line_min_sample: int = 4
    loose_line_em: float = 2.5
    folio_inset_chars: Tuple[float, float] = (0.7, 1.4)
    #: GB/T 9704 7.5: the 一字线 of the page number sits 7 mm below the 版心, ±1 mm
    folio_dash_below_mm: Tuple[float, float] = (6.0, 8.0)
    font_size_pt: float = 0.5
    #: a centred line's centre may be this far (em of its size) from the 版心 centre
    centre_em: float = 0.5
    #: a line reaching this close (em) to the right edge counts as a full (justified) line
    full_line_reach_em: float = 0.5
    #: a line starting this close (em) to the left edge counts as not indented
    no_indent_em: float = 0.25
    #: lines indented by at least (first_line_chars − this) em are paragraph first lines
    first_line_slack_em: float = 0.5

    @classmethod
    def from_style(cls, style: Style) -> "RenderTolerances":
        tol = style.tolerances or {}
        values: Dict[str, Any] = {}
        if "margin_mm" in tol:
            values["margin_mm"] = float(tol["margin_mm"])
        if "page_size_mm" in tol:
            values["page_size_mm"] = float(tol["page_size_mm"])
        if "font_size_pt" in tol:
            values["font_size_pt"] = float(tol["font_size_pt"])
        for key, value in (tol.get("render") or {}).items():
            if key in cls.__dataclass_fields__:
                values[key] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


__all__ = ["RenderTolerances"]
