// The production dashboard: sites -> lines -> machines with OEE and its factors for one window, a machine detail
// (state timeline, OEE trend, stops), live through Server-Sent Events. Plain DOM, no framework, no build step.
(function () {
  'use strict';
  var i18n = window.IIoT.i18n, charts = window.IIoT.charts, t = i18n.t;
  var WINDOWS = ['15m', '1h', 'shift', 'day'];
  // How far back the trend of each window kind reaches.
  var TREND_RANGE_MS = { '15m': 4 * 3600e3, '1h': 12 * 3600e3, shift: 7 * 86400e3, day: 30 * 86400e3 };
  var MAX_TIMELINES = 100;
  var state = { window: storedWindow(), rows: [], timelines: {}, selected: null, loading: false, again: false, renders: 0, updated: null };
  var $ = function (id) { return document.getElementById(id); };

  function storedWindow() {
    var w = null;
    try { w = window.localStorage.getItem('iiot.window'); } catch (e) { /* no storage */ }
    return WINDOWS.indexOf(w) >= 0 ? w : '1h';
  }

  function toLogin() { location.assign('/login?ReturnUrl=' + encodeURIComponent('/' + location.hash)); }

  function api(path) {
    return fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (response) {
      if (response.status === 401) { toLogin(); throw new Error('signed out'); }
      if (!response.ok) { throw new Error(path + ': HTTP ' + response.status); }
      return response.json();
    });
  }

  // Times arrive as ISO 8601 strings; numbers are accepted as ms (or ns when that large).
  function ms(value) {
    if (value == null) { return null; }
    if (typeof value === 'number') { return value > 1e14 ? value / 1e6 : value; }
    return Date.parse(value);
  }

  function norm(r) {
    var f = r.figures || {};
    return {
      level: r.level, site: r.site || '', area: r.area || '', line: r.line || '', machine: r.machine || '',
      window: r.window, shift: r.shift || null, from: ms(r.from != null ? r.from : r.fromNs), to: ms(r.to != null ? r.to : r.toNs),
      f: f, totals: r.totals || {}, complete: r.complete !== false,
      coverage: r.coverage != null ? r.coverage : f.coverage
    };
  }

  // Answers are objects holding one list (kpis, points, spans, stops).
  function list(body, name) { return Array.isArray(body) ? body : (body && body[name]) || []; }

  function key(r) { return [r.site, r.line, r.machine].join('/'); }
  function enc(s) { return encodeURIComponent(s); }
  function iso(msValue) { return new Date(msValue).toISOString(); }
  function byName(a, b) { return a.localeCompare(b, undefined, { numeric: true }); }

  function pct(v) { return v == null || isNaN(v) ? '–' : (v * 100).toFixed(1) + ' %'; }
  function num(v, digits) {
    return v == null || isNaN(v) ? '–' : Number(v).toLocaleString(i18n.lang(), { maximumFractionDigits: digits || 0 });
  }
  function dur(seconds) {
    if (seconds == null || isNaN(seconds)) { return '–'; }
    var s = Math.round(seconds);
    if (s < 60) { return s + ' ' + t('s'); }
    if (s < 3600) { return Math.floor(s / 60) + ' ' + t('min') + ' ' + (s % 60) + ' ' + t('s'); }
    return Math.floor(s / 3600) + ' ' + t('h') + ' ' + Math.floor((s % 3600) / 60) + ' ' + t('min');
  }

  function node(tag, className, text, parent) {
    var n = document.createElement(tag);
    if (className) { n.className = className; }
    if (text != null) { n.textContent = text; }
    if (parent) { parent.appendChild(n); }
    return n;
  }

  // sites -> lines -> machines; a machine row creates its line and site even when their own rows are missing.
  function tree(rows) {
    var sites = {};
    rows.forEach(function (r) {
      var site = sites[r.site] = sites[r.site] || { name: r.site, row: null, lines: {} };
      if (r.level === 'site') { site.row = r; return; }
      var line = site.lines[r.line] = site.lines[r.line] || { name: r.line, row: null, machines: {} };
      if (r.level === 'line') { line.row = r; return; }
      if (r.level === 'machine') { line.machines[r.machine] = r; }
    });
    return sites;
  }

  function currentState(r) {
    var spans = state.timelines[key(r)];
    return spans && spans.length ? spans[spans.length - 1].state : null;
  }

  function factor(parent, label, value) {
    var row = node('div', 'factor', null, parent);
    node('span', 'factor-label', label, row);
    var bar = node('span', 'factor-bar', null, row);
    // CSSOM (not a style attribute), which the Content-Security-Policy allows.
    node('span', 'factor-fill', null, bar).style.width = value == null ? '0' : Math.min(100, value * 100).toFixed(1) + '%';
    node('span', 'factor-value', pct(value), row);
  }

  function figures(parent, r, big) {
    var box = node('div', big ? 'summary big' : 'summary', null, parent);
    var oee = node('div', 'oee', null, box);
    node('span', 'oee-value', pct(r && r.f.oee), oee);
    node('span', 'oee-label', t('oee'), oee);
    var factors = node('div', 'factors', null, box);
    factor(factors, t('availability'), r && r.f.availability);
    factor(factors, t('performance'), r && r.f.performance);
    factor(factors, t('quality'), r && r.f.quality);
    var facts = node('div', 'facts', null, box);
    node('span', 'parts', t('parts') + ' ' + num(r && r.totals.partsTotal) + ' (' + num(r && r.totals.partsGood) + ' ' + t('good') + ')', facts);
    node('span', 'stop-count', t('stops') + ' ' + num(r && r.f.stops), facts);
    incomplete(facts, r);
    return box;
  }

  function incomplete(parent, r) {
    if (!r || r.complete) { return; }
    var badge = node('span', 'badge incomplete', '⚠ ' + t('incomplete') + (r.coverage != null ? ' · ' + pct(r.coverage) : ''), parent);
    badge.title = t('incompleteHint');
  }

  function machineCard(parent, r) {
    var card = node('article', 'machine' + (r.complete ? '' : ' incomplete'), null, parent);
    card.dataset.key = key(r);
    card.tabIndex = 0;
    var st = currentState(r), condition = charts.condition(st);
    card.dataset.state = condition;
    var head = node('header', null, null, card);
    node('h4', 'machine-name', r.machine, head);
    // A state name the KPIs do not know is shown as published; "unknown" (no usable data) in the user's language.
    var label = st == null ? '–' : condition !== 'unknown' || st === 'unknown' ? t(condition) : st;
    node('span', 'state st-' + condition, label, head);
    figures(card, r, false);
    var mini = node('div', 'mini-timeline', null, card);
    charts.timeline(mini, state.timelines[key(r)] || [], r.from, Math.max(r.to, Date.now()), { height: 12, label: t('timeline') });
    card.addEventListener('click', function () { select(r); });
    card.addEventListener('keydown', function (e) { if (e.key === 'Enter') { select(r); } });
  }

  function renderOverview() {
    var overview = $('overview');
    overview.textContent = '';
    var sites = tree(state.rows);
    overview.dataset.window = state.window;
    var names = Object.keys(sites).sort(byName);
    $('message').hidden = names.length > 0;
    $('message').textContent = t('noData');
    names.forEach(function (siteName) {
      var site = sites[siteName];
      var section = node('section', 'site', null, overview);
      section.dataset.site = siteName;
      var head = node('header', 'site-head', null, section);
      node('h2', null, siteName, head);
      if (site.row) { figures(head, site.row, true); }
      Object.keys(site.lines).sort(byName).forEach(function (lineName) {
        var line = site.lines[lineName];
        var block = node('div', 'line' + (line.row && !line.row.complete ? ' incomplete' : ''), null, section);
        block.dataset.line = lineName;
        var lineHead = node('header', 'line-head', null, block);
        node('h3', null, lineName, lineHead);
        if (line.row) { figures(lineHead, line.row, true); }
        var grid = node('div', 'machines', null, block);
        Object.keys(line.machines).sort(byName).forEach(function (m) { machineCard(grid, line.machines[m]); });
      });
    });
  }

  function select(r) { location.hash = '#/' + [r.site, r.line, r.machine].map(enc).join('/'); }

  function selectedFromHash() {
    var parts = location.hash.replace(/^#\//, '').split('/');
    return parts.length === 3 ? parts.map(decodeURIComponent).join('/') : null;
  }

  function fact(parent, label, value) {
    var item = node('div', 'fact', null, parent);
    node('span', 'fact-label', label, item);
    node('span', 'fact-value', value, item);
  }

  function renderDetail() {
    var r = state.rows.filter(function (x) { return x.level === 'machine' && key(x) === state.selected; })[0];
    $('overview').hidden = !!state.selected;
    $('detail').hidden = !state.selected;
    if (!state.selected) { return Promise.resolve(); }
    $('message').hidden = true;
    $('detail-title').textContent = state.selected.split('/').join(' › ');
    var box = $('detail-figures');
    box.textContent = '';
    if (!r) { return Promise.resolve(); }
    figures(box, r, true);
    var grid = node('div', 'fact-grid', null, box);
    var st = currentState(r), condition = charts.condition(st);
    fact(grid, t('state'), st == null ? '–' : condition !== 'unknown' || st === 'unknown' ? t(condition) : st);
    fact(grid, t('plannedDown'), dur(r.f.plannedDownS));
    fact(grid, t('unplannedDown'), dur(r.f.unplannedDownS));
    fact(grid, t('failures'), num(r.f.failures));
    fact(grid, t('mtbf'), dur(r.f.mtbfS));
    fact(grid, t('mttr'), dur(r.f.mttrS));
    fact(grid, t('throughput'), num(r.f.throughputPerHour, 1) + ' ' + t('perHour'));
    fact(grid, t('scrapRate'), pct(r.f.scrapRate));
    fact(grid, t('energyPerPart'), r.f.energyPerGoodPartKwh == null ? '–' : num(r.f.energyPerGoodPartKwh, 3) + ' kWh');
    fact(grid, t('coverage'), pct(r.coverage));
    var to = Math.max(r.to, Date.now());
    charts.timeline($('detail-timeline'), state.timelines[key(r)] || [], r.from, to, { height: 48, label: t('timeline') });
    var axis = node('div', 'time-axis', null, $('detail-timeline'));
    node('span', null, new Date(r.from).toLocaleString(i18n.lang()), axis);
    node('span', null, new Date(to).toLocaleString(i18n.lang()), axis);
    legend();
    var base = '/api/v1/machines/' + [r.site, r.line, r.machine].map(enc).join('/');
    var trendFrom = to - TREND_RANGE_MS[state.window];
    var trendQuery = '/api/v1/kpis/trend?level=machine&site=' + enc(r.site) + '&line=' + enc(r.line) + '&machine=' + enc(r.machine) +
      '&window=' + enc(state.window) + '&from=' + iso(trendFrom) + '&to=' + iso(to);
    var rolling = state.window === '15m' || state.window === '1h';
    return Promise.all([
      api(base + '/stops?from=' + iso(r.from) + '&to=' + iso(to)).then(function (body) { renderStops(list(body, 'stops')); }),
      api(trendQuery).then(function (body) {
        var points = list(body, 'points').map(norm).map(function (x) { return { t: rolling ? x.to : x.from, v: x.f.oee, complete: x.complete }; })
          .sort(function (a, b) { return a.t - b.t; });
        var box = $('detail-trend');
        if (!points.length) { box.textContent = t('noTrend'); return; }
        // The x axis starts at the first point (a new machine has a short history), showing at least a minute.
        var first = Math.max(trendFrom, points[0].t - (to - points[0].t) * 0.03);
        charts.trend(box, points, Math.min(first, to - 60e3), to, { label: t('trend') });
      })
    ]);
  }

  function legend() {
    var box = $('detail-legend');
    box.textContent = '';
    ['running', 'idle', 'setup', 'fault', 'planned', 'unknown'].forEach(function (c) {
      var item = node('span', 'legend-item', null, box);
      node('span', 'swatch st-' + c, null, item);
      node('span', null, t(c), item);
    });
  }

  function renderStops(stops) {
    var body = $('detail-stops').tBodies[0];
    body.textContent = '';
    if (!stops.length) {
      var cell = node('td', 'none', t('noStops'), node('tr', null, null, body));
      cell.colSpan = 3;
      return;
    }
    stops.forEach(function (s) {
      var from = ms(s.from != null ? s.from : s.fromNs), to = ms(s.to != null ? s.to : s.toNs);
      var condition = charts.condition(s.state) !== 'unknown' ? charts.condition(s.state) : String(s.condition || '').toLowerCase();
      var row = node('tr', 'stop st-row-' + condition, null, body);
      node('td', null, new Date(from).toLocaleString(i18n.lang()), row);
      node('td', 'duration', dur(s.durationS != null ? s.durationS : (to - from) / 1000), row);
      node('td', null, (t(condition) || condition) + (s.state && s.state !== condition ? ' (' + s.state + ')' : ''), row);
    });
  }

  // State spans of every machine over its window, a few requests at a time.
  function loadTimelines() {
    var machines = state.rows.filter(function (r) { return r.level === 'machine'; }).slice(0, MAX_TIMELINES);
    var timelines = {}, next = 0;
    function worker() {
      if (next >= machines.length) { return Promise.resolve(); }
      var r = machines[next++];
      var path = '/api/v1/machines/' + [r.site, r.line, r.machine].map(enc).join('/') + '/timeline?from=' + iso(r.from) + '&to=' + iso(Date.now());
      return api(path).then(function (body) {
        timelines[key(r)] = list(body, 'spans').map(function (s) {
          return { from: ms(s.from != null ? s.from : s.fromNs), to: ms(s.to != null ? s.to : s.toNs), state: s.state };
        });
      }, function () { /* one machine's timeline failing leaves its card without a state */ }).then(worker);
    }
    var workers = [];
    for (var i = 0; i < 4; i++) { workers.push(worker()); }
    return Promise.all(workers).then(function () { state.timelines = timelines; });
  }

  function render() {
    i18n.apply();
    document.querySelectorAll('#windows button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.window === state.window));
    });
    renderOverview();
    if (state.updated) { $('updated').textContent = t('updated') + ' ' + state.updated.toLocaleTimeString(i18n.lang()); }
    return renderDetail();
  }

  function refresh() {
    if (state.loading) { state.again = true; return Promise.resolve(); }
    state.loading = true;
    return api('/api/v1/kpis?window=' + enc(state.window))
      .then(function (body) {
        state.rows = list(body, 'kpis').map(norm);
        return loadTimelines();
      })
      .then(function () { state.updated = new Date(); return render(); })
      .then(function () {
        state.renders++;
        document.body.dataset.renders = String(state.renders);
      })
      .catch(showError)
      .then(function () {
        state.loading = false;
        if (state.again) { state.again = false; refresh(); }
      });
  }

  function showError(e) {
    $('message').hidden = false;
    $('message').textContent = String(e && e.message || e);
  }

  var pending = null;
  function scheduleRefresh() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 250);
  }

  function setLive(value) {
    var live = $('live');
    live.dataset.live = value;
    live.textContent = value === 'live' ? '● ' + t('live') : t('reconnecting');
  }

  function connect() {
    var source = new EventSource('/api/v1/events');
    source.addEventListener('open', function () { setLive('live'); });
    source.addEventListener('kpis', scheduleRefresh);
    source.addEventListener('error', function () {
      setLive('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The browser gives up on a non-200 answer (e.g. 401 when the session ended): check and retry ourselves.
        api('/api/v1/me').then(function () { setTimeout(connect, 5000); }, function () { /* redirected to login */ });
      }
    });
  }

  function start() {
    i18n.bindSwitch();
    document.addEventListener('iiot:lang', function () { render().catch(showError); setLive($('live').dataset.live); });
    document.querySelectorAll('#windows button').forEach(function (b) {
      b.addEventListener('click', function () {
        state.window = b.dataset.window;
        try { window.localStorage.setItem('iiot.window', state.window); } catch (e) { /* no storage */ }
        refresh();
      });
    });
    $('back').addEventListener('click', function () { location.hash = ''; });
    window.addEventListener('hashchange', function () { state.selected = selectedFromHash(); render().catch(showError); });
    var resizing = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () { renderDetail().catch(showError); }, 200);
    });
    state.selected = selectedFromHash();
    i18n.apply();
    api('/api/v1/me').then(function (me) { $('tenant').textContent = me.name + ' · ' + me.tenant; }, function () { });
    refresh();
    connect();
    // Safety net when events cannot get through (a proxy that buffers): refetch every minute anyway.
    setInterval(refresh, 60000);
  }

  start();
})();
