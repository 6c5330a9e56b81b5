"""The house-style rule set: loading, ``extends:``, font-size names and units.

The YAML (docgen/data/gbt9704.yaml) is the single source of truth; this module only turns it into
typed values (points, twips) for the template builder, the writer and the checker.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml

from docgen.errors import StyleError

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_STYLE = "gbt9704"

#: 字号 names in points (RULES.md §7.1)
SIZE_NAMES: Dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
}

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4          # 56.693
ALIGNMENTS = ("both", "left", "right", "center")
PARAGRAPH_ROLES = ("title", "subtitle", "salutation", "body", "h1", "h2", "h3", "h4",
                   "closing", "signature", "table", "table_header")
CHARACTER_ROLES = ("lead",)
ROLES = PARAGRAPH_ROLES + CHARACTER_ROLES + ("page_number",)
ROLE_KEYS = {"font", "latin_font", "size", "bold", "align", "first_line_chars", "right_chars",
             "line_spacing", "space_before_pt", "space_after_pt", "letter_spacing_pt",
             "outline_level", "blank_lines_after", "blank_lines_before", "side_chars", "format",
             "odd", "even", "fallback"}
TOP_KEYS = {"name", "description", "extends", "page", "grid", "fonts", "roles", "tolerances", "rules", "frame"}


def mm_to_twips(mm: float) -> int:
    return int(round(mm * TWIPS_PER_MM))


def pt_to_twips(pt: float) -> int:
    return int(round(pt * TWIPS_PER_PT))


def parse_size(value: Union[str, int, float], where: str = "size") -> float:
    """'三号' -> 16.0, '16pt' -> 16.0, 16 -> 16.0."""
    if isinstance(value, bool):
        raise StyleError(f"{where}: 字号应为“三号”之类的名称或磅值，不能是 {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text in SIZE_NAMES:
        return float(SIZE_NAMES[text])
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(pt|磅)?", text)
    if m:
        return float(m.group(1))
    raise StyleError(f"{where}: 无法识别的字号 {value!r}（可用：{'、'.join(SIZE_NAMES)} 或 16pt）")


@dataclass(frozen=True)
class RoleStyle:
    """Typography of one role, in points and characters."""

    name: str
    font: str
    latin_font: str
    size_pt: float
    bold: bool = False
    align: str = "both"
    first_line_chars: float = 0
    right_chars: float = 0
    line_spacing: Union[str, float] = "grid"   # "grid" | "single" | exact points
    space_before_pt: float = 0
    space_after_pt: float = 0
    letter_spacing_pt: float = 0
    outline_level: Optional[int] = None
    blank_lines_after: int = 0
    blank_lines_before: int = 0
    extra: Tuple[Tuple[str, Any], ...] = ()

    @property
    def size_half_points(self) -> int:
        return int(round(self.size_pt * 2))

    @property
    def char_width_twips(self) -> int:
        """Advance of one CJK character: size plus letter spacing (what LibreOffice lays out)."""
        return pt_to_twips(self.size_pt + self.letter_spacing_pt)

    def chars_to_twips(self, chars: float) -> int:
        return int(round(chars * self.char_width_twips))

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.extra).get(key, default)

    @property
    def fallback(self) -> Tuple[str, ...]:
        """The role's ``fallback:`` fonts, in order: what to use where ``font`` is missing or
        lacks a character (docgen fonts, FONT-GB2312-COVERAGE)."""
        return tuple(self.get("fallback", ()) or ())


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_mm: float
    footer_mm: float

    def twips(self) -> Dict[str, int]:
        return {
            "width": mm_to_twips(self.width_mm), "height": mm_to_twips(self.height_mm),
            "top": mm_to_twips(self.margin_top_mm), "bottom": mm_to_twips(self.margin_bottom_mm),
            "left": mm_to_twips(self.margin_left_mm), "right": mm_to_twips(self.margin_right_mm),
            "header": mm_to_twips(self.header_mm), "footer": mm_to_twips(self.footer_mm),
        }

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


@dataclass(frozen=True)
class Grid:
    lines_per_page: int
    chars_per_line: int
    line_pitch_pt: float
    letter_spacing_pt: float

    @property
    def line_pitch_twips(self) -> int:
        return pt_to_twips(self.line_pitch_pt)


@dataclass
class Style:
    name: str
    page: Page
    grid: Grid
    roles: Dict[str, RoleStyle]
    latin_font: str
    font_aliases: Dict[str, List[str]]
    forbidden_fonts: List[str]
    tolerances: Dict[str, Any]
    rules: Dict[str, Any]
    source: Dict[str, Any] = field(repr=False, default_factory=dict)
    path: Optional[str] = None

    def role(self, name: str) -> RoleStyle:
        return self.roles[name]

    @property
    def frame(self) -> Dict[str, Any]:
        """The 公文 frame settings (``frame:`` of the rule set; DESIGN.md §3b)."""
        return dict(self.source.get("frame") or {})

    def family_of(self, font_name: Optional[str]) -> Optional[str]:
        """'仿宋_GB2312' -> 'fangsong' (None when the name is in no alias list)."""
        if not font_name:
            return None
        wanted = font_name.strip().lower()
        for family, names in self.font_aliases.items():
            if any(wanted == n.lower() for n in names):
                return family
        return None

    def rule_config(self, rule_id: str) -> Dict[str, Any]:
        value = self.rules.get(rule_id)
        if value is None:
            return {}
        if isinstance(value, bool):
            return {"enabled": value}
        if isinstance(value, str):
            return {"severity": value}
        return dict(value)


def _deep_merge(base: Dict[str, Any], override: Dict[str, Any]) -> Dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


#: libyaml's safe loader when PyYAML has it: the rule set loads in 1 ms instead of 9 (every process
#: start reads it)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StyleError("找不到样式文件", path=path) from None
    except UnicodeDecodeError:
        raise StyleError("样式文件不是 UTF-8 编码", path=path) from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        from docgen.errors import YAML_HINTS

        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", "") or "")
        hint = next((h for key, h in YAML_HINTS.items() if key in problem),
                    "此处写法不合 YAML 语法（常见原因：冒号后缺空格、缩进不齐、引号不成对）")
        raise StyleError(f"YAML 语法错误：{hint}", path=path,
                         line=mark.line + 1 if mark else None,
                         col=mark.column + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise StyleError("样式文件的顶层应为键值映射", path=path)
    return data


def _resolve_extends(name: str, relative_to: Optional[Path]) -> Path:
    candidate = DATA_DIR / f"{name}.yaml"
    if candidate.exists():
        return candidate
    if relative_to is not None:
        other = (relative_to.parent / name)
        if other.exists():
            return other
    raise StyleError(f"extends: 找不到要继承的样式 {name!r}（内置：{DEFAULT_STYLE}）", path=relative_to)


def load_raw(path: Optional[Union[str, Path]] = None, _depth: int = 0) -> Dict[str, Any]:
    """The merged YAML dict of a rule set (``extends:`` resolved)."""
    if _depth > 5:
        raise StyleError("extends: 继承层次过深（可能循环继承）", path=path)
    p = DATA_DIR / f"{DEFAULT_STYLE}.yaml" if path is None else Path(path)
    data = _read_yaml(p)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise StyleError(f"未知的顶层键：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(TOP_KEYS))}）", path=p)
    parent = data.pop("extends", None)
    if parent:
        base = load_raw(_resolve_extends(str(parent), p), _depth + 1)
        data = _deep_merge(base, data)
    return data


def _role(name: str, raw: Dict[str, Any], defaults: Dict[str, Any], latin: str, path: Optional[str]) -> RoleStyle:
    if not isinstance(raw, dict):
        raise StyleError(f"roles.{name} 应为键值映射", path=path)
    unknown = set(raw) - ROLE_KEYS
    if unknown:
        raise StyleError(f"roles.{name}: 未知的键 {'、'.join(sorted(unknown))}", path=path)
    merged = {**defaults, **raw}
    if "fallback" not in raw and merged.get("font") != defaults.get("font"):
        merged.pop("fallback", None)      # body's fallback fonts are for body's font only
    fallback = merged.get("fallback", [])
    if isinstance(fallback, str):
        fallback = [fallback]
    if not isinstance(fallback, list) or not all(isinstance(f, str) and f.strip() for f in fallback):
        raise StyleError(f"roles.{name}.fallback: 应为字体名列表，如 [仿宋, 方正仿宋_GBK]", path=path)
    merged["fallback"] = [f.strip() for f in fallback]
    align = merged.get("align", "both")
    if align not in ALIGNMENTS:
        raise StyleError(f"roles.{name}.align: 应为 {'/'.join(ALIGNMENTS)}，而不是 {align!r}", path=path)
    spacing = merged.get("line_spacing", "grid")
    if not (spacing in ("grid", "single") or (isinstance(spacing, (int, float)) and not isinstance(spacing, bool))):
        raise StyleError(f"roles.{name}.line_spacing: 应为 grid、single 或磅值", path=path)
    if "font" not in merged:
        raise StyleError(f"roles.{name}: 缺少 font", path=path)
    known = {"font", "latin_font", "size", "bold", "align", "first_line_chars", "right_chars",
             "line_spacing", "space_before_pt", "space_after_pt", "letter_spacing_pt",
             "outline_level", "blank_lines_after", "blank_lines_before"}
    try:
        return RoleStyle(
            name=name,
            font=str(merged["font"]),
            latin_font=str(merged.get("latin_font") or latin),
            size_pt=parse_size(merged.get("size", "三号"), f"roles.{name}.size"),
            bold=bool(merged.get("bold", False)),
            align=align,
            first_line_chars=float(merged.get("first_line_chars", 0)),
            right_chars=float(merged.get("right_chars", 0)),
            line_spacing=spacing,
            space_before_pt=float(merged.get("space_before_pt", 0)),
            space_after_pt=float(merged.get("space_after_pt", 0)),
            letter_spacing_pt=float(merged.get("letter_spacing_pt", 0)),
            outline_level=merged.get("outline_level"),
            blank_lines_after=int(merged.get("blank_lines_after", 0)),
            blank_lines_before=int(merged.get("blank_lines_before", 0)),
            extra=tuple(sorted((k, v) for k, v in merged.items() if k not in known)),
        )
    except (TypeError, ValueError) as exc:
        raise StyleError(f"roles.{name}: 取值类型错误（字号、缩进、间距等应为数字）", path=path) from None


def build_style(data: Dict[str, Any], path: Optional[str] = None) -> Style:
    try:
        page = data["page"]
        margin = page["margin_mm"]
        grid = data["grid"]
        roles_raw = data["roles"]
    except KeyError as exc:
        raise StyleError(f"样式缺少必需的键：{exc.args[0] if exc.args else ''}（page、page.margin_mm、grid、roles）",
                         path=path) from None
    except TypeError:
        raise StyleError("样式结构有误：page、grid、roles 应为键值表；请参照 examples/style-fzfangsong.yaml",
                         path=path) from None
    fonts = data.get("fonts") or {}
    latin = fonts.get("latin", "Times New Roman")
    missing = [r for r in ROLES if r not in roles_raw]
    if missing:
        raise StyleError(f"roles: 缺少角色 {'、'.join(missing)}", path=path)
    unknown = set(roles_raw) - set(ROLES)
    if unknown:
        raise StyleError(f"roles: 未知角色 {'、'.join(sorted(unknown))}（可用：{'、'.join(ROLES)}）", path=path)
    body_defaults = dict(roles_raw["body"])
    roles = {}
    for name in ROLES:
        # every paragraph role starts from body; page_number and tables stand alone
        defaults = {} if name in ("body", "page_number") else body_defaults
        roles[name] = _role(name, roles_raw[name], defaults, latin, path)
    try:
        return Style(
            name=str(data.get("name", "custom")),
            page=Page(
                width_mm=float(page["width_mm"]), height_mm=float(page["height_mm"]),
                margin_top_mm=float(margin["top"]), margin_bottom_mm=float(margin["bottom"]),
                margin_left_mm=float(margin["left"]), margin_right_mm=float(margin["right"]),
                header_mm=float(page.get("header_mm", 15)), footer_mm=float(page.get("footer_mm", 25)),
            ),
            grid=Grid(
                lines_per_page=int(grid["lines_per_page"]), chars_per_line=int(grid["chars_per_line"]),
                line_pitch_pt=float(grid["line_pitch_pt"]),
                letter_spacing_pt=float(grid.get("letter_spacing_pt", 0)),
            ),
            roles=roles,
            latin_font=latin,
            font_aliases={k: [str(n) for n in v] for k, v in (fonts.get("aliases") or {}).items()},
            forbidden_fonts=[str(n) for n in fonts.get("forbidden") or []],
            tolerances=dict(data.get("tolerances") or {}),
            rules=dict(data.get("rules") or {}),
            source=data,
            path=path,
        )
    except KeyError as exc:
        raise StyleError(f"样式缺少必需的键：{exc.args[0] if exc.args else ''}", path=path) from None
    except (TypeError, ValueError):
        raise StyleError("样式取值错误：页面尺寸、边距、网格行数与字数应为数字", path=path) from None


@lru_cache(maxsize=16)
def _load_cached(path_key: Optional[str]) -> Style:
    return build_style(load_raw(path_key), path_key)


def load_style(path: Optional[Union[str, Path]] = None) -> Style:
    """Load a rule set (default: the built-in gbt9704).  Cached per path for batch runs."""
    return _load_cached(str(Path(path).resolve()) if path is not None else None)
