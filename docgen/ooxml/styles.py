"""The style ids of our house-style documents: the template builder names its styles with them,
and the .docx reader and the checker map our own documents' paragraphs back to roles with them."""

from __future__ import annotations

from typing import Dict

#: role -> style id (paragraph styles; "lead" is a character style)
ROLE_STYLE_IDS: Dict[str, str] = {
    "title": "GwTitle",
    "subtitle": "GwSubtitle",
    "salutation": "GwSalutation",
    "body": "GwBody",
    "h1": "GwH1",
    "h2": "GwH2",
    "h3": "GwH3",
    "h4": "GwH4",
    "closing": "GwClosing",
    "signature": "GwSignature",
    "table": "GwTable",
    "table_header": "GwTableHeader",
    "lead": "GwLead",
    "page_number": "GwFolio",
}
#: heading role -> character style of the heading part of a run-in paragraph
RUNIN_STYLE_IDS: Dict[str, str] = {f"h{i}": f"GwH{i}Run" for i in range(1, 5)}
#: style id -> role, for paragraph and character styles alike
STYLE_ID_ROLES: Dict[str, str] = {
    **{v: k for k, v in ROLE_STYLE_IDS.items()}, **{v: k for k, v in RUNIN_STYLE_IDS.items()}}


def role_style_ids() -> Dict[str, str]:
    """role -> our paragraph (and lead character) style id."""
    return dict(ROLE_STYLE_IDS)


def run_style_ids() -> Dict[str, str]:
    """Character styles of run-in leads: h1..h4 -> GwH1Run…, lead -> GwLead."""
    return {**RUNIN_STYLE_IDS, "lead": ROLE_STYLE_IDS["lead"]}
