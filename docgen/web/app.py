"""The local web page and its HTTP API (``docgen serve``).

Every request works in its own temporary directory (deleted when the request ends) under fixed
file names (``input.txt``, ``content.yaml``, ``output.docx``): a name the user sent is shown back
to them and put in download names, never used as a path.  The library calls are in
:mod:`docgen.web.engine`, the same ones the CLI makes, so the bytes are the CLI's bytes.

Safety: the server listens on loopback only (``docgen serve``), and every request must name a
loopback host (``Host``) and, when the browser sends one, a loopback ``Origin`` (a page of another
site, or a DNS-rebinding name, is refused with 403).  Uploads are capped (``MAX_UPLOAD_BYTES``,
``MAX_FILES``); a hostile or broken file is refused with the CLI's Chinese message (400).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import quote, urlsplit

from flask import Flask, Response, jsonify, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from docgen.web import engine, outline

#: request size cap (uploads and posted text together)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: files in one request
MAX_FILES = 20
#: rendered page sets kept for their image URLs (oldest dropped first)
MAX_RENDERS = 24
#: the suffixes a draft may have (what ``docgen format`` reads)
DRAFT_SUFFIXES = (".txt", ".md", ".docx")
CHECK_SUFFIXES = (".txt", ".md", ".docx")
#: files a clerk may have that must be saved as .docx first
SAVE_AS_SUFFIXES = (".doc", ".wps", ".pdf", ".odt", ".rtf", ".pages")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: genres the engine knows (the form field ``genre`` is optional)
GENRES = {"": "speech", "speech": "speech", "讲话稿": "speech"}
PASTED_NAME = "粘贴的文字.txt"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_NAME_CHARS = 80
STATIC_DIR = Path(__file__).resolve().parent / "static"


class WebError(Exception):
    """A refusal with an HTTP status and a Chinese message (and a line/column for content files)."""

    def __init__(self, message: str, status: int = 400, line: Optional[int] = None, col: Optional[int] = None):
        super().__init__(message)
        self.message, self.status, self.line, self.col = message, status, line, col


def display_name(raw: Optional[str], default: str) -> str:
    """A file name the user sent, fit to show and to put in a download name (never a path)."""
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '"<>|:*?;')
    name = name.strip(" .") or default
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:MAX_NAME_CHARS - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 8 else name[:MAX_NAME_CHARS]
    return name


def _stem(name: str) -> str:
    p = Path(name)
    return p.stem if p.suffix else name


def _scrub(message: str, work: Path, name: str) -> str:
    """An engine message with the temporary paths replaced by the name the user knows."""
    for inner in sorted((str(p) for p in work.iterdir()), key=len, reverse=True) if work.exists() else ():
        message = message.replace(inner, name)
    return message.replace(str(work) + "/", "").replace(str(work), "")


def _refusal(exc: Exception, work: Path, name: str) -> WebError:
    line = getattr(exc, "line", None)
    col = getattr(exc, "col", None)
    if isinstance(exc, engine.DocgenError):
        exc.path = name if exc.path is None or str(work) in str(exc.path) else exc.path
        return WebError(_scrub(str(exc), work, name), 400, line, col)
    return WebError(_scrub(f"无法处理此文件（{type(exc).__name__}: {exc}）", work, name), 500)


class Scratch:
    """The server's temporary folder: one private folder per request (``work()``, deleted when the
    request ends) and the rendered page sets (PDF + PNG pages) behind unguessable ids, the oldest
    dropped first.  ``close()`` removes it all, also what a request cut short by a stop left."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="docgen_web_"))
        (self.root / "requests").mkdir()
        (self.root / "pages").mkdir()
        self._sets: "OrderedDict[str, Path]" = OrderedDict()
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def work(self) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="r", dir=self.root / "requests") as tmp:
            yield Path(tmp)

    def add(self) -> Tuple[str, Path]:
        rid = secrets.token_hex(16)
        folder = self.root / "pages" / rid
        folder.mkdir()
        with self._lock:
            self._sets[rid] = folder
            while len(self._sets) > MAX_RENDERS:
                _, old = self._sets.popitem(last=False)
                shutil.rmtree(old, ignore_errors=True)
        return rid, folder

    def get(self, rid: str) -> Optional[Path]:
        if not re.fullmatch(r"[0-9a-f]{32}", rid):
            return None
        with self._lock:
            return self._sets.get(rid)

    def drop(self, rid: str) -> None:
        with self._lock:
            folder = self._sets.pop(rid, None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


# -- reading a request ------------------------------------------------------------------------------

def _files(field: str = "file") -> List[Any]:
    files = [f for f in request.files.getlist(field) if f and (f.filename or "") != ""]
    if len(request.files) > MAX_FILES or len(files) > MAX_FILES:
        raise WebError(f"一次最多上传 {MAX_FILES} 个文件", 413)
    return files


def _draft(work: Path, suffixes=DRAFT_SUFFIXES) -> Tuple[Path, str]:
    """The draft of a request (multipart ``file`` or form field ``text``) saved under a fixed name."""
    files = _files()
    if len(files) > 1:
        raise WebError("此接口一次处理一个文件；多个文件请逐个提交")
    if files:
        upload = files[0]
        name = display_name(upload.filename, "上传的文件")
        suffix = Path(name).suffix.lower()
        if suffix in SAVE_AS_SUFFIXES:
            raise WebError(f"{name}: 网页版不直接读取 {suffix} 文件：请在 Word/WPS 中另存为 .docx（或把文字复制粘贴过来）")
        if suffix not in suffixes:
            raise WebError(f"{name}: 不支持的文件类型“{suffix or '无扩展名'}”：可处理 " + "、".join(suffixes))
        src = work / ("input" + suffix)
        upload.save(str(src))
        return src, name
    text = request.form.get("text")
    if text is None:
        raise WebError("请上传文件（字段 file）或粘贴文字（字段 text）")
    if not text.strip():
        raise WebError("粘贴的文字是空的")
    src = work / "input.txt"
    src.write_text(text, encoding="utf-8")
    return src, display_name(request.form.get("name"), PASTED_NAME)


def _content_text() -> Tuple[str, str]:
    """The YAML content of a request: multipart field ``yaml`` (file or text), JSON ``content``,
    or the raw body."""
    if request.mimetype == "multipart/form-data" or request.mimetype == "application/x-www-form-urlencoded":
        _files("yaml")
        upload = request.files.get("yaml")
        if upload is not None and upload.filename:
            data = upload.read()
            name = display_name(upload.filename, "内容文件.yaml")
        elif "yaml" in request.form:
            data = request.form["yaml"].encode("utf-8")
            name = display_name(request.form.get("name"), "内容文件.yaml")
        else:
            raise WebError("请在字段 yaml 中提交内容文件")
    elif request.mimetype == "application/json":
        body = _json()
        data = str(body.get("content") or "").encode("utf-8")
        name = display_name(body.get("name"), "内容文件.yaml")
    else:
        data = request.get_data()
        name = display_name(request.args.get("name"), "内容文件.yaml")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WebError(f"{name}: 内容文件应为 UTF-8 编码的文字") from None
    if not text.strip():
        raise WebError(f"{name}: 内容文件是空的", line=1, col=1)
    return text, name


def _json() -> Dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise WebError("请求体应为 JSON 对象")
    return body


def _genre() -> str:
    raw = (request.form.get("genre") or request.args.get("genre") or "").strip()
    if raw not in GENRES:
        raise WebError(f"未知的文种“{raw}”：目前支持 speech（讲话稿）")
    return GENRES[raw]


def _attachment(data: bytes, name: str, mimetype: str) -> Response:
    resp = Response(data, mimetype=mimetype)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    resp.headers["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return resp


def _build(work: Path, text: str, name: str) -> Tuple[bytes, List[str]]:
    content = work / "content.yaml"
    content.write_text(text, encoding="utf-8")
    out = work / "output.docx"
    try:
        warnings = engine.build_content(content, out)
    except Exception as exc:            # noqa: BLE001 (reported in Chinese, never a traceback)
        raise _refusal(exc, work, name) from None
    return out.read_bytes(), [_scrub(w, work, name) for w in warnings]


def _outline_of(text: str, name: str) -> Tuple[Any, List[Dict[str, Any]]]:
    try:
        doc = engine.read_content(text, name)
        return doc, outline.flatten(doc)
    except engine.DocgenError as exc:
        raise WebError(str(exc), 400, exc.line, exc.col) from None


def _decisions(result: Any) -> List[Dict[str, Any]]:
    return [{"line": d.line, "kind": d.kind, "level": d.level, "confidence": round(d.confidence, 2),
             "reason": d.reason, "text": d.text, "describe": d.describe()} for d in result.decisions]


def _mark_doubts(items: List[Dict[str, Any]], result: Any) -> None:
    """Put the recogniser's doubtful decisions on the outline paragraphs they made: by the line
    they came from, else by their text."""
    decisions = list(result.decisions)

    def put(item: Dict[str, Any], d: Any) -> None:
        item["confidence"] = round(d.confidence, 2)
        item["reason"] = d.reason
        decisions.remove(d)

    for item in items:
        d = next((d for d in decisions if item.get("line") is not None and d.line == item["line"]
                  and d.text and d.text in (item.get("lead") or "") + (item.get("text") or "")), None)
        if d is not None:
            put(item, d)
    for item in items:
        if "confidence" in item:
            continue
        text = (item.get("lead") or "") + (item.get("text") or "")
        d = next((d for d in decisions if d.text and (d.text == text or (len(d.text) >= 4 and d.text in text))), None)
        if d is not None:
            put(item, d)


def _findings_named(report: Dict[str, Any], name: str) -> Dict[str, Any]:
    for fr in report.get("files", []):
        fr["path"] = name
    return report


# -- the app -------------------------------------------------------------------------------------

def create_app(preload: bool = False) -> Flask:
    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES, MAX_FORM_MEMORY_SIZE=MAX_UPLOAD_BYTES,
                      MAX_FORM_PARTS=MAX_FILES * 4 + 20, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    scratch = Scratch()
    app.extensions["docgen_scratch"] = scratch
    atexit.register(scratch.close)      # also when the app ends without docgen serve's own stop
    if preload:
        engine.preload()

    @app.before_request
    def _local_only():
        host = urlsplit("//" + (request.host or "")).hostname or ""
        if host not in LOOPBACK_HOSTS:
            return _error(WebError("只接受本机访问（Host 不是 127.0.0.1 或 localhost）", 403))
        origin = request.headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK_HOSTS \
                    or (parts.port or 80) != (urlsplit("//" + request.host).port or 80):
                return _error(WebError("拒绝来自其他网页的请求（Origin 不是本机页面）", 403))
        return None

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
                                "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.errorhandler(WebError)
    def _web_error(exc: WebError):
        return _error(exc)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc):
        return _error(WebError(f"上传内容过大：一次最多 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", 413))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        messages = {404: "没有这个地址", 405: "此地址不接受这种请求方法", 400: "请求格式不正确"}
        return _error(WebError(messages.get(exc.code, exc.description or "请求无法处理"), exc.code or 500))

    @app.errorhandler(Exception)
    def _internal(exc: Exception):
        return _error(WebError(f"内部错误（{type(exc).__name__}）：请报告此问题", 500))

    @app.get("/")
    def index():
        return send_file(STATIC_DIR / "index.html", mimetype="text/html")

    @app.get("/api/health")
    def health():
        hint = engine.render_available()
        return jsonify({"ok": True, "render": hint is None, "render_message": hint,
                        "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "max_files": MAX_FILES})

    @app.post("/api/format")
    def api_format():
        _genre()
        want = request.form.get("output") or request.args.get("output") or "json"
        if want not in ("json", "docx", "yaml"):
            raise WebError("output 应为 json、docx 或 yaml")
        with scratch.work() as work:
            src, name = _draft(work)
            out, yml = work / "output.docx", work / "content.yaml"
            try:
                result, report = engine.format_draft(src, out, yml)
                # the findings of `check` on the draft (only the JSON answer carries them)
                findings = _findings_named(engine.check_document(src), name) if want == "json" else None
            except Exception as exc:    # noqa: BLE001
                raise _refusal(exc, work, name) from None
            # the content file names its source as the CLI does (from the user's file name)
            content = yml.read_text(encoding="utf-8").replace(f"从 {src.name} 识别生成", f"从 {name} 识别生成", 1)
            if want == "docx":
                return _attachment(out.read_bytes(), _stem(name) + ".docx", DOCX_MIME)
            if want == "yaml":
                return _attachment(content.encode("utf-8"), _stem(name) + ".yaml", "application/yaml")
            report = _scrub(report, work, name)
            items = outline.flatten(result.document)
            _mark_doubts(items, result)
            return jsonify({"name": name, "kind": result.kind, "content": content, "outline": items,
                            "findings": findings, "report": report,
                            "changes": [_named(f.to_dict(), name) for f in result.findings],
                            "decisions": _decisions(result)})

    @app.post("/api/check")
    def api_check():
        with scratch.work() as work:
            src, name = _draft(work, CHECK_SUFFIXES)
            try:
                return jsonify(_findings_named(engine.check_document(src), name))
            except Exception as exc:    # noqa: BLE001
                raise _refusal(exc, work, name) from None

    @app.post("/api/build")
    def api_build():
        text, name = _content_text()
        with scratch.work() as work:
            data, warnings = _build(work, text, name)
        resp = _attachment(data, _stem(name) + ".docx", DOCX_MIME)
        if warnings:
            resp.headers["X-Docgen-Warnings"] = quote(json.dumps(warnings, ensure_ascii=False))
        return resp

    @app.post("/api/outline")
    def api_outline():
        body = _json()
        text = str(body.get("content") or "")
        name = display_name(body.get("name"), "内容文件.yaml")
        if not text.strip():
            raise WebError("内容文件是空的", line=1, col=1)
        doc, items = _outline_of(text, name)
        change = body.get("edit")
        if change:
            try:
                index, role = int(change.get("index")), str(change.get("role"))
                level = change.get("level")
                items = outline.edit(items, index, role, int(level) if level not in (None, "") else None)
            except (TypeError, ValueError, AttributeError) as exc:
                raise WebError(f"无法修改：{exc}") from None
            new_doc = outline.unflatten(items, doc)
            text = engine.dump_content(new_doc, comment=_leading_comment(text))
            doc, items = _outline_of(text, name)
        return jsonify({"content": text, "outline": items})

    @app.post("/api/check-content")
    def api_check_content():
        """The findings of ``check`` on the .docx built from a content file (shown beside the pages)."""
        text, name = _content_text()
        with scratch.work() as work:
            data, warnings = _build(work, text, name)
            docx_name = _stem(name) + ".docx"
            try:
                report = engine.check_document(work / "output.docx")
            except Exception as exc:    # noqa: BLE001
                raise _refusal(exc, work, docx_name) from None
        return jsonify(_findings_named(report, docx_name))

    @app.post("/api/render")
    def api_render():
        """Build the content, render it with LibreOffice: page image URLs and the PDF's URL."""
        text, name = _content_text()
        hint = engine.render_available()
        if hint is not None:
            raise WebError("本机没有安装 LibreOffice，无法生成页面图片和 PDF（.docx 仍可下载）。"
                           f"安装办法：{hint}", 503)
        rid, folder = scratch.add()
        try:
            with scratch.work() as work:
                _build(work, text, name)
                try:
                    pngs = engine.render_pages(work / "output.docx", folder / "document.pdf", folder)
                except Exception as exc:    # noqa: BLE001
                    raise _refusal(exc, work, name) from None
        except BaseException:
            scratch.drop(rid)
            raise
        pages = [f"/api/pages/{rid}/{i}.png" for i in range(1, len(pngs) + 1)]
        return jsonify({"id": rid, "pages": pages, "pdf": f"/api/pages/{rid}/document.pdf",
                        "name": _stem(name) + ".pdf"})

    @app.get("/api/pages/<rid>/<int:page>.png")
    def page_png(rid: str, page: int):
        folder = scratch.get(rid)
        path = folder / f"page-{page}.png" if folder else None
        if path is None or not path.is_file():
            raise WebError("页面图片已过期或不存在，请重新生成", 404)
        return send_file(path, mimetype="image/png")

    @app.get("/api/pages/<rid>/document.pdf")
    def page_pdf(rid: str):
        folder = scratch.get(rid)
        path = folder / "document.pdf" if folder else None
        if path is None or not path.is_file():
            raise WebError("PDF 已过期或不存在，请重新生成", 404)
        name = display_name(request.args.get("name"), "document.pdf")
        return _attachment(path.read_bytes(), name, "application/pdf")

    @app.post("/api/zip")
    def api_zip():
        """Several content files -> one zip with each one's .docx and .yaml."""
        body = _json()
        docs = body.get("documents")
        if not isinstance(docs, list) or not docs:
            raise WebError("documents 应为非空列表：[{name, content}]")
        if len(docs) > MAX_FILES:
            raise WebError(f"一次最多打包 {MAX_FILES} 个文件", 413)
        buf = io.BytesIO()
        used: Dict[str, int] = {}
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, d in enumerate(docs, 1):
                if not isinstance(d, dict):
                    raise WebError(f"第 {i} 个文档格式不正确")
                name = display_name(d.get("name"), f"文档{i}")
                stem = _stem(name)
                n = used.get(stem, 0)
                used[stem] = n + 1
                if n:
                    stem = f"{stem}-{n + 1}"
                text = str(d.get("content") or "")
                with scratch.work() as work:
                    data, _ = _build(work, text, name)
                zf.writestr(zipfile.ZipInfo(stem + ".docx", (2026, 1, 1, 0, 0, 0)), data)
                zf.writestr(zipfile.ZipInfo(stem + ".yaml", (2026, 1, 1, 0, 0, 0)), text.encode("utf-8"))
        return _attachment(buf.getvalue(), "docgen-文稿.zip", "application/zip")

    return app


def _named(d: Dict[str, Any], name: str) -> Dict[str, Any]:
    d["path"] = name
    return d


def _leading_comment(text: str) -> Optional[str]:
    """The ``# …`` lines on top of a content file, kept when the page rewrites it."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return "\n".join(lines) or None


def _error(exc: WebError):
    body: Dict[str, Any] = {"error": exc.message}
    if exc.line is not None:
        body["line"] = exc.line
    if exc.col is not None:
        body["col"] = exc.col
    resp = jsonify(body)
    resp.status_code = exc.status
    return resp
