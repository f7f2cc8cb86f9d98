// SVG charts drawn with DOM calls only (no innerHTML, no inline style), so the strict Content-Security-Policy holds
// and a machine or state name can never become markup. Colours come from the style sheet's classes.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var CONDITIONS = {
    running: 'running', idle: 'idle', setup: 'setup', fault: 'fault',
    planned_stop: 'planned', planned: 'planned', 'break': 'planned', maintenance: 'planned'
  };

  function condition(state) {
    return (state && CONDITIONS[String(state).toLowerCase()]) || 'unknown';
  }

  function el(name, attributes, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function svg(container, width, height, label, stretch) {
    container.textContent = '';
    var root = el('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label });
    if (stretch) { root.setAttribute('preserveAspectRatio', 'none'); }
    container.appendChild(root);
    return root;
  }

  // spans: [{ from: ms, to: ms, state }]; one bar per span, coloured by its condition.
  function timeline(container, spans, fromMs, toMs, options) {
    var width = 1000, height = options && options.height || 40;
    var root = svg(container, width, height, options && options.label || 'timeline', true);
    root.classList.add('timeline-svg');
    el('rect', { x: 0, y: 0, width: width, height: height, 'class': 'st-none' }, root);
    var range = Math.max(1, toMs - fromMs);
    spans.forEach(function (span) {
      var a = Math.max(fromMs, span.from), b = Math.min(toMs, span.to);
      if (b <= a) { return; }
      var rect = el('rect', {
        x: ((a - fromMs) / range * width).toFixed(2), y: 0,
        width: Math.max(0.5, (b - a) / range * width).toFixed(2), height: height,
        'class': 'st-' + condition(span.state)
      }, root);
      rect.dataset.state = span.state;
      el('title', {}, rect).textContent = span.state + ' ' + new Date(a).toLocaleTimeString() + ' - ' + new Date(b).toLocaleTimeString();
    });
    return root;
  }

  // points: [{ t: ms, v: 0..1 or null, complete }]; a polyline of OEE, broken where it is undefined,
  // incomplete windows drawn as hollow markers.
  function trend(container, points, fromMs, toMs, options) {
    // Drawn at the container's own pixel width so that the axis text is not stretched.
    var width = Math.max(280, Math.round(container.clientWidth || 1000)), height = 240, top = 18, bottom = 20;
    var root = svg(container, width, height, options && options.label || 'trend');
    root.classList.add('trend-svg');
    var range = Math.max(1, toMs - fromMs);
    var max = Math.max(1, points.reduce(function (m, p) { return p.v != null ? Math.max(m, p.v) : m; }, 0));
    function x(t) { return ((t - fromMs) / range * width).toFixed(1); }
    function y(v) { return (height - bottom - v / max * (height - top - bottom)).toFixed(1); }
    [0, 0.25, 0.5, 0.75, 1].forEach(function (g) {
      el('line', { x1: 0, x2: width, y1: y(g), y2: y(g), 'class': 'grid' }, root);
      var text = el('text', { x: 4, y: Number(y(g)) - 3, 'class': 'axis' }, root);
      text.textContent = Math.round(g * 100) + ' %';
    });
    var run = [];
    function flush() {
      if (run.length > 1) { el('polyline', { points: run.join(' '), 'class': 'line' }, root); }
      run = [];
    }
    points.forEach(function (p) {
      if (p.v == null) { flush(); return; }
      run.push(x(p.t) + ',' + y(p.v));
    });
    flush();
    points.forEach(function (p) {
      if (p.v == null) { return; }
      var dot = el('circle', { cx: x(p.t), cy: y(p.v), r: 4, 'class': p.complete === false ? 'dot incomplete' : 'dot' }, root);
      el('title', {}, dot).textContent = new Date(p.t).toLocaleString() + ': ' + (p.v * 100).toFixed(1) + ' %' +
        (p.complete === false ? ' (' + window.IIoT.i18n.t('incomplete') + ')' : '');
    });
    var start = el('text', { x: 4, y: height - 4, 'class': 'axis' }, root);
    start.textContent = new Date(fromMs).toLocaleString();
    var end = el('text', { x: width - 4, y: height - 4, 'class': 'axis end' }, root);
    end.textContent = new Date(toMs).toLocaleString();
    return root;
  }

  window.IIoT = window.IIoT || {};
  window.IIoT.charts = { timeline: timeline, trend: trend, condition: condition };
})();
