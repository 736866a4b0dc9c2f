'use strict';
// Nearlight studio UI: plain DOM + fetch; the server validates everything with the scenario loader.
const $ = (s) => document.querySelector(s);
const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => (k === 'text' ? (e.textContent = v) : e.setAttribute(k, v)));
  kids.forEach((k) => e.append(k));
  return e;
};
const state = { run: null, source: null, selected: [] };

async function api(method, path, body) {
  const r = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let doc = null;
  try { doc = text ? JSON.parse(text) : null; } catch (e) { doc = { error: { message: text } }; }
  if (!r.ok) {
    const err = new Error((doc && doc.error && doc.error.message) || r.statusText);
    err.problem = doc && doc.error;
    err.status = r.status;
    throw err;
  }
  return doc;
}

// ------------------------------------------------------------------ tabs
function show(tab) {
  document.querySelectorAll('.panel').forEach((p) => (p.hidden = p.id !== 'tab-' + tab));
  document.querySelectorAll('.tab').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  if (tab === 'runs') loadRuns();
  if (tab === 'catalogue') loadCatalogue();
}

// ------------------------------------------------------------------ scenario editor
function label(field) {
  return field.replace('workloads[0].', 'workload ').replace(/alternatives\[(\d+)\]\./, 'alt $1 ');
}

function renderForm(fields) {
  const form = $('#form');
  form.replaceChildren();
  Object.entries(fields).forEach(([field, value]) => {
    const id = 'f-' + field.replace(/[^A-Za-z0-9]/g, '_');
    const input = el('input', { id, 'data-field': field, name: field });
    input.value = value;
    input.addEventListener('change', () => applyField(field, input.value));
    form.append(el('label', { for: id, text: label(field) }), input);
    form.append(el('div', { class: 'field-error', 'data-error-for': field, hidden: '' }));
  });
}

function clearProblem() {
  $('#problem').hidden = true;
  $('#yaml-error').hidden = true;
  document.querySelectorAll('#form .field-error').forEach((d) => { d.hidden = true; d.textContent = ''; });
  document.querySelectorAll('#form input.bad').forEach((i) => i.classList.remove('bad'));
}

function showProblem(p) {
  clearProblem();
  if (!p) return;
  const at = p.field && !/^sweep\.yaml:/.test(p.message) && document.querySelector('#form .field-error[data-error-for="' + CSS.escape(p.field) + '"]');
  if (at) {
    at.textContent = p.message;
    at.hidden = false;
    const input = document.querySelector('#form input[data-field="' + CSS.escape(p.field) + '"]');
    if (input) input.classList.add('bad');
  } else {
    $('#yaml-error').textContent = p.message;
    $('#yaml-error').hidden = false;
  }
  $('#problem').textContent = p.message;
  $('#problem').hidden = false;
  $('#scenario-status').textContent = 'invalid';
}

async function refresh(set) {
  const body = { yaml: $('#yaml').value, catalogue: $('#run-catalogue').value || null };
  if (set) body.set = set;
  $('#scenario-status').textContent = 'checking';
  try {
    const r = await api('POST', '/api/scenario/form', body);
    $('#yaml').value = r.yaml;
    renderForm(r.fields);
    showProblem(r.problem);
    if (!r.problem) $('#scenario-status').textContent = 'valid';
    return !r.problem;
  } catch (e) {
    showProblem(e.problem || { message: e.message });
    return false;
  }
}

function applyField(field, value) {
  return refresh({ [field]: value });
}

async function loadExamples() {
  const list = await api('GET', '/api/examples');
  const sel = $('#examples');
  sel.replaceChildren(...list.map((x) => el('option', { value: x.file, text: x.file + ' - ' + x.name })));
  const small = list.find((x) => /1k/.test(x.file));
  if (small) sel.value = small.file;
}

async function loadExample() {
  const name = $('#examples').value;
  if (!name) return;
  const r = await api('GET', '/api/examples/' + encodeURIComponent(name));
  $('#yaml').value = r.yaml;
  state.source = name;
  await refresh();
}

async function runCompare() {
  return startRun({ kind: 'compare' });
}

async function runSweep() {
  return startRun({ kind: 'sweep', sweep: $('#sweep').value });
}

async function startRun(what) {
  clearProblem();
  try {
    const r = await api('POST', '/api/runs', Object.assign(what, {
      yaml: $('#yaml').value, catalogue: $('#run-catalogue').value || null }));
    show('runs');
    openRun(r.id);
  } catch (e) {
    showProblem(e.problem || { message: e.message });
  }
}

// ------------------------------------------------------------------ catalogue
async function loadCatalogues() {
  const list = await api('GET', '/api/catalogues');
  document.querySelectorAll('.catalogue-select').forEach((sel) => {
    const keep = sel.value;
    sel.replaceChildren(el('option', { value: '', text: 'built-in' }),
      ...list.map((c) => el('option', { value: c.name, text: c.name })));
    sel.value = list.some((c) => c.name === keep) ? keep : '';
  });
}

let catTimer = null;
async function loadCatalogue() {
  const q = $('#cat-search').value;
  const cat = $('#cat-view').value;
  const rows = await api('GET', '/api/catalogue?q=' + encodeURIComponent(q) + (cat ? '&catalogue=' + encodeURIComponent(cat) : ''));
  $('#cat-count').textContent = rows.length + ' parameter(s)';
  const tb = $('#cat-table tbody');
  tb.replaceChildren(...rows.slice(0, 2000).map((p) => el('tr', {},
    el('td', { text: p.path }), el('td', { text: String(p.value) }), el('td', { text: p.min + ' - ' + p.max }),
    el('td', { text: p.unit }), el('td', { text: p.confidence }), el('td', { text: p.source }))));
}

async function saveCatalogue() {
  const name = $('#cat-name').value.trim();
  try {
    await api('PUT', '/api/catalogues/' + encodeURIComponent(name), { yaml: $('#cat-yaml').value });
    $('#cat-status').textContent = 'saved ' + name;
    await loadCatalogues();
  } catch (e) {
    $('#cat-status').textContent = e.message;
  }
}

// ------------------------------------------------------------------ runs
async function loadRuns() {
  const runs = await api('GET', '/api/runs');
  const tb = $('#runs-table tbody');
  tb.replaceChildren(...runs.map((r) => {
    const box = el('input', { type: 'checkbox', 'data-run': r.id });
    box.checked = state.selected.includes(r.id);
    box.addEventListener('click', (ev) => {
      ev.stopPropagation();
      state.selected = state.selected.filter((x) => x !== r.id);
      if (box.checked) state.selected.push(r.id);
      if (state.selected.length > 2) state.selected.shift();
      loadRuns();
    });
    const tr = el('tr', { 'data-run': r.id, 'data-state': r.state },
      el('td', {}, box), el('td', { text: String(r.seq) }), el('td', { text: r.name }), el('td', { text: r.kind }),
      el('td', { class: 'state', text: r.state }), el('td', { text: r.stepsDone + '/' + r.stepsTotal }),
      el('td', { text: r.createdAt.replace('T', ' ').slice(0, 19) }), el('td', { text: r.createdBy || '' }));
    tr.addEventListener('click', () => openRun(r.id));
    if (state.run === r.id) tr.classList.add('selected');
    return tr;
  }));
  $('#runs-status').textContent = runs.length + ' run(s)';
}

let events = null;
async function openRun(id) {
  state.run = id;
  $('#diff-view').hidden = true;
  $('#run-view').hidden = false;
  if (events) events.close();
  const r = await api('GET', '/api/runs/' + id);
  paintRun(r);
  if (!['done', 'failed', 'cancelled', 'interrupted'].includes(r.state)) {
    events = new EventSource('/api/runs/' + id + '/events');
    events.addEventListener('progress', (m) => {
      const e = JSON.parse(m.data);
      $('#run-progress').max = Math.max(1, e.total);
      $('#run-progress').value = e.done;
      $('#run-state').textContent = e.state + ' ' + e.done + '/' + e.total + ' ' + (e.label || '');
      if (e.state !== 'running' && e.state !== 'queued') {
        events.close();
        events = null;
        api('GET', '/api/runs/' + id).then(paintRun);
      }
    });
  }
  loadRuns();
}

function paintRun(r) {
  $('#run-title').textContent = '#' + r.seq + ' ' + r.name;
  $('#run-title').dataset.state = r.state;
  $('#run-state').textContent = r.state + ' ' + r.stepsDone + '/' + r.stepsTotal;
  $('#run-progress').max = Math.max(1, r.stepsTotal);
  $('#run-progress').value = r.stepsDone;
  $('#run-cancel').hidden = ['done', 'failed', 'cancelled', 'interrupted'].includes(r.state);
  $('#run-message').hidden = !r.message;
  $('#run-message').textContent = r.message || '';
  const dl = $('#downloads');
  dl.replaceChildren();
  const base = '/api/runs/' + r.id + '/';
  const files = r.state === 'done' ? ['scenario.yaml', 'results.json', 'results.csv', 'report.html'] : ['scenario.yaml'];
  $('#run-title').dataset.kind = r.kind;
  files.forEach((f) => dl.append(el('a', { href: base + f + '?download', text: f }), ' '));
  const frame = $('#report');
  if (r.state === 'done') {
    if (frame.dataset.run !== r.id) {
      frame.dataset.run = r.id;
      frame.src = base + 'report.html';
    }
    frame.hidden = false;
  } else {
    frame.hidden = true;
    frame.removeAttribute('src');
    frame.dataset.run = '';
  }
  loadRuns();
}

async function cancelRun() {
  if (!state.run) return;
  try { await api('POST', '/api/runs/' + state.run + '/cancel'); } catch (e) { $('#run-state').textContent = e.message; }
}

function fmt(v) {
  if (v === null || v === undefined) return '';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(Math.round(v * 1000) / 1000);
}

async function diffSelected() {
  if (state.selected.length !== 2) {
    $('#runs-status').textContent = 'select two runs (tick their boxes)';
    return;
  }
  try {
    const d = await api('GET', '/api/diff?a=' + state.selected[0] + '&b=' + state.selected[1]);
    $('#run-view').hidden = true;
    $('#diff-view').hidden = false;
    $('#diff-inputs tbody').replaceChildren(...d.inputs.map((i) => el('tr', {},
      el('td', { text: i.field }), el('td', { text: i.a ?? '(absent)' }), el('td', { text: i.b ?? '(absent)' }))));
    $('#diff-rows tbody').replaceChildren(...d.rows.map((m) => el('tr', { 'data-metric': m.metric },
      el('td', { text: m.column }), el('td', { text: m.label + (m.unit ? ' [' + m.unit + ']' : '') }),
      el('td', { text: fmt(m.a) }), el('td', { text: fmt(m.b) }),
      el('td', { class: m.delta > 0 ? 'up' : m.delta < 0 ? 'down' : '', text: fmt(m.delta) }),
      el('td', { text: m.percent === null ? '' : m.percent.toFixed(2) + ' %' }))));
  } catch (e) {
    $('#runs-status').textContent = e.message;
  }
}

// ------------------------------------------------------------------ start
document.addEventListener('DOMContentLoaded', async () => {
  // no inline handlers: the content security policy allows scripts from the studio only
  $('#form').addEventListener('submit', (e) => e.preventDefault());
  document.querySelectorAll('.tab').forEach((b) => b.addEventListener('click', () => show(b.dataset.tab)));
  $('#load-example').addEventListener('click', loadExample);
  $('#validate').addEventListener('click', () => refresh());
  $('#run-compare').addEventListener('click', runCompare);
  $('#run-sweep').addEventListener('click', runSweep);
  $('#run-cancel').addEventListener('click', cancelRun);
  $('#diff-selected').addEventListener('click', diffSelected);
  $('#cat-save').addEventListener('click', saveCatalogue);
  $('#cat-view').addEventListener('change', loadCatalogue);
  $('#cat-search').addEventListener('input', () => { clearTimeout(catTimer); catTimer = setTimeout(loadCatalogue, 250); });
  const who = await api('GET', '/api/whoami');
  $('#whoami').textContent = who.user + ' (' + who.mode + ')';
  await loadCatalogues();
  await loadExamples();
  show('scenario');
  await loadExample();
  document.body.dataset.ready = 'true';
});
