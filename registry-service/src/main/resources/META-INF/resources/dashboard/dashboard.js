// The registry's dashboard: an overview of every model (#/) and a page per model (#/models/<name>), drawn from the
// JSON API with Apache ECharts, kept live by one server-sent event stream for all models (/api/v1/events).
// Every text that comes from an event or the API is escaped before it reaches innerHTML; chart tooltips too.
'use strict';

const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const num = (v, d = 3) => v == null || Number.isNaN(Number(v)) ? '–' : Number(v).toFixed(d);
const int = v => v == null ? '–' : Number(v).toLocaleString('en');
const ago = iso => {
  if (!iso) return '–';
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  return s < 90 ? Math.round(s) + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago'
    : s < 172800 ? Math.round(s / 3600) + ' h ago' : Math.round(s / 86400) + ' d ago';
};
const when = iso => iso ? new Date(iso).toLocaleString() : '–';
const api = async path => {
  const r = await fetch(path, {headers: {Accept: 'application/json'}});
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
};
const $ = id => document.getElementById(id);
const dark = window.matchMedia('(prefers-color-scheme: dark)');
const gateNames = gates => (gates || []).join(', ');

// ---- state ----
const training = new Map(); // model -> TrainerStats, from /api/v1/training and the stream
let charts = [];
let current = {page: null, model: null};

// ---- charts ----
function chart(el, option) {
  const c = echarts.init(el, dark.matches ? 'dark' : null, {renderer: 'svg'});
  c.setOption(Object.assign({backgroundColor: 'transparent', animation: false}, option));
  charts.push(c);
  return c;
}
function disposeCharts() {
  charts.forEach(c => c.dispose());
  charts = [];
}
window.addEventListener('resize', () => charts.forEach(c => c.resize()));
dark.addEventListener('change', () => route());

const tip = lines => lines.filter(Boolean).join('<br>');
const scored = history => history.filter(p => p.macroF1 != null);

function sparkline(el, history) {
  const pts = scored(history).filter(p => (p.variant || 'default') === 'default');
  if (pts.length === 0) { el.innerHTML = '<p class="muted">No evaluated checkpoint yet.</p>'; return; }
  chart(el, {
    grid: {left: 2, right: 2, top: 4, bottom: 4},
    xAxis: {type: 'time', show: false}, yAxis: {type: 'value', show: false, scale: true},
    tooltip: {trigger: 'item', formatter: p => tip([esc(p.data.ck), 'macro-F1 ' + num(p.data.value[1])])},
    series: [{type: 'line', showSymbol: true, symbolSize: 4, lineStyle: {width: 1.5},
      data: pts.map(p => ({value: [p.at, p.macroF1], ck: p.checkpointId}))}]
  });
}

const variantOf = p => p.variant || 'default';
const cpu = v => v == null ? '–' : num(v, v < 10 ? 2 : 0);

function metricsChart(el, history) {
  const all = scored(history);
  // the model's own variant draws the lines; each challenger gets a macro-F1 line of its own
  const pts = all.filter(p => variantOf(p) === 'default');
  const challengers = [...new Set(all.map(variantOf))].filter(v => v !== 'default').sort();
  const labels = [...new Set(pts.flatMap(p => Object.keys(p.perClassF1 || {})))].sort();
  const line = (name, pick, style = {}, from = pts) => ({
    name, type: 'line', showSymbol: false, connectNulls: true, lineStyle: Object.assign({width: 1.5}, style),
    data: from.map(p => [p.at, pick(p)]).filter(d => d[1] != null)
  });
  const marker = (name, outcome, colour, size) => ({
    name, type: 'scatter', symbolSize: size, itemStyle: {color: colour}, z: 5,
    data: all.filter(p => p.outcome === outcome).map(p => ({value: [p.at, p.macroF1], point: p}))
  });
  chart(el, {
    legend: {type: 'scroll', top: 0},
    grid: {left: 44, right: 16, top: 48, bottom: 30},
    xAxis: {type: 'time'},
    yAxis: {type: 'value', scale: true, max: 1},
    tooltip: {trigger: 'item', formatter: p => {
      const d = p.data.point;
      if (!d) return tip([esc(p.seriesName), esc(new Date(p.value[0]).toLocaleString()), num(p.value[1], 4)]);
      return tip(['<b>' + esc(d.outcome) + (d.version ? ' v' + esc(d.version) : '') + '</b> ' + esc(d.checkpointId),
        'variant ' + esc(variantOf(d)) + (d.family ? ' (' + esc(d.family) + ')' : '')
          + (d.cpuSecondsPer1000 != null ? ', ' + cpu(d.cpuSecondsPer1000) + ' CPU s per 1,000 examples' : ''),
        'macro-F1 ' + num(d.macroF1, 4) + ', accuracy ' + num(d.accuracy, 4),
        d.championMacroF1 != null ? 'champion on the same snapshot ' + num(d.championMacroF1, 4) : '',
        d.failedGates && d.failedGates.length ? 'failed gates: ' + esc(gateNames(d.failedGates)) : '',
        esc(d.reason)]);
    }},
    series: [
      line('macro-F1', p => p.macroF1, {width: 2.2}),
      line('accuracy', p => p.accuracy, {type: 'dashed'}),
      line('champion macro-F1 (same snapshot)', p => p.championMacroF1, {type: 'dotted', width: 2}),
      ...challengers.map(v => line('macro-F1 ' + v, p => p.macroF1, {width: 1.8, type: 'dashed'},
        all.filter(p => variantOf(p) === v))),
      marker('promoted', 'PROMOTED', '#1a7f37', 11),
      marker('rejected', 'REJECTED', '#d0312d', 7),
      marker('rolled back', 'ROLLED_BACK', '#c99a06', 11),
      ...labels.map(l => line('F1 ' + l, p => (p.perClassF1 || {})[l], {width: 1, opacity: .7}))
    ]
  });
}

function heatmap(el, xs, ys, cells, opts) {
  const values = cells.map(c => c[2]).filter(v => v != null);
  chart(el, {
    grid: {left: opts.left || 110, right: 16, top: 10, bottom: opts.bottom || 70},
    xAxis: {type: 'category', data: xs, name: opts.xName, nameLocation: 'middle', nameGap: (opts.bottom || 70) - 18,
      axisLabel: {rotate: opts.rotate || 0, hideOverlap: true}, splitArea: {show: true}},
    yAxis: {type: 'category', data: ys, name: opts.yName, splitArea: {show: true}},
    visualMap: {min: opts.min ?? Math.min(0, ...values), max: opts.max ?? Math.max(0.05, ...values), calculable: false,
      orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, show: opts.showScale !== false,
      inRange: {color: opts.colors}},
    tooltip: {formatter: p => tip([esc(opts.xName) + ' ' + esc(xs[p.value[0]]), esc(opts.yName) + ' ' + esc(ys[p.value[1]]),
      esc(opts.valueName) + ' ' + (opts.format || num)(p.value[2])])},
    series: [{type: 'heatmap', data: cells, label: {show: !!opts.showValues, formatter: p => (opts.format || num)(p.value[2])}}]
  });
}

function forgettingChart(el, history) {
  const pts = scored(history).filter(p => p.kind === 'EVALUATION' && (p.variant || 'default') === 'default');
  const slices = [...new Set(pts.flatMap(p => Object.keys(p.forgetting || {})))].sort();
  if (pts.length === 0 || slices.length === 0) {
    el.outerHTML = '<p class="muted">No forgetting measured yet: it needs a second evaluation of a time slice.</p>';
    return;
  }
  const xs = pts.map(p => p.checkpointId);
  const ys = slices.map(s => s.length > 10 ? s.slice(0, 10) : s);
  const cells = [];
  pts.forEach((p, i) => slices.forEach((s, j) => {
    const v = (p.forgetting || {})[s];
    if (v != null) cells.push([i, j, v]);
  }));
  heatmap(el, xs, ys, cells, {xName: 'checkpoint', yName: 'slice', valueName: 'forgetting', rotate: 30,
    colors: ['#2f6fdd', '#f2f2f2', '#d0312d'], left: 90});
}

function confusionChart(el, metrics) {
  const confusion = metrics && metrics.confusion;
  if (!confusion || Object.keys(confusion).length === 0) {
    el.outerHTML = '<p class="muted">The champion\'s evaluation carries no confusion matrix (evaluations before it was added).</p>';
    return;
  }
  const labels = [...new Set([...Object.keys(confusion), ...Object.values(confusion).flatMap(r => Object.keys(r))])].sort();
  const cells = [];
  labels.forEach((actual, j) => labels.forEach((predicted, i) =>
    cells.push([i, j, (confusion[actual] || {})[predicted] || 0])));
  heatmap(el, labels, labels, cells, {xName: 'predicted', yName: 'true', valueName: 'examples', showValues: true,
    min: 0, max: Math.max(1, ...cells.map(c => c[2])), colors: ['#f5f7fb', '#2f6fdd'], format: int, bottom: 40,
    showScale: false, left: 80});
}

function replayChart(el, stats) {
  const per = stats && stats.replay && stats.replay.perClass;
  if (!per || Object.keys(per).length === 0) { el.outerHTML = '<p class="muted">No replay buffer reported yet.</p>'; return; }
  const labels = Object.keys(per).sort();
  chart(el, {
    grid: {left: 80, right: 24, top: 8, bottom: 24},
    xAxis: {type: 'value', minInterval: 1}, yAxis: {type: 'category', data: labels},
    tooltip: {formatter: p => tip([esc(labels[p.dataIndex]), int(p.value) + ' examples in the buffer'])},
    series: [{type: 'bar', data: labels.map(l => per[l]), label: {show: true, position: 'right'}}]
  });
}

// ---- pieces ----
function trainerFacts(model) {
  const t = training.get(model);
  if (!t) return '<div class="facts trainer" data-trainer="' + esc(model) + '"><div><b>trainer</b><span class="muted">no checkpoint announced yet</span></div></div>';
  return `<div class="facts trainer" data-trainer="${esc(model)}">
    <div><b>examples/s</b><span class="eps">${num(t.examplesPerSecond, 1)}</span></div>
    <div><b>loss</b><span>${num(t.trainingLoss, 4)}</span></div>
    <div><b>lag</b><span class="lag">${t.lag == null ? '–' : int(t.lag)}</span></div>
    <div><b>step</b><span>${int(t.step)}</span></div>
    <div><b>examples seen</b><span>${int(t.examplesSeen)}</span></div>
    <div title="the stats are as fresh as the last checkpoint"><b>checkpoint</b><span>${esc(ago(t.checkpointAt))}</span></div></div>`;
}

function championFacts(m) {
  const c = m.champion;
  if (!c) return '<div class="facts champion"><div><b>champion</b><span class="muted">no champion yet</span></div></div>';
  return `<div class="facts champion">
    <div><b>champion</b><span class="champion-version">v${esc(c.version)}</span></div>
    <div><b>variant</b><span class="champion-variant">${esc(c.variant || 'default')} (${esc(c.family || 'transformer')})</span></div>
    <div><b>cost</b><span title="CPU seconds per 1,000 examples trained">${cpu(c.cost && c.cost.cpuSecondsPer1000)} CPU s / 1k</span></div>
    <div><b>macro-F1</b><span>${num(c.metrics && c.metrics.macroF1, 4)}</span></div>
    <div><b>accuracy</b><span>${num(c.metrics && c.metrics.accuracy, 4)}</span></div>
    <div><b>age</b><span>${esc(ago(c.since))}</span></div></div>`;
}

function decisionsTable(items) {
  if (!items.length) return '<p class="muted">No decision yet.</p>';
  return '<div class="table-wrap"><table id="decisions"><thead><tr><th>decided</th><th>outcome</th><th>variant</th><th>checkpoint</th><th>macro-F1</th><th title="CPU seconds per 1,000 examples trained">CPU s / 1k</th><th>failed gates</th><th>reason</th></tr></thead><tbody>'
    + items.map(d => `<tr><td>${esc(when(d.decidedAt))}</td><td class="${esc(d.outcome)}">${esc(d.outcome)}${d.version ? ' v' + esc(d.version) : ''}</td>`
      + `<td>${esc(d.variant || '')}${d.family && d.family !== 'transformer' ? ' (' + esc(d.family) + ')' : ''}</td>`
      + `<td>${esc(d.checkpointId)}</td><td class="num">${num(d.candidate && d.candidate.macroF1, 4)}</td>`
      + `<td class="num">${d.cost && d.cost.examples ? cpu(d.cost.cpuSecondsPer1000) : ''}</td>`
      + `<td>${esc(gateNames(d.failedGates))}</td><td class="reason">${esc(d.reason)}</td></tr>`).join('')
    + '</tbody></table></div>';
}

function versionsTable(model, versions) {
  if (!versions.length) return '<p class="muted">No version yet.</p>';
  return '<div class="table-wrap"><table id="versions"><thead><tr><th>version</th><th>checkpoint</th><th>macro-F1</th><th class="hide-phone">created</th><th>download</th><th></th></tr></thead><tbody>'
    + versions.slice().reverse().map(v => `<tr data-version="${esc(v.version)}"><td>v${esc(v.version)} ${v.champion ? '<span class="badge">champion</span>' : ''}</td>`
      + `<td>${esc(v.checkpointId)}</td><td class="num">${num(v.metrics && v.metrics.macroF1, 4)}</td><td class="hide-phone">${esc(when(v.createdAt))}</td>`
      + `<td><a href="/api/v1/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(v.version)}/download">model.zip</a></td>`
      + `<td>${v.champion ? '' : `<button class="rollback" data-version="${esc(v.version)}">roll back</button>`}</td></tr>`).join('')
    + '</tbody></table></div>';
}

function monitoringCard(mon) {
  const sources = (mon && mon.sources) || [];
  const scores = mon && mon.at ? '<div class="table-wrap"><table id="monitoring"><thead><tr><th>version</th><th>examples</th><th>macro-F1</th><th>accuracy</th><th>calibration error</th></tr></thead><tbody>'
    + [['champion', mon.champion], ['previous', mon.previous]].filter(r => r[1]).map(([role, v]) =>
      `<tr data-role="${role}"><td>v${esc(v.version)} <span class="muted">${role}</span></td><td class="num">${int(mon.count)}</td>`
      + `<td class="num">${num(v.macroF1, 4)}</td><td class="num">${num(v.accuracy, 4)}</td><td class="num">${num(v.expectedCalibrationError, 4)}</td></tr>`).join('')
    + `</tbody></table></div><p class="muted">The last ${int(mon.count)} held-out examples to arrive, scored as they came; report ${esc(ago(mon.at))}.</p>`
    : '<p class="muted" id="no-monitoring">No monitoring report yet: once there is a champion, the evaluator scores it (and the version before it) on each held-out example as it arrives.</p>';
  const table = sources.length ? '<div class="table-wrap"><table id="sources"><thead><tr><th>source</th><th>examples</th><th>disagrees with the champion</th><th>state</th></tr></thead><tbody>'
    + sources.map(s => `<tr data-source="${esc(s.source)}"><td>${esc(s.source)}</td><td class="num">${s.count == null ? '–' : int(s.count)}</td>`
      + `<td class="num">${s.disagreement == null ? '–' : num(100 * s.disagreement, 1) + ' %'}</td>`
      + `<td class="${esc(s.state || '')}">${s.state ? esc(s.state.toLowerCase()) : 'trained on'}</td></tr>`).join('')
    + '</tbody></table></div>' : '';
  return scores + table;
}

// ---- pages ----
async function overview() {
  const [models, stats] = await Promise.all([api('/api/v1/models'), api('/api/v1/training')]);
  (stats || []).forEach(s => training.set(s.model, s));
  $('crumbs').textContent = '';
  if (!models.length) {
    disposeCharts();
    $('view').innerHTML = '<h1>Models</h1><div class="card" id="no-models"><p>No model defined yet.</p><p class="muted">Define one with <code>PUT /api/v1/models/{name}</code> (admin key).</p></div>';
    return;
  }
  const histories = await Promise.all(models.map(m => api(`/api/v1/models/${encodeURIComponent(m.name)}/history?limit=40`)));
  disposeCharts();
  $('view').innerHTML = '<h1>Models</h1><div class="grid">' + models.map(m => `
    <section class="card model-card" data-model="${esc(m.name)}">
      <h2><a href="#/models/${encodeURIComponent(m.name)}">${esc(m.name)}</a></h2>
      ${championFacts(m)}${trainerFacts(m.name)}
      <div class="spark"></div></section>`).join('') + '</div>';
  document.querySelectorAll('.model-card .spark').forEach((el, i) => sparkline(el, histories[i] || []));
}

async function modelPage(name) {
  const base = `/api/v1/models/${encodeURIComponent(name)}`;
  const [m, history, decisions, versions, stats, monitoring] = await Promise.all([api(base), api(base + '/history?limit=1000'),
    api(base + '/decisions?size=50'), api(base + '/versions'), api(base + '/training'), api(base + '/monitoring')]);
  $('crumbs').innerHTML = '/ <a href="#/">models</a> / ' + esc(name);
  disposeCharts();
  if (!m) { $('view').innerHTML = `<div class="card"><p>Model ${esc(name)} does not exist.</p></div>`; return; }
  if (stats) training.set(name, stats);
  const evaluated = scored(history).length;
  $('view').innerHTML = `<h1>${esc(name)}</h1>
    <div class="cols">
      <section class="card"><h2>Champion</h2>${championFacts(m)}</section>
      <section class="card" id="trainer-card"><h2>Trainer <span class="muted" style="font-size:12px;font-weight:normal">as of the last checkpoint</span></h2>
        <div id="trainer-facts">${trainerFacts(name)}</div><div id="chart-replay" class="chart small" style="height:140px"></div></section>
    </div>
    <section class="card"><h2>Metric history <span class="muted" style="font-size:12px;font-weight:normal">${evaluated} evaluated checkpoint(s)</span></h2>
      ${evaluated ? '<div id="chart-metrics" class="chart"></div>' : '<p class="muted" id="no-history">No evaluated checkpoint yet.</p>'}</section>
    <div class="cols">
      <section class="card"><h2>Forgetting per time slice</h2><div id="chart-forgetting" class="chart"></div></section>
      <section class="card"><h2>Champion's confusion matrix</h2><div id="chart-confusion" class="chart"></div></section>
    </div>
    <section class="card" id="monitoring-card"><h2>Live on new held-out data <span class="muted" style="font-size:12px;font-weight:normal">champion, previous version, feedback sources</span></h2>${monitoringCard(monitoring)}</section>
    <section class="card"><h2>Versions</h2>${versionsTable(name, versions || [])}</section>
    <section class="card"><h2>Decision log</h2>${decisionsTable((decisions && decisions.items) || [])}</section>`;
  if (evaluated) metricsChart($('chart-metrics'), history);
  forgettingChart($('chart-forgetting'), history);
  confusionChart($('chart-confusion'), m.champion && m.champion.metrics);
  replayChart($('chart-replay'), training.get(name));
  document.querySelectorAll('button.rollback').forEach(b => b.addEventListener('click', () => askRollback(name, b.dataset.version)));
}

// ---- routing and refresh ----
let rendering = null, again = false;
async function route() {
  if (rendering) { again = true; return rendering; }
  const hash = location.hash.replace(/^#/, '');
  const match = hash.match(/^\/models\/([^/]+)$/);
  current = match ? {page: 'model', model: decodeURIComponent(match[1])} : {page: 'overview', model: null};
  rendering = (match ? modelPage(current.model) : overview())
    .catch(e => toast('error: ' + e.message))
    .finally(() => { rendering = null; if (again) { again = false; route(); } });
  return rendering;
}
let pending = null;
function refreshSoon(ms = 400) { clearTimeout(pending); pending = setTimeout(route, ms); }
window.addEventListener('hashchange', route);

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 4000);
}

// ---- one stream for every model ----
function connect() {
  if (!window.EventSource) { $('live').textContent = 'no live updates'; return; }
  const source = new EventSource('/api/v1/events');
  window.addEventListener('pagehide', () => source.close()); // free the connection at once
  source.onopen = () => { $('live').textContent = 'live'; $('live').className = 'pill on'; };
  source.onerror = () => { $('live').textContent = 'reconnecting…'; $('live').className = 'pill off'; };
  const move = e => {
    const p = JSON.parse(e.data);
    toast(`${p.model}: ${p.kind === 'ROLLBACK' ? 'rolled back to' : 'promoted'} v${p.version}`);
    if (current.page === 'overview' || current.model === p.model) refreshSoon(0);
  };
  source.addEventListener('promotion', move);
  source.addEventListener('rollback', move);
  source.addEventListener('training', e => {
    const s = JSON.parse(e.data);
    training.set(s.model, s);
    document.querySelectorAll('.trainer[data-trainer]').forEach(el => {
      if (el.dataset.trainer === s.model) el.outerHTML = trainerFacts(s.model);
    });
    // a checkpoint is followed by its evaluation within seconds: the model page re-reads its history then
    if (current.model === s.model) refreshSoon(3000);
  });
}

// ---- rollback: the admin key lives in the dialog's field for one request, then is cleared ----
function askRollback(model, version) {
  const d = $('rollback-dialog');
  d.dataset.model = model;
  d.dataset.version = version;
  $('rollback-target').textContent = `${model} to v${version}`;
  $('rollback-error').textContent = '';
  $('rollback-key').value = '';
  d.showModal();
}
$('rollback-cancel').addEventListener('click', () => { $('rollback-key').value = ''; $('rollback-dialog').close(); });
$('rollback-form').addEventListener('submit', async e => {
  e.preventDefault();
  const d = $('rollback-dialog');
  const key = $('rollback-key').value;
  $('rollback-key').value = '';
  const r = await fetch(`/api/v1/models/${encodeURIComponent(d.dataset.model)}/rollback`, {
    method: 'POST', headers: Object.assign({'Content-Type': 'application/json'}, key ? {'X-Admin-Key': key} : {}),
    body: JSON.stringify({version: Number(d.dataset.version), reason: $('rollback-reason').value})
  }).catch(err => ({ok: false, status: 0, json: async () => ({message: String(err)})}));
  if (r.ok) {
    d.close();
    toast(`rolled back ${d.dataset.model} to v${d.dataset.version}`);
    refreshSoon(0);
    return;
  }
  const body = await r.json().catch(() => ({}));
  $('rollback-error').textContent = (r.status === 401 ? 'Refused: the admin key was not accepted (401).'
    : `Refused (${r.status}): ${body.message || body.detail || ''}`);
});

connect();
route();
setInterval(() => { if (!document.hidden) route(); }, 30000);
