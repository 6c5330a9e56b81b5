"""Fonts that really print: what each role of the house style asks for, whether this machine has
it, and what a renderer would put in its place.

    role_fonts(style)                 -> [RoleFont]  role, requested font, fallback aliases
    probe()                           -> FontProbe   fontconfig (Linux, macOS) or Windows
    font_report(style, probe, strict) -> [RoleStatus] one line per role for ``docgen fonts``
    accepted_families(style, role)    -> names the house style lists for a role (fonts.conf stand-ins
                                         included): what ``preview --measure`` accepts on the page
    in_gb2312(ch), fallback_for(style, font, role)   the GB2312 table and the per-role alias

The fallback aliases are data: ``fallback:`` per role in docgen/data/gbt9704.yaml.  The stand-ins
are data too: the ``<alias>`` lines of docgen/data/fonts.conf (or the file ``DOCGEN_FONTCONFIG``
names), the configuration the renderer runs with.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

#: Chinese names of the roles (what ``docgen fonts`` and ``preview --measure`` print)
ROLE_LABELS: Dict[str, str] = {
    "title": "标题", "subtitle": "讲话人/日期", "salutation": "称谓", "body": "正文",
    "h1": "一级标题", "h2": "二级标题", "h3": "三级标题", "h4": "四级标题", "lead": "领句（一是……）",
    "closing": "结束语", "signature": "落款", "table": "表格", "table_header": "表头",
    "page_number": "页码",
}
#: seconds an fc-list / fc-match call may take
FC_TIMEOUT_S = 30
#: the name suffix of the fonts that hold only GB2312's 6763 hanzi (仿宋_GB2312, 楷体_GB2312 …)
GB2312_SUFFIX = "_gb2312"
#: English names Windows registers for the Chinese fonts it ships (the registry holds these, Word
#: shows the Chinese ones); facts of Windows, not of the house style
WINDOWS_NAMES: Dict[str, str] = {
    "fangsong": "仿宋", "simhei": "黑体", "simsun": "宋体", "nsimsun": "新宋体", "kaiti": "楷体",
    "fangsong_gb2312": "仿宋_GB2312", "kaiti_gb2312": "楷体_GB2312", "microsoft yahei": "微软雅黑",
    "dengxian": "等线", "stzhongsong": "华文中宋", "stfangsong": "华文仿宋", "stkaiti": "华文楷体",
    "stsong": "华文宋体", "stheiti": "华文黑体",
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


# ------------------------------------------------------------------------------ GB2312 coverage

@lru_cache(maxsize=8192)
def in_gb2312(ch: str) -> bool:
    """True when ``ch`` has a code point in GB2312 (GB/T 2312-1980: 682 symbols, 6763 hanzi).

    The table is a codec: the character's GBK code (Windows' cp936, the mapping the *_GB2312 fonts'
    cmaps follow) must be a two-byte code in GB2312's rows (both bytes 0xA1–0xFE) that Python's
    ``gb2312`` codec also decodes.  Going through GBK keeps the marks Windows maps differently from
    the codec ("——" U+2014 and "·" U+00B7 are GB2312 A1AA and A1A4) in the set."""
    if ord(ch) < 0x80:
        return True
    try:
        code = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    if len(code) != 2 or not (0xA1 <= code[0] <= 0xFE and 0xA1 <= code[1] <= 0xFE):
        return False
    try:
        code.decode("gb2312")
    except UnicodeDecodeError:
        return False
    return True


@lru_cache(maxsize=8192)
def east_asian_slot(ch: str) -> bool:
    """A character drawn with the east-Asian font: wide or fullwidth, not a symbol (emoji)."""
    return (unicodedata.east_asian_width(ch) in ("W", "F")
            and unicodedata.category(ch) not in ("So", "Sk", "Zs"))


def limited_to_gb2312(font: Optional[str], style=None) -> bool:
    """仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 …: fonts that have only the GB2312 characters.

    The name patterns are data: ``fonts.gb2312_only`` of the rule set (shell patterns, any case);
    without a rule set only ``*_GB2312``."""
    if not font:
        return False
    patterns = _gb2312_patterns(style)
    name = font.strip().lower()
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _gb2312_patterns(style) -> Tuple[str, ...]:
    if style is None:
        return ("*" + GB2312_SUFFIX,)
    found = style.__dict__.get("_docgen_gb2312_patterns")
    if found is None:
        raw = ((style.source or {}).get("fonts") or {}).get("gb2312_only")
        items = raw if isinstance(raw, list) else ["*" + GB2312_SUFFIX]
        found = style.__dict__["_docgen_gb2312_patterns"] = tuple(str(p).strip().lower() for p in items)
    return found


def outside_gb2312(text: str) -> List[Tuple[int, str]]:
    """(offset, character) of every east-Asian character of ``text`` that GB2312 lacks."""
    return [(i, ch) for i, ch in enumerate(text) if east_asian_slot(ch) and not in_gb2312(ch)]


def fallback_for(style, font: Optional[str], role: Optional[str] = None) -> Optional[str]:
    """The font to set a character in that ``font`` lacks: the first ``fallback:`` of the role
    that asks for ``font`` (``role`` first), that is not itself a *_GB2312 font; else the first
    such name of the font's alias family."""
    wanted = (font or "").strip().lower()
    order = ([role] if role in style.roles else []) + [r for r in style.roles if r != role]
    for name in order:
        rs = style.roles[name]
        if rs.font.strip().lower() == wanted:
            found = next((f for f in rs.fallback if not limited_to_gb2312(f, style)), None)
            if found:
                return found
    family = style.family_of(font)
    if family:
        for name in order:                 # same family, another name (楷体_GB2312 in body)
            rs = style.roles[name]
            if style.family_of(rs.font) == family:
                found = next((f for f in rs.fallback if not limited_to_gb2312(f, style)), None)
                if found:
                    return found
        return next((n for n in style.font_aliases.get(family, ()) if not limited_to_gb2312(n, style)), None)
    return None


# ------------------------------------------------------------------------------ stand-ins (data)

#: docgen's fontconfig file: the CJK stand-ins for the 公文 font names (RENDER_SETUP.md)
FONTS_CONF = Path(__file__).resolve().parent / "data" / "fonts.conf"


def fontconfig_file() -> Optional[Path]:
    """The fontconfig file the renderer uses: ``DOCGEN_FONTCONFIG`` when set, else the
    ``FONTCONFIG_FILE`` of the environment when set (a machine's own font configuration, or a
    test's: ``docgen fonts`` and ``preview --measure`` then judge that one), else
    docgen/data/fonts.conf with its stand-ins."""
    for var in ("DOCGEN_FONTCONFIG", "FONTCONFIG_FILE"):
        override = os.environ.get(var)
        if override:
            return Path(override).resolve()
    return FONTS_CONF if FONTS_CONF.exists() else None


def render_fontconfig() -> Optional[Path]:
    """The fontconfig file the renderer (docgen preview) runs with."""
    return fontconfig_file()


_ALIAS_RE = re.compile(r"<alias\b[^>]*>\s*<family>([^<]+)</family>\s*<prefer>(.*?)</prefer>", re.S)
_FAMILY_RE = re.compile(r"<family>([^<]+)</family>")


@lru_cache(maxsize=8)
def _standins(conf_path: str) -> Dict[str, Tuple[str, ...]]:
    try:
        text = Path(conf_path).read_text(encoding="utf-8")
    except OSError:
        return {}
    return {m.group(1).strip().lower(): tuple(f.strip() for f in _FAMILY_RE.findall(m.group(2)))
            for m in _ALIAS_RE.finditer(text)}


def standins(conf: Optional[Path] = None) -> Dict[str, Tuple[str, ...]]:
    """font name (lower case) -> the stand-in families docgen's fonts.conf prefers for it."""

    return _standins(str(conf or FONTS_CONF))


def listed_names(style, role: str) -> List[str]:
    """The names the house style lists for a role's east-Asian font: the font, its alias family
    (fonts.aliases) and the role's fallback fonts."""
    rs = style.roles[role]
    names = [rs.font]
    family = style.family_of(rs.font)
    if family:
        names += style.font_aliases.get(family, [])
    for fb in rs.fallback:
        names.append(fb)
        fam = style.family_of(fb)
        if fam:
            names += style.font_aliases.get(fam, [])
    return _unique(names)


def listed_latin_names(style, role: str) -> List[str]:
    rs = style.roles[role]
    family = style.family_of(rs.latin_font)
    return _unique([rs.latin_font] + (style.font_aliases.get(family, []) if family else []))


def accepted_families(style, role: str, latin: bool = False) -> List[str]:
    """Listed names plus their stand-ins in docgen/data/fonts.conf (the render stand-ins count as
    listed): every family a role's text may be printed in."""
    names = listed_latin_names(style, role) if latin else listed_names(style, role)
    table = standins()
    out = list(names)
    for n in names:
        out += table.get(n.lower(), ())
    return _unique(out)


def _unique(names: Iterable[str]) -> List[str]:
    seen: Set[str] = set()
    out = []
    for n in names:
        key = n.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(n.strip())
    return out


def font_key(name: str) -> str:
    """A comparable key of a family or PostScript name: 'ABCDEF+NotoSerifCJKjp-Light-VKana' and
    'Noto Serif CJK SC Light' -> 'notoserifcjklight…' (subset tag, spaces, hyphens, the CJK region
    and a trailing ' Regular' removed)."""
    name = re.sub(r"^[A-Z]{6}\+", "", name.strip())
    key = re.sub(r"[^0-9a-z\u00c0-\uffff]", "", name.lower())
    key = re.sub(r"cjk(sc|tc|jp|kr|hk)", "cjk", key)
    return key


def same_font(embedded: str, family: str) -> bool:
    """Does the embedded (PostScript) font name belong to ``family``?"""
    a, b = font_key(embedded), font_key(family)
    if not a or not b:
        return False
    if a == b or a.startswith(b):
        return True
    return a.replace("regular", "") == b


# ------------------------------------------------------------------------------------- probes

@dataclass
class Match:
    """What a renderer substitutes for a name: the first family of the font it picks."""

    family: str
    families: Tuple[str, ...] = ()
    postscript: str = ""
    file: str = ""


class FontProbe:
    """Which fonts this machine has and what it substitutes for a name."""

    system = "unknown"

    def installed(self) -> Set[str]:              # lower-case family names
        raise NotImplementedError

    def match(self, name: str) -> Optional[Match]:
        return None

    def has(self, name: str) -> bool:
        return name.strip().lower() in self.installed()


class FontconfigProbe(FontProbe):
    """fc-list / fc-match, run with the renderer's fontconfig file (``FONTCONFIG_FILE``)."""

    system = "fontconfig"

    def __init__(self, conf: Optional[Path] = None) -> None:
        self.conf = conf if conf is not None else render_fontconfig()
        self._installed: Optional[Set[str]] = None
        self._matches: Dict[str, Optional[Match]] = {}

    def _run(self, args: Sequence[str]) -> str:
        from docgen.errors import DocgenError

        exe = shutil.which(args[0])
        if exe is None:
            raise DocgenError(f"未找到 {args[0]}（fontconfig）：Debian/Ubuntu 请 apt-get install fontconfig，"
                              "macOS 请 brew install fontconfig")
        env = dict(os.environ)
        if self.conf is not None:
            env["FONTCONFIG_FILE"] = str(self.conf)
        try:
            done = subprocess.run([exe, *args[1:]], env=env, capture_output=True, timeout=FC_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise DocgenError(f"{args[0]} 超时（{FC_TIMEOUT_S} 秒）") from None
        return done.stdout.decode("utf-8", "replace")

    def installed(self) -> Set[str]:
        if self._installed is None:
            out = self._run(["fc-list", "--format", "%{family}\n"])
            self._installed = {f.strip().lower() for line in out.splitlines() for f in line.split(",") if f.strip()}
        return self._installed

    def match(self, name: str) -> Optional[Match]:
        if name not in self._matches:
            # fc-match parses a pattern: "-" would start a size, ":" properties (FZHei-B01S)
            pattern = "".join("\\" + c if c in "-:,\\" else c for c in name)
            out = self._run(["fc-match", "--format", "%{family}\t%{postscriptname}\t%{file}", pattern])
            parts = out.split("\t")
            if len(parts) >= 3 and parts[0]:
                fams = tuple(f.strip() for f in parts[0].split(",") if f.strip())
                # the most specific Latin family name ("Noto Serif CJK SC Light", not "… SC")
                shown = max((f for f in fams if f.isascii()), key=len, default=fams[0])
                self._matches[name] = Match(shown, fams, parts[1].strip(), parts[2].strip())
            else:
                self._matches[name] = None
        return self._matches[name]


class WindowsProbe(FontProbe):
    """The fonts folders (%WINDIR%\\Fonts, the per-user folder) and the registry's font lists.

    Windows has no fontconfig: a missing font is replaced by Word at print time (usually by 宋体
    or 等线), which ``match`` cannot predict, so it answers None."""

    system = "windows"
    _REG_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"

    def __init__(self, folders: Optional[Sequence[Path]] = None,
                 registry_names: Optional[Iterable[str]] = None) -> None:
        self.folders = list(folders) if folders is not None else self._default_folders()
        self._registry = list(registry_names) if registry_names is not None else None
        self._installed: Optional[Set[str]] = None

    @staticmethod
    def _default_folders() -> List[Path]:
        out = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            out.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return out

    def _registry_names(self) -> List[str]:
        if self._registry is not None:
            return self._registry
        names: List[str] = []
        try:
            import winreg  # type: ignore[import-not-found]
        except ImportError:
            return names
        for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(hive, self._REG_KEY) as key:
                    i = 0
                    while True:
                        try:
                            value_name, _, _ = winreg.EnumValue(key, i)
                        except OSError:
                            break
                        names.append(value_name)
                        i += 1
            except OSError:
                continue
        return names

    def installed(self) -> Set[str]:
        if self._installed is not None:
            return self._installed
        found: Set[str] = set()
        for value in self._registry_names():
            # "仿宋_GB2312 (TrueType)", "SimSun & NSimSun (TrueType)"
            base = re.sub(r"\s*\((TrueType|OpenType|Type 1|All res)\)\s*$", "", value, flags=re.I)
            for part in base.split("&"):
                if part.strip():
                    found.add(part.strip().lower())
        for folder in self.folders:
            try:
                files = list(Path(folder).iterdir())
            except OSError:
                continue
            for f in files:
                if f.suffix.lower() in (".ttf", ".ttc", ".otf"):
                    found.add(f.stem.strip().lower())
        for english, chinese in WINDOWS_NAMES.items():
            if english in found:
                found.add(chinese.lower())
        self._installed = found
        return found


def probe() -> FontProbe:
    """The probe for this machine: the Windows folders and registry, fontconfig elsewhere."""
    if sys.platform.startswith("win"):
        return WindowsProbe()
    return FontconfigProbe()


# ------------------------------------------------------------------------------------- report

@dataclass
class RoleStatus:
    role: str
    label: str
    font: str
    latin_font: str
    fallback: List[str]
    #: "installed" | "standin" (not installed; the renderer prints a stand-in the house style
    #: lists) | "missing"
    status: str
    substitute: Optional[str] = None          # what the renderer uses for ``font`` (fc-match)
    installed_aliases: List[str] = field(default_factory=list)
    latin_status: str = "installed"
    latin_substitute: Optional[str] = None
    advice: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "missing" and self.latin_status != "missing"

    def to_dict(self) -> Dict[str, object]:
        d = asdict(self)
        d["ok"] = self.ok
        return d


def _status(p: FontProbe, name: str, accepted: List[str], strict: bool) -> Tuple[str, Optional[str]]:
    if p.has(name):
        m = p.match(name)
        return "installed", (m.family if m else name)
    m = p.match(name)
    if m is None:
        return "missing", None
    wanted = {a.lower() for a in accepted}
    if not strict and any(f.lower() in wanted for f in m.families):
        return "standin", m.family
    return "missing", m.family


def font_report(style, p: Optional[FontProbe] = None, strict: bool = False,
                roles: Optional[Sequence[str]] = None) -> List[RoleStatus]:
    """One RoleStatus per role of the house style.  ``strict``: a stand-in does not count (the
    machine that prints with Word or WPS needs the real fonts)."""
    p = p or probe()
    out = []
    for role in roles or list(style.roles):
        rs = style.roles[role]
        status, sub = _status(p, rs.font, accepted_families(style, role), strict)
        latin_status, latin_sub = _status(p, rs.latin_font, accepted_families(style, role, latin=True), strict)
        aliases = [n for n in listed_names(style, role)[1:] if p.has(n)]
        item = RoleStatus(role=role, label=role_label(role), font=rs.font, latin_font=rs.latin_font,
                          fallback=list(rs.fallback), status=status, substitute=sub,
                          installed_aliases=aliases, latin_status=latin_status, latin_substitute=latin_sub)
        item.advice = _advice(item, style)
        out.append(item)
    return out


def _advice(item: RoleStatus, style) -> str:
    """One Chinese line: what to install or which alias to name in a --style file."""
    if item.ok:
        return ""
    parts = []
    if item.status == "missing":
        got = f"，渲染时会被替换为 {item.substitute}" if item.substitute else ""
        usable = [a for a in item.fallback if a in item.installed_aliases] or item.installed_aliases
        if usable:
            parts.append(f"{item.label}：本机未安装“{item.font}”{got}；本机已有“{usable[0]}”，可在 --style 样式文件中写 "
                         f"roles.{item.role}.font: {usable[0]}（样式文件以 extends: gbt9704 开头）")
        else:
            alts = "、".join(item.fallback)
            parts.append(f"{item.label}：本机未安装“{item.font}”{got}；请安装“{item.font}”"
                         + (f"（或其替代：{alts}，再用 --style 指定）" if alts else ""))
    if item.latin_status == "missing":
        got = f"，渲染时会被替换为 {item.latin_substitute}" if item.latin_substitute else ""
        parts.append(f"{item.label}：本机未安装西文字体“{item.latin_font}”{got}；请安装“{item.latin_font}”")
    return "；".join(parts)


_STATUS_CN = {"installed": "已安装", "standin": "替代字体", "missing": "缺失"}


def format_report(items: List[RoleStatus], p: FontProbe) -> str:
    """The table ``docgen fonts`` prints, then one advice line per missing role."""
    rows = [("角色", "要求的字体", "状态", "实际使用", "西文", "西文状态")]
    for it in items:
        rows.append((it.label, it.font, _STATUS_CN[it.status], it.substitute or "（未知）",
                     it.latin_font, _STATUS_CN[it.latin_status]))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip() for r in rows]
    conf = getattr(p, "conf", None)
    lines.insert(0, f"字体配置：{conf}（fontconfig，与 docgen preview 渲染时相同）" if conf is not None else
                 ("字体来源：Windows 字体文件夹与注册表" if p.system == "windows" else f"字体来源：{p.system}"))
    missing = [it for it in items if not it.ok]
    lines.append("")
    if missing:
        lines.append(f"缺少字体的角色 {len(missing)} 个：")
        lines += [it.advice for it in missing]
    else:
        standin = [it for it in items if it.status == "standin"]
        lines.append("每个角色的字体都能正确显示。" + (
            f"其中 {len(standin)} 个角色用的是 docgen 的替代字体（仅供预览；用 Word/WPS 打印的机器须安装原字体，"
            "可用 docgen fonts --strict 检查）。" if standin else ""))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
