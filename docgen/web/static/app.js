/* docgen 网页版：a little plain JavaScript over the HTTP API (no framework, nothing fetched). */
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = { docs: [], current: -1, render: null, renderMessage: "", pdfUrl: null, busy: 0,
                maxFiles: 20, maxBytes: 20 * 1048576 };

const ROLE_OPTIONS = [
  ["title", "标题"], ["subtitle", "副标题"], ["salutation", "称谓（主送）"],
  ["heading:1", "一级标题"], ["heading:2", "二级标题"], ["heading:3", "三级标题"], ["heading:4", "四级标题"],
  ["body", "正文"], ["closing", "结束语"], ["signature", "落款（署名）"], ["date", "日期"],
];

function status(text, isError) {
  const el = $("#status");
  el.textContent = text;
  el.classList.toggle("error", !!isError);
}

function busy(on) {
  state.busy += on ? 1 : -1;
  document.body.classList.toggle("busy", state.busy > 0);
  $("#btn-format").disabled = state.busy > 0;
}

async function errorOf(resp) {
  try {
    const data = await resp.json();
    return data;
  } catch (e) {
    return { error: `请求失败（${resp.status}）` };
  }
}

async function postJSON(url, body) {
  const resp = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                                  body: JSON.stringify(body) });
  if (!resp.ok) throw await errorOf(resp);
  return resp;
}

function doc() { return state.docs[state.current]; }
function stem(name) { const i = name.lastIndexOf("."); return i > 0 ? name.slice(0, i) : name; }

/* ---- 1. format ------------------------------------------------------------------------------- */

async function formatOne(form, name) {
  const resp = await fetch("/api/format", { method: "POST", body: form });
  if (!resp.ok) {
    const err = await errorOf(resp);
    return { name, failed: true, error: err.error || "无法排版" };
  }
  const data = await resp.json();
  return { name: data.name, content: data.content, outline: data.outline, report: data.report,
           draftFindings: data.findings, decisions: data.decisions, doubts: doubtMap(data.outline) };
}

function doubtMap(items) {
  const m = {};
  for (const it of items) if (it.confidence !== undefined) m[(it.lead || "") + it.text] = it;
  return m;
}

async function formatInputs(files) {
  busy(true);
  try {
    const jobs = [];
    if (files && files.length) {
      if (files.length > state.maxFiles) { status(`一次最多处理 ${state.maxFiles} 个文件，请分批拖入。`, true); return; }
      const big = files.find((f) => f.size > state.maxBytes);
      if (big) { status(`${big.name}：文件过大（上限 ${state.maxBytes / 1048576} MB），不像一篇讲话稿。`, true); return; }
      for (const f of files) {
        const form = new FormData();
        form.append("file", f, f.name);
        jobs.push([form, f.name]);
      }
    } else {
      const text = $("#draft").value;
      if (!text.trim()) { status("请先粘贴稿件文字，或拖入文件。", true); return; }
      const form = new FormData();
      form.append("text", text);
      jobs.push([form, "粘贴的文字.txt"]);
    }
    status(`正在排版 ${jobs.length} 个稿件……`);
    const results = [];
    for (const [form, name] of jobs) results.push(await formatOne(form, name));
    state.docs = results;
    state.current = -1;
    const failed = results.filter((d) => d.failed);
    const firstOk = state.docs.findIndex((d) => !d.failed);
    renderDocList();
    if (firstOk >= 0) {
      status("已识别结构，正在生成页面和检查……");
      await select(firstOk);
    }
    if (failed.length) {
      status(failed.map((d) => `${d.name}：${d.error}`).join("；"), true);
    } else {
      status(`排版完成：${results.map((d) => d.name).join("、")}`);
    }
  } finally {
    busy(false);
  }
}

function renderDocList() {
  const ul = $("#doc-list");
  ul.textContent = "";
  state.docs.forEach((d, i) => {
    const li = document.createElement("li");
    li.textContent = d.failed ? `✗ ${d.name}：${d.error}` : d.name;
    li.classList.toggle("failed", !!d.failed);
    li.classList.toggle("current", i === state.current);
    if (!d.failed) li.addEventListener("click", () => select(i));
    ul.appendChild(li);
  });
  const ok = state.docs.filter((d) => !d.failed).length;
  $("#btn-zip").disabled = ok < 2;
}

async function select(i) {
  state.current = i;
  renderDocList();
  const d = doc();
  setEditor(d.content);
  renderOutline(d.outline);
  $("#report").textContent = d.report || "";
  for (const id of ["#btn-docx", "#btn-yaml"]) $(id).disabled = false;
  await refresh();
}

/* ---- 2. outline ------------------------------------------------------------------------------ */

function roleValue(it) { return it.role === "heading" ? `heading:${it.level}` : it.role; }

function renderOutline(items) {
  const ol = $("#outline");
  ol.textContent = "";
  const d = doc();
  for (const it of items) {
    const li = document.createElement("li");
    li.dataset.index = it.index;
    li.classList.add(`role-${it.role}`);
    if (it.role === "heading") li.classList.add(`heading-${it.level}`);
    const doubt = it.confidence !== undefined ? it : (d && d.doubts[(it.lead || "") + it.text]);
    if (doubt) li.classList.add("doubt");
    let control;
    if (it.role === "table") {
      control = document.createElement("span");
      control.textContent = "表格";
    } else {
      control = document.createElement("select");
      control.className = "role-select";
      control.setAttribute("aria-label", `第 ${it.index + 1} 段的角色`);
      for (const [value, label] of ROLE_OPTIONS) {
        const opt = document.createElement("option");
        opt.value = value;
        opt.textContent = label + (value === "body" && it.lead ? "（序语段）" : "")
          + (value === roleValue(it) && it.runin ? "（段内）" : "");
        control.appendChild(opt);
      }
      control.value = roleValue(it);
      control.addEventListener("change", () => changeRole(it.index, control.value));
    }
    const text = document.createElement("div");
    text.className = "text";
    if (it.number) {
      const n = document.createElement("span");
      n.className = "num";
      n.textContent = it.number;
      text.appendChild(n);
    }
    if (it.lead) {
      const lead = document.createElement("span");
      lead.className = "lead";
      lead.textContent = it.lead;
      text.appendChild(lead);
    }
    text.appendChild(document.createTextNode(it.text));
    if (doubt) {
      const c = document.createElement("span");
      c.className = "conf";
      c.textContent = `把握不大 ${Number(doubt.confidence).toFixed(2)}`;
      c.title = doubt.reason || "";
      text.appendChild(c);
    }
    li.append(control, text);
    ol.appendChild(li);
  }
}

async function changeRole(index, value) {
  const [role, level] = value.split(":");
  const d = doc();
  const old = d.outline[index];
  if (old) delete d.doubts[(old.lead || "") + old.text];     // the user has decided this one
  busy(true);
  try {
    const resp = await postJSON("/api/outline", { content: d.content, name: d.name,
                                                  edit: { index, role, level: level ? Number(level) : null } });
    const data = await resp.json();
    d.content = data.content;
    d.outline = data.outline;
    setEditor(d.content);
    renderOutline(d.outline);
    status("已修改，正在重新生成……");
    await refresh();
    status("已按修改重新生成。");
  } catch (err) {
    status(err.error || String(err), true);
    renderOutline(d.outline);
  } finally {
    busy(false);
  }
}

/* ---- the YAML editor ------------------------------------------------------------------------- */

function setEditor(text) {
  $("#yaml-editor").value = text;
  markLine(null);
  drawGutter();
}

function drawGutter(errLine) {
  const lines = $("#yaml-editor").value.split("\n").length;
  const g = $("#yaml-gutter");
  g.textContent = "";
  for (let i = 1; i <= lines; i++) {
    const s = document.createElement("span");
    s.textContent = i;
    if (i === errLine) s.className = "err";
    g.appendChild(s);
  }
  g.scrollTop = $("#yaml-editor").scrollTop;
}

function markLine(err) {
  const box = $("#yaml-error");
  if (!err) { box.hidden = true; box.textContent = ""; box.dataset.line = ""; drawGutter(); return; }
  box.hidden = false;
  box.textContent = err.error;
  box.dataset.line = err.line || "";
  drawGutter(err.line);
  if (err.line) {
    const ed = $("#yaml-editor");
    const lines = ed.value.split("\n");
    let start = 0;
    for (let i = 0; i < err.line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    ed.focus();
    ed.setSelectionRange(start, start + (lines[err.line - 1] || "").length);
    ed.scrollTop = Math.max(0, (err.line - 5) * 18);
    $("#yaml-gutter").scrollTop = ed.scrollTop;
  }
}

async function rebuildFromEditor() {
  const text = $("#yaml-editor").value;
  if (state.current < 0) {
    state.docs = [{ name: "内容文件.yaml", content: text, outline: [], report: "", doubts: {} }];
    state.current = 0;
  }
  const d = doc();
  busy(true);
  try {
    const resp = await postJSON("/api/outline", { content: text, name: d.name });
    const data = await resp.json();
    markLine(null);
    d.content = data.content;
    d.outline = data.outline;
    renderDocList();
    renderOutline(d.outline);
    for (const id of ["#btn-docx", "#btn-yaml"]) $(id).disabled = false;
    status("正在按内容文件重新生成……");
    await refresh();
    status("已按内容文件重新生成。");
  } catch (err) {
    markLine(err);
    status("内容文件有错误：" + (err.error || String(err)), true);
  } finally {
    busy(false);
  }
}

/* ---- 3. pages and findings ------------------------------------------------------------------- */

async function refresh() {
  const d = doc();
  if (!d) return;
  await Promise.all([loadFindings(d), loadPages(d)]);
}

async function loadFindings(d) {
  const ul = $("#findings");
  try {
    const resp = await postJSON("/api/check-content", { content: d.content, name: d.name });
    const report = await resp.json();
    const findings = report.files.flatMap((f) => f.findings);
    ul.textContent = "";
    $("#findings-count").textContent = findings.length ? `（${findings.length} 处，点一条可定位到段落）` : "（未发现问题）";
    for (const f of findings) {
      const li = document.createElement("li");
      const sev = document.createElement("span");
      sev.className = `sev-${f.severity}`;
      sev.textContent = { error: "错误", warning: "警告", info: "提示" }[f.severity] || f.severity;
      const rule = document.createElement("span");
      rule.className = "rule";
      rule.textContent = ` ${f.rule} `;
      const where = f.paragraph ? `第 ${f.paragraph} 段：` : (f.line ? `第 ${f.line} 行：` : "");
      li.append(sev, rule, document.createTextNode(where + f.message + (f.text ? `（“${f.text}”）` : "")));
      li.addEventListener("click", () => locate(f));
      ul.appendChild(li);
    }
  } catch (err) {
    ul.textContent = "";
    $("#findings-count").textContent = "";
    const li = document.createElement("li");
    li.className = "sev-error";
    li.textContent = err.error || String(err);
    ul.appendChild(li);
  }
}

function locate(f) {
  const d = doc();
  const items = d.outline;
  let hit = null;
  if (f.text) hit = items.find((it) => ((it.number || "") + (it.lead || "") + it.text).includes(f.text));
  if (!hit && f.paragraph) hit = items[Math.min(items.length, f.paragraph) - 1];
  if (!hit) return;
  const li = document.querySelector(`#outline li[data-index="${hit.index}"]`);
  if (!li) return;
  li.scrollIntoView({ block: "center", behavior: "smooth" });
  li.classList.add("flash");
  setTimeout(() => li.classList.remove("flash"), 1600);
}

async function loadPages(d) {
  const box = $("#pages");
  state.pdfUrl = null;
  $("#btn-pdf").disabled = true;
  if (state.render === false) {
    box.textContent = "";
    const p = document.createElement("p");
    p.className = "notice";
    p.textContent = state.renderMessage;
    box.appendChild(p);
    return;
  }
  box.textContent = "";
  const wait = document.createElement("p");
  wait.className = "hint";
  wait.textContent = "正在用 LibreOffice 生成页面……";
  box.appendChild(wait);
  try {
    const resp = await postJSON("/api/render", { content: d.content, name: d.name });
    const data = await resp.json();
    if (doc() !== d) return;
    box.textContent = "";
    data.pages.forEach((url, i) => {
      const img = document.createElement("img");
      img.src = url;
      img.alt = `第 ${i + 1} 页`;
      box.appendChild(img);
    });
    state.pdfUrl = data.pdf + "?name=" + encodeURIComponent(data.name);
    $("#btn-pdf").disabled = false;
  } catch (err) {
    box.textContent = "";
    const p = document.createElement("p");
    p.className = "notice";
    p.textContent = err.error || String(err);
    box.appendChild(p);
  }
}

/* ---- 4. downloads ---------------------------------------------------------------------------- */

function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function downloadDocx() {
  const d = doc();
  try {
    const resp = await postJSON("/api/build", { content: d.content, name: d.name });
    save(await resp.blob(), stem(d.name) + ".docx");
  } catch (err) { status(err.error || String(err), true); }
}

function downloadYaml() {
  const d = doc();
  save(new Blob([d.content], { type: "application/yaml" }), stem(d.name) + ".yaml");
}

function downloadPdf() {
  if (!state.pdfUrl) return;
  const a = document.createElement("a");
  a.href = state.pdfUrl;
  a.download = stem(doc().name) + ".pdf";
  document.body.appendChild(a);
  a.click();
  a.remove();
}

async function downloadZip() {
  const documents = state.docs.filter((d) => !d.failed).map((d) => ({ name: d.name, content: d.content }));
  try {
    const resp = await postJSON("/api/zip", { documents });
    save(await resp.blob(), "docgen-文稿.zip");
  } catch (err) { status(err.error || String(err), true); }
}

/* ---- wiring ---------------------------------------------------------------------------------- */

async function init() {
  $("#btn-format").addEventListener("click", () => formatInputs(null));
  $("#btn-clear").addEventListener("click", () => { $("#draft").value = ""; status("已清空。"); });
  $("#file-input").addEventListener("change", (e) => { formatInputs(Array.from(e.target.files)); e.target.value = ""; });
  const dz = $("#dropzone");
  dz.addEventListener("dragover", (e) => { e.preventDefault(); dz.classList.add("over"); });
  dz.addEventListener("dragleave", () => dz.classList.remove("over"));
  dz.addEventListener("drop", (e) => {
    e.preventDefault();
    dz.classList.remove("over");
    const files = Array.from(e.dataTransfer.files || []);
    if (files.length) formatInputs(files);
  });
  $("#btn-docx").addEventListener("click", downloadDocx);
  $("#btn-yaml").addEventListener("click", downloadYaml);
  $("#btn-pdf").addEventListener("click", downloadPdf);
  $("#btn-zip").addEventListener("click", downloadZip);
  $("#btn-rebuild").addEventListener("click", rebuildFromEditor);
  const ed = $("#yaml-editor");
  ed.addEventListener("scroll", () => { $("#yaml-gutter").scrollTop = ed.scrollTop; });
  ed.addEventListener("input", () => drawGutter(Number($("#yaml-error").dataset.line) || undefined));
  drawGutter();
  try {
    const resp = await fetch("/api/health");
    const h = await resp.json();
    state.render = h.render;
    state.maxFiles = h.max_files;
    state.maxBytes = h.max_upload_mb * 1048576;
    state.renderMessage = h.render ? "" : "本机没有安装 LibreOffice，无法显示页面图片和生成 PDF（.docx 仍可下载）。" + (h.render_message || "");
  } catch (e) { state.render = null; }
}

init();
