// The mockgraph inspector: polls the admin API and shows what the mock saw, newest first.
// Plain script, no build step, no library. Every value from the journal goes into the page
// through textContent (never as HTML): paths, headers and bodies are whatever a client sent.
"use strict";

// The journal field that names the batch a sub-request came in (the batch's requestId; its
// seq would do too). Sub-requests are shown under their batch, by this one name; the second
// only labels them with their id inside the batch.
const BATCH_LINK = "batchId";
const BATCH_ITEM = "batchRequestId";
const POLL_MS = 1000; // the journal's tail: cheap when nothing is new
const STATE_POLL_MS = 2000; // jobs, fault rules, lifecycle plans
const WINDOW = 10000; // the most calls the page holds (the server answers no more at once)
const PAGE = 200; // rows drawn at first, and added by "Show more"
const JOBS_TOP = 200; // newest jobs shown per tenant
const KEYS = { admin: "mockgraph.adminToken", bearer: "mockgraph.bearer" };
const meta = (name) => document.querySelector(`meta[name="mockgraph-${name}"]`).content;
const TOKEN_HEADER = meta("admin-token-header");
const SINGLETON_PATH = meta("singleton-path"); // shown once, in the path column's heading

const $ = (id) => document.getElementById(id);
const calls = new Map(); // seq -> summary, as /requests/tail answers
const details = new Map(); // seq -> the full entry, fetched on selection
const tenantsSeen = new Set();
let cursor = 0;
let epoch = null;
let generation = 0; // bumped by resetView (new tokens): a poll begun before it is stale
let paused = false;
let drawn = PAGE;
let selected = null; // {kind: "call", seq} or {kind: "job", tenant, id}
let faults = new Map(); // rule id -> rule
let journalMeta = { size: 0, dropped: 0 };
let dirty = true;

// ---- talking to the admin API -------------------------------------------------------------

class AuthNeeded extends Error {}

function authHeaders() {
  const headers = {};
  const admin = sessionStorage.getItem(KEYS.admin);
  const bearer = sessionStorage.getItem(KEYS.bearer);
  if (admin) headers[TOKEN_HEADER] = admin;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  return headers;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    cache: "no-store",
    credentials: "omit",
    headers: { ...authHeaders(), ...(options.headers || {}) },
  });
  if (response.status === 401) {
    // The admin token is missing or wrong, or the tenant scope's token is no readable JWT.
    openTokenDialog(`The server answered 401: ${await errorMessage(response)}`);
    throw new AuthNeeded("the admin token is missing or wrong");
  }
  if (!response.ok) throw new Error(`${response.status} ${await errorMessage(response)}`);
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

async function errorMessage(response) {
  try {
    return (await response.json()).error.message;
  } catch (_) {
    return response.statusText; // not Graph's error envelope
  }
}

function setLive(state, text) {
  const live = $("live");
  live.dataset.state = state;
  live.textContent = text;
}

// ---- the journal, live --------------------------------------------------------------------

const tailUrl = (after) => `requests/tail?after=${after}&limit=${WINDOW}`;

async function pollCalls() {
  const begun = generation;
  let data = await api(tailUrl(epoch === null ? 0 : cursor));
  if (begun !== generation) return; // sent with the tokens before a change: the next poll starts over
  if (data.epoch !== epoch) {
    // Cleared, reset or restarted since: start over from everything it holds.
    if (epoch !== null) data = await api(tailUrl(0));
    if (begun !== generation) return;
    calls.clear();
    details.clear();
    epoch = data.epoch;
    dirty = true;
  }
  for (const entry of data.value) {
    calls.set(entry.seq, entry);
    tenantsSeen.add(entry.tenant);
    dirty = true;
  }
  for (const [seq, entry] of calls) {
    if (entry.position < data.first) {
      calls.delete(seq); // fell off the front of the bounded journal
      details.delete(seq);
      dirty = true;
    }
  }
  if (calls.size > WINDOW) {
    const oldest = [...calls.values()].sort((a, b) => a.position - b.position);
    for (const entry of oldest.slice(0, calls.size - WINDOW)) calls.delete(entry.seq);
  }
  cursor = data.cursor;
  if (data.size !== journalMeta.size || data.dropped !== journalMeta.dropped) dirty = true;
  journalMeta = { size: data.size, dropped: data.dropped };
}

function statusClass(status) {
  return `s${String(status)[0]}`;
}

function queryText(query) {
  const parts = Object.entries(query || {}).map(([k, v]) => (v === "" ? k : `${k}=${v}`));
  return parts.length ? `?${parts.join("&")}` : "";
}

function matches(entry, filter) {
  if (filter.method && entry.method !== filter.method) return false;
  if (filter.status && String(entry.status)[0] !== filter.status) return false;
  if (filter.tenant && entry.tenant !== filter.tenant) return false;
  if (filter.path) {
    entry.searchText ??= (entry.path + queryText(entry.query)).toLowerCase(); // made once
    if (!entry.searchText.includes(filter.path)) return false;
  }
  return true;
}

function currentFilter() {
  return {
    method: $("f-method").value,
    status: $("f-status").value,
    tenant: $("f-tenant").value,
    path: $("f-path").value.trim().toLowerCase(),
  };
}

// A batch's sub-requests carry BATCH_LINK: the batch's requestId or seq.
function isSubRequest(entry) {
  const link = entry[BATCH_LINK];
  if (link === undefined || link === null || link === "") return false;
  return String(link) !== String(entry.seq) && link !== entry.requestId;
}

// Each group is a top-level call with the sub-requests under it, in the order they were made;
// sub-requests whose batch is not held (it fell off, or is still being served) get a group of
// their own.
function groupCalls(newestFirst) {
  const children = new Map();
  const top = [];
  for (const entry of newestFirst) {
    if (!isSubRequest(entry)) {
      top.push(entry);
    } else {
      const link = entry[BATCH_LINK];
      const key = String(link);
      if (!children.has(key)) children.set(key, []);
      children.get(key).push(entry);
    }
  }
  const groups = [];
  const used = new Set();
  for (const entry of top) {
    let kids = [];
    for (const key of [String(entry.seq), entry.requestId]) {
      if (children.has(key) && !used.has(key)) {
        kids = kids.concat(children.get(key));
        used.add(key);
      }
    }
    groups.push({ parent: entry, kids: kids.sort((a, b) => a.seq - b.seq), newest: entry.seq });
  }
  for (const [key, kids] of children) {
    if (used.has(key)) continue;
    const newest = Math.max(...kids.map((kid) => kid.seq));
    groups.push({ parent: null, link: key, kids: kids.sort((a, b) => a.seq - b.seq), newest });
  }
  return groups.sort((a, b) => b.newest - a.newest);
}

// The groups to show, each with the entries in it that match (a batch matching shows all its
// sub-requests; a sub-request matching shows its batch, as context: neither is counted).
function visibleGroups(filter) {
  const newestFirst = [...calls.values()].sort((a, b) => b.seq - a.seq);
  const shown = [];
  for (const group of groupCalls(newestFirst)) {
    const parentMatches = group.parent !== null && matches(group.parent, filter);
    const matching = group.kids.filter((kid) => matches(kid, filter));
    if (parentMatches) matching.unshift(group.parent);
    if (matching.length) shown.push({ ...group, kids: parentMatches ? group.kids : matching, matching });
  }
  return shown;
}

// What the header and the filter line count: journal entries, each sub-request of a batch one,
// as the journal keeps them (so with no filter set the two agree); and, when some are, how
// many of them are sub-requests. "89", ": 81 calls + 8 batch sub-requests".
function countOf(entries) {
  const subs = entries.filter(isSubRequest).length;
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const split = subs ? `: ${plural(entries.length - subs, "call")} + ${plural(subs, "batch sub-request")}` : "";
  return { total: entries.length, split };
}

function cell(row, text, className, title) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  if (title) td.title = title;
  return td;
}

function faultText(ruleId) {
  if (!ruleId) return "";
  const rule = faults.get(ruleId);
  if (!rule) return ruleId.slice(0, 8);
  if (rule.status === null) return `+${rule.latencyMs} ms`;
  return `${rule.status} ${rule.code || ""}`.trim();
}

function callRow(body, entry, sub) {
  const row = body.insertRow();
  row.dataset.seq = entry.seq;
  row.className = sub ? "call sub" : "call";
  if (selected && selected.kind === "call" && selected.seq === entry.seq) {
    row.classList.add("selected");
  }
  const path = entry.path + queryText(entry.query);
  const under = path.startsWith(`${SINGLETON_PATH}/`) ? path.slice(SINGLETON_PATH.length) : path;
  // Each cell has its column's c-* class: the narrower the pane, the fewer columns shown.
  cell(row, entry.startedAt.slice(11, 23), "c-time time", entry.startedAt);
  cell(row, entry.tenant, "c-tenant tenant", entry.tenant);
  cell(row, entry.method, `c-method method m-${entry.method.toLowerCase()}`);
  const item = entry[BATCH_ITEM] ? `${entry[BATCH_ITEM]}: ` : "";
  const pathCell = cell(row, sub ? `↳ ${item}${under}` : under, "c-path path", path);
  if (!sub && entry.path.endsWith("/$batch")) pathCell.classList.add("batch");
  const statusText = `${entry.status} ${entry.errorCode || ""}`.trim();
  const status = cell(row, String(entry.status), `c-status status ${statusClass(entry.status)}`, statusText);
  if (entry.errorCode) {
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = entry.errorCode;
    status.append(" ", code);
  }
  cell(row, entry.durationMs.toFixed(1), "c-ms num");
  const rule = entry.fault ? faults.get(entry.fault) : null;
  // An early retry: answered again because it came before the rule's Retry-After had passed.
  const early = entry.earlyRetry ? " early" : "";
  const fault = faultText(entry.fault) + early;
  cell(row, fault, entry.fault ? "c-fault fault" : "c-fault", rule ? `${fault}: ${JSON.stringify(rule)}` : "");
}

function orphanRow(body, link, count) {
  const row = body.insertRow();
  row.className = "orphan";
  const td = row.insertCell();
  td.colSpan = 7;
  td.textContent = `batch ${link}: ${count} sub-request(s); the batch itself is not in the journal`;
}

function renderCalls() {
  const filter = currentFilter();
  const groups = visibleGroups(filter);
  const pane = $("calls-pane");
  const before = pane.scrollHeight;
  const body = document.createElement("tbody");
  const drawnMatching = [];
  for (const group of groups.slice(0, drawn)) {
    if (group.parent) callRow(body, group.parent, false);
    else orphanRow(body, group.link, group.kids.length);
    for (const kid of group.kids) callRow(body, kid, true);
    drawnMatching.push(...group.matching);
  }
  $("calls").tBodies[0].replaceWith(body);
  // Reading further down: keep the rows in view still while new ones arrive above them.
  if (pane.scrollTop > 0) pane.scrollTop += pane.scrollHeight - before;
  $("empty").hidden = calls.size > 0;
  $("more").hidden = groups.length <= drawn;
  const matching = countOf(groups.flatMap((group) => group.matching));
  $("shown").textContent =
    groups.length > drawn
      ? `showing the newest ${drawnMatching.length} of ${matching.total} matching${matching.split}`
      : `${matching.total} matching${matching.split}`;
  const held = countOf([...calls.values()]);
  const { size, dropped } = journalMeta;
  $("counts").textContent =
    `${held.total} in the journal${held.split} (holds ${size}` + (dropped ? `, ${dropped} dropped)` : ")");
  renderTenantOptions();
}

function renderTenantOptions() {
  const select = $("f-tenant");
  const wanted = ["", ...[...tenantsSeen].sort()];
  if (wanted.join("\n") === [...select.options].map((o) => o.value).join("\n")) return;
  const chosen = select.value;
  select.replaceChildren(...wanted.map((t) => new Option(t || "any", t)));
  select.value = wanted.includes(chosen) ? chosen : "";
}

// ---- one call, in detail ------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function parseJson(text) {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (_) {
    return undefined;
  }
}

// Paths are spelled as the mock spells error targets: "error.details[0].code".
function childPath(path, key, inArray) {
  if (inArray) return `${path}[${key}]`;
  return path ? `${path}.${key}` : String(key);
}

function jsonNode(value, path, depth) {
  const pad = "  ".repeat(depth + 1);
  const close = "  ".repeat(depth);
  if (value === null || typeof value !== "object") {
    return el("span", `j-${value === null ? "null" : typeof value}`, JSON.stringify(value));
  }
  const array = Array.isArray(value);
  const keys = array ? value.map((_, i) => i) : Object.keys(value);
  const node = el("span", "j-node");
  if (!keys.length) {
    node.textContent = array ? "[]" : "{}";
    return node;
  }
  node.append(array ? "[\n" : "{\n");
  keys.forEach((key, index) => {
    const path2 = childPath(path, key, array);
    const prop = el("span", "j-prop");
    prop.dataset.path = path2;
    node.append(pad);
    if (!array) prop.append(el("span", "j-key", JSON.stringify(key)), ": ");
    prop.append(jsonNode(value[key], path2, depth + 1));
    node.append(prop, index < keys.length - 1 ? ",\n" : "\n");
  });
  node.append(`${close}${array ? "]" : "}"}`);
  return node;
}

function bodyView(text, truncated) {
  const pre = el("pre", "body");
  if (text === null || text === undefined) {
    pre.append(el("span", "none", "(no body)"));
    return pre;
  }
  const value = truncated ? undefined : parseJson(text);
  if (value === undefined) {
    pre.textContent = text;
  } else {
    const root = el("span", "j-root");
    root.dataset.path = "";
    root.append(jsonNode(value, "", 0));
    pre.append(root);
  }
  if (truncated) pre.append(el("span", "none", "\n… (cut at the journal's limit)"));
  return pre;
}

function headersView(headers) {
  const table = el("table", "headers");
  for (const [name, value] of Object.entries(headers || {})) {
    const row = table.insertRow();
    cell(row, name, "h-name");
    cell(row, value, "h-value");
  }
  if (!table.rows.length) table.insertRow().insertCell().textContent = "(none)";
  return table;
}

// The request body's node at an error target, or its nearest ancestor when the target names
// a property the client left out.
function findTarget(pre, target) {
  const nodes = new Map([...pre.querySelectorAll("[data-path]")].map((n) => [n.dataset.path, n]));
  const path = target === "(body)" ? "" : target;
  if (nodes.has(path)) return { node: nodes.get(path), exact: true };
  for (let cut = path.length; cut > 0; cut -= 1) {
    if (path[cut] === "." || path[cut] === "[") {
      const parent = nodes.get(path.slice(0, cut));
      if (parent) return { node: parent, exact: false };
    }
  }
  return { node: nodes.get("") || null, exact: false };
}

function whyRejected(entry, requestBody) {
  const answer = parseJson(entry.responseBody);
  const error = answer && answer.error;
  if (!error || typeof error !== "object") return null;
  const box = el("section", "why");
  box.append(el("h3", "", `Why: ${error.code || "error"}`), el("p", "message", error.message));
  const targets = (Array.isArray(error.details) ? error.details : []).filter(
    (detail) => detail && typeof detail.target === "string",
  );
  if (targets.length) {
    const list = el("ul", "targets");
    for (const detail of targets) {
      const item = el("li");
      const found = requestBody ? findTarget(requestBody, detail.target) : { node: null };
      const path = el("code", "target", detail.target);
      item.append(path, ` ${detail.message || detail.code || ""}`);
      if (found.node) {
        found.node.classList.add(found.exact ? "bad" : "bad-parent");
        found.node.title = `${detail.target}: ${detail.message || ""}`;
        if (!found.exact) item.append(el("span", "none", " (not in the body)"));
        path.tabIndex = 0;
        path.addEventListener("click", () => found.node.scrollIntoView({ block: "center" }));
      }
      list.append(item);
    }
    box.append(list);
  }
  if (entry.fault) box.append(el("p", "none", `Answered by fault rule ${entry.fault}.`));
  return box;
}

function renderCall(entry) {
  const pane = $("detail");
  pane.replaceChildren();
  const title = el("h2", "call-title");
  title.append(
    el("span", `method m-${entry.method.toLowerCase()}`, entry.method),
    " ",
    el("span", "path", entry.path + queryText(entry.query)),
    " ",
    el("span", `status ${statusClass(entry.status)}`, String(entry.status)),
  );
  const facts = el("p", "facts");
  const fault = entry.fault ? ` · fault ${faultText(entry.fault)} (${entry.fault})` : "";
  const batch = entry[BATCH_LINK] ? ` · in batch ${entry[BATCH_LINK]}` : "";
  const retry =
    (entry.retryAttempt ? ` · Retry-Attempt ${entry.retryAttempt}` : "") +
    (entry.earlyRetry ? " · early: before the Retry-After it was given" : "");
  facts.textContent =
    `#${entry.seq} · ${entry.startedAt} · tenant ${entry.tenant} · ` +
    `${entry.durationMs.toFixed(1)} ms · request-id ${entry.requestId}${fault}${batch}${retry}`;
  pane.append(title, facts);
  const requestBody = bodyView(entry.body, entry.bodyTruncated);
  const why = entry.status >= 400 ? whyRejected(entry, requestBody) : null;
  if (why) pane.append(why);
  // Headers folded, but where they are the likely reason: no or a bad token, a content type.
  const headersMatter = [401, 403, 415].includes(entry.status);
  pane.append(
    el("h3", "", "Request body"),
    requestBody,
    headersBlock("Request headers", entry.headers, headersMatter),
    el("h3", "", "Response body"),
    bodyView(entry.responseBody, entry.responseBodyTruncated),
    headersBlock("Response headers", entry.responseHeaders, false),
  );
}

function headersBlock(title, headers, open) {
  const block = el("details", "headers-block");
  block.open = open;
  block.append(el("summary", "", `${title} (${Object.keys(headers || {}).length})`));
  block.append(headersView(headers));
  return block;
}

async function selectCall(seq) {
  selected = { kind: "call", seq };
  for (const row of document.querySelectorAll("#calls tr.selected")) row.classList.remove("selected");
  const row = document.querySelector(`#calls tr[data-seq="${seq}"]`);
  if (row) row.classList.add("selected");
  try {
    if (!details.has(seq)) details.set(seq, await api(`requests/${seq}`));
    if (selected && selected.seq === seq) renderCall(details.get(seq));
  } catch (error) {
    if (!(error instanceof AuthNeeded)) {
      $("detail").replaceChildren(el("p", "hint", `Call ${seq} is no longer in the journal (${error.message}).`));
    }
  }
}

async function selectJob(tenant, id) {
  selected = { kind: "job", tenant, id };
  try {
    const job = await api(`jobs/${encodeURIComponent(id)}?tenant=${encodeURIComponent(tenant)}`);
    const pane = $("detail");
    pane.replaceChildren(el("h2", "call-title", `Job ${id}`), el("p", "facts", `tenant ${tenant}`));
    pane.append(bodyView(JSON.stringify(job), false));
  } catch (error) {
    if (!(error instanceof AuthNeeded)) $("detail").replaceChildren(el("p", "hint", error.message));
  }
}

// ---- what the mock holds: jobs, fault rules, lifecycle plans ------------------------------

function table(headings, rows) {
  const t = el("table", "grid");
  const head = t.createTHead().insertRow();
  for (const heading of headings) head.append(el("th", "", heading));
  const body = t.createTBody();
  for (const values of rows) {
    const row = body.insertRow();
    for (const value of values) cell(row, value === null || value === undefined ? "" : String(value));
  }
  return { table: t, body };
}

const shortType = (type) => (type || "").replace(/^#?microsoft\.graph\./, "");

function renderJobs(data) {
  const tab = $("tab-jobs");
  tab.replaceChildren();
  let total = 0;
  for (const tenant of data.value) {
    tenantsSeen.add(tenant.tenant);
    total += tenant.count;
    const more = tenant.count > tenant.jobs.length ? `, newest ${tenant.jobs.length} shown` : "";
    tab.append(el("h3", "", `${tenant.tenant}: ${tenant.count} job(s)${more}`));
    const rows = tenant.jobs.map((job) => [shortType(job.type), job.status, job.id, job.collection]);
    const { table: t, body } = table(["type", "status", "id", "created through"], rows);
    [...body.rows].forEach((row, index) => {
      const job = tenant.jobs[index];
      row.className = "job";
      row.dataset.id = job.id;
      row.addEventListener("click", () => selectJob(tenant.tenant, job.id));
    });
    tab.append(t);
  }
  if (!data.value.length) tab.append(el("p", "hint", "No jobs."));
  $("n-jobs").textContent = String(total);
}

function renderFaults(data) {
  faults = new Map(data.value.map((rule) => [rule.id, rule]));
  const tab = $("tab-faults");
  tab.replaceChildren();
  if (!data.value.length) {
    tab.append(el("p", "hint", "No fault rules. POST /_mockgraph/faults adds one."));
  } else {
    const rows = data.value.map((r) => [
      r.id.slice(0, 8), r.method, r.path, r.tenant || "any", r.status, r.code, r.latencyMs,
      r.remaining === null ? "every match" : `${r.remaining} of ${r.count}`, r.hits,
      r.earlyRetries ?? "",
    ]);
    const headings = [
      "id", "method", "path", "tenant", "status", "code", "latency ms", "left", "hits", "early retries",
    ];
    const { table: t, body } = table(headings, rows);
    [...body.rows].forEach((row, i) => {
      row.title = data.value[i].id;
      if (data.value[i].remaining === 0) row.className = "spent";
    });
    tab.append(t);
  }
  $("n-faults").textContent = String(data.value.filter((r) => r.remaining !== 0).length);
}

function renderPlans(data) {
  const tab = $("tab-plans");
  tab.replaceChildren();
  const every = data.default.polls ? `every ${data.default.polls} GET(s), ending ${data.default.outcome}` : "only on explicit ticks";
  tab.append(el("p", "hint", `Every other job advances ${every}.`));
  if (data.value.length) {
    const rows = data.value.map((p) => [p.tenant, p.jobId, p.polls || "never", p.outcome, p.pollsSeen]);
    tab.append(table(["tenant", "job id", "advance every N GETs", "outcome", "GETs counted"], rows).table);
  }
  $("n-plans").textContent = String(data.value.length);
}

async function pollState() {
  const begun = generation;
  const [jobs, rules, plans] = await Promise.all([
    api(`jobs?top=${JOBS_TOP}`),
    api("faults"),
    api("lifecycle"),
  ]);
  if (begun !== generation) return; // read with the tokens before a change
  renderJobs(jobs);
  renderFaults(rules);
  renderPlans(plans);
  dirty = true; // fault names in the call rows may have changed
}

// ---- the loop, the controls ---------------------------------------------------------------

function scopeLabel() {
  const bearer = sessionStorage.getItem(KEYS.bearer);
  if (!bearer) return "all tenants";
  try {
    const part = bearer.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(part));
    return claims.tid ? `tenant ${claims.tid} only` : "all tenants (the token names no tid)";
  } catch (_) {
    return "all tenants (the token is no JWT)";
  }
}

function render() {
  if (!dirty) return;
  dirty = false;
  renderCalls();
}

let stateDue = 0;
let queue = Promise.resolve();

// One refresh at a time: the timer's and a button's would otherwise race on the cursor.
function refresh(everything) {
  queue = queue.then(() => refreshOnce(everything));
  return queue;
}

async function refreshOnce(everything) {
  if (!everything && (paused || document.hidden)) return;
  try {
    await pollCalls();
    if (everything || Date.now() >= stateDue) {
      await pollState();
      stateDue = Date.now() + STATE_POLL_MS;
    }
    render();
    setLive(paused ? "paused" : "live", paused ? "paused" : "live");
  } catch (error) {
    if (error instanceof AuthNeeded) setLive("error", "needs the admin token");
    else setLive("error", `not reachable: ${error.message}`);
  }
}

async function tick() {
  await refresh(false);
  window.setTimeout(tick, POLL_MS);
}

function openTokenDialog(why) {
  const dialog = $("token-dialog");
  if (dialog.open) return;
  $("token-why").textContent = why || "The page sends these with each of its calls.";
  $("admin-token").value = sessionStorage.getItem(KEYS.admin) || "";
  $("bearer-token").value = sessionStorage.getItem(KEYS.bearer) || "";
  dialog.showModal();
}

function resetView() {
  generation += 1;
  calls.clear();
  details.clear();
  tenantsSeen.clear();
  epoch = null;
  cursor = 0;
  dirty = true;
  $("scope").textContent = scopeLabel();
  $("detail").replaceChildren(el("p", "hint", "Select a call to see what the client sent and what the mock answered."));
}

function wire() {
  $("token-header").textContent = TOKEN_HEADER;
  $("path-heading").textContent = `${SINGLETON_PATH}/…`; // the rows show what follows it
  $("path-heading").title = `the path below ${SINGLETON_PATH}, and the query`;
  $("scope").textContent = scopeLabel();
  for (const id of ["f-method", "f-status", "f-tenant", "f-path"]) {
    $(id).addEventListener("input", () => {
      drawn = PAGE;
      dirty = true;
      render();
    });
  }
  $("calls").addEventListener("click", (event) => {
    const row = event.target.closest("tr.call");
    if (row) selectCall(Number(row.dataset.seq));
  });
  $("more").addEventListener("click", () => {
    drawn += PAGE;
    dirty = true;
    render();
  });
  $("pause").addEventListener("click", () => {
    paused = !paused;
    $("pause").textContent = paused ? "Resume" : "Pause";
    $("pause").setAttribute("aria-pressed", String(paused));
    setLive(paused ? "paused" : "live", paused ? "paused" : "live");
    if (!paused) refresh(true);
  });
  $("clear").addEventListener("click", async () => {
    try {
      await api("requests", { method: "DELETE" });
      await refresh(true);
    } catch (error) {
      if (!(error instanceof AuthNeeded)) setLive("error", error.message);
    }
  });
  $("token-button").addEventListener("click", () => openTokenDialog());
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault(); // Save, or Enter in a field: kept here, never sent as a form
    for (const [key, id] of [[KEYS.admin, "admin-token"], [KEYS.bearer, "bearer-token"]]) {
      const value = $(id).value.trim().replace(/^Bearer\s+/i, "");
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    }
    $("token-dialog").close();
    resetView();
    refresh(true);
  });
  $("token-forget").addEventListener("click", () => {
    sessionStorage.removeItem(KEYS.admin);
    sessionStorage.removeItem(KEYS.bearer);
    $("token-dialog").close();
    resetView();
    refresh(true);
  });
  $("token-cancel").addEventListener("click", () => $("token-dialog").close());
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => {
      for (const other of document.querySelectorAll("[role=tab]")) {
        other.setAttribute("aria-selected", String(other === tab));
        $(`tab-${other.dataset.tab}`).hidden = other !== tab;
      }
    });
  }
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && !paused) refresh(true);
  });
}

wire();
tick();
