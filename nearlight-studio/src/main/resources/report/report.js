// Builds the charts of a nearlight comparison report from the embedded results document.
(function () {
  'use strict';
  var doc = JSON.parse(document.getElementById('nearlight-data').textContent);
  var alts = doc.alternatives;
  var columns = alts.map(function (a) { return a.column; });
  var metricById = {};
  doc.metrics.forEach(function (m) { metricById[m.id] = m; });
  var charts = {};

  function init(id, option) {
    var el = document.getElementById(id);
    var chart = echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    if (!option.tooltip) { option.tooltip = { trigger: 'axis' }; }
    chart.setOption(option);
    charts[id] = chart;
    return chart;
  }

  function round(v, d) { var f = Math.pow(10, d); return Math.round(v * f) / f; }

  // Stacked bars: one bar per column, one series per component name (first-seen order).
  function stacked(key, scale) {
    var names = [];
    alts.forEach(function (a) {
      a.charts[key].forEach(function (nv) { if (names.indexOf(nv.name) < 0) { names.push(nv.name); } });
    });
    return names.map(function (name) {
      return {
        name: name, type: 'bar', stack: 'total',
        data: alts.map(function (a) {
          var hit = a.charts[key].filter(function (nv) { return nv.name === name; })[0];
          return hit && hit.value !== null ? round(hit.value * scale, 4) : 0;
        })
      };
    });
  }

  function curves(key) {
    return alts.map(function (a) {
      return { name: a.column, type: 'line', showSymbol: true, data: a.charts[key].points };
    });
  }

  function axisUnit(key, which) {
    var s = alts.length ? alts[0].charts[key] : null;
    return s ? s[which] : '';
  }

  init('chart-power', {
    legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
    xAxis: { type: 'category', data: columns }, yAxis: { type: 'value', name: 'kW' },
    series: stacked('powerBreakdownKw', 1)
  });

  var reachPositive = alts.every(function (a) {
    return a.charts.energyPerBitVsReach.points.every(function (p) { return p[0] > 0; });
  });
  init('chart-reach', {
    legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 60, right: 30, bottom: 50 },
    xAxis: { type: reachPositive ? 'log' : 'value', name: 'reach (' + axisUnit('energyPerBitVsReach', 'xUnit') + ')', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: axisUnit('energyPerBitVsReach', 'yUnit') },
    series: curves('energyPerBitVsReach')
  });

  init('chart-step', {
    legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
    xAxis: { type: 'category', data: columns }, yAxis: { type: 'value', name: 's' },
    series: stacked('stepTimeBreakdownS', 1)
  });

  // Waterfall: per column, a transparent base series and a visible step series in the same stack.
  var steps = [];
  alts.forEach(function (a) {
    a.charts.tcoWaterfallUsd.forEach(function (nv) { if (steps.indexOf(nv.name) < 0) { steps.push(nv.name); } });
  });
  var categories = steps.concat(['Total']);
  var tcoSeries = [];
  alts.forEach(function (a, i) {
    var running = 0, base = [], vals = [];
    steps.forEach(function (name) {
      var hit = a.charts.tcoWaterfallUsd.filter(function (nv) { return nv.name === name; })[0];
      var v = hit && hit.value !== null ? hit.value / 1e6 : 0;
      base.push(round(running, 4)); vals.push(round(v, 4)); running += v;
    });
    base.push(0); vals.push(round(running, 4));
    tcoSeries.push({ name: a.column + ' base', type: 'bar', stack: 'w' + i, silent: true,
      itemStyle: { borderColor: 'transparent', color: 'transparent' }, tooltip: { show: false }, data: base });
    tcoSeries.push({ name: a.column, type: 'bar', stack: 'w' + i, data: vals });
  });
  init('chart-tco', {
    legend: { type: 'scroll', top: 0, data: columns }, grid: { top: 40, left: 60, right: 20, bottom: 90 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', name: 'M USD' }, series: tcoSeries
  });

  init('chart-reliability', {
    legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 70, right: 30, bottom: 50 },
    xAxis: { type: 'value', name: axisUnit('reliabilityOverTime', 'xUnit'), nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: axisUnit('reliabilityOverTime', 'yUnit') },
    series: curves('reliabilityOverTime')
  });

  // Cost per trained model by component: stacked bars per column.
  init('chart-runcost', {
    legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
    xAxis: { type: 'category', data: columns }, yAxis: { type: 'value', name: 'M USD' },
    series: stacked('runCostUsd', 1e-6)
  });

  // Intervals: the 5-95 % range of the cost per trained model as a floating bar, the value as a point.
  var cpm = metricById.costPerModelUsd;
  var hasIv = alts.some(function (a) { return a.intervals && a.intervals.costPerModelUsd; });
  var ivLow = alts.map(function (a) {
    var iv = a.intervals && a.intervals.costPerModelUsd; return iv ? round(iv.low * cpm.displayScale, 4) : 0;
  });
  var point = alts.map(function (a) {
    var v = a.metrics.costPerModelUsd; return v === null ? 0 : round(v * cpm.displayScale, 4);
  });
  // A box from the 5 % to the 95 % quantile per column (candlestick, not stacked, so a log axis works when a tail
  // spans decades), the value as a point.
  var ivBox = alts.map(function (a) {
    var iv = a.intervals && a.intervals.costPerModelUsd;
    if (!iv) { return ['-', '-', '-', '-']; }
    var lo = round(iv.low * cpm.displayScale, 4), hi = round(iv.high * cpm.displayScale, 4);
    return [lo, hi, lo, hi];
  });
  var positive = point.every(function (v) { return v > 0; }) && ivLow.every(function (v) { return v > 0; });
  init('chart-intervals', hasIv ? {
    legend: { top: 0, data: ['5-95 % interval', 'value'] }, grid: { top: 40, left: 70, right: 20, bottom: 40 },
    xAxis: { type: 'category', data: columns },
    yAxis: { type: positive ? 'log' : 'value', name: cpm.displayUnit, scale: true },
    series: [
      { name: '5-95 % interval', type: 'candlestick', barWidth: '30%', data: ivBox },
      { name: 'value', type: 'scatter', symbolSize: 12, data: point }
    ]
  } : {
    title: { text: 'No uncertainty analysis in this run', left: 'center', top: 'middle' },
    xAxis: { type: 'category', data: columns }, yAxis: { type: 'value' },
    series: [{ name: 'value', type: 'scatter', data: point }]
  });

  // One tornado per alternative; the first chart keeps the id chart-tornado.
  function tornado(id, s) {
    var m = metricById[s.metric];
    var scale = m.displayScale;
    var bars = s.bars.slice().reverse();
    var labels = bars.map(function (b) { return b.label + ' (' + b.lowSetting + '..' + b.highSetting + ')'; });
    var delta = function (v) { return v === null ? 0 : round((v - s.baseline) * scale, 4); };
    init(id, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: ['low setting', 'high setting'] },
      grid: { top: 40, left: 230, right: 30, bottom: 50 },
      xAxis: { type: 'value', name: 'change in ' + m.label + ' (' + m.displayUnit + ') from ' +
          round(s.baseline * scale, 3) + ' for ' + s.alternative, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: labels },
      series: [
        { name: 'low setting', type: 'bar', barGap: '-100%', data: bars.map(function (b) { return delta(b.lowValue); }) },
        { name: 'high setting', type: 'bar', barGap: '-100%', data: bars.map(function (b) { return delta(b.highValue); }) }
      ]
    });
  }
  (doc.sensitivities || []).forEach(function (s, i) {
    if (s.bars.length) { tornado(i === 0 ? 'chart-tornado' : 'chart-tornado-' + i, s); }
  });

  // Break-even: both alternatives' metric against the setting, the break-even marked by a vertical line.
  (doc.breakEvens || []).forEach(function (b, i) {
    var m = metricById[b.metric];
    var sc = m.displayScale;
    var line = function (k) {
      return b.curve.filter(function (p) { return p[k] !== null; })
        .map(function (p) { return [p[0], round(p[k] * sc, 4)]; });
    };
    var marks = [{ xAxis: b.baseSetting, name: 'scenario', lineStyle: { type: 'dotted', color: '#5b6878' } }];
    if (b.value !== null) { marks.push({ xAxis: b.value, name: 'break-even', lineStyle: { color: '#c0392b', width: 2 } }); }
    init('chart-breakeven-' + i, {
      legend: { top: 0 }, grid: { top: 40, left: 70, right: 30, bottom: 50 },
      xAxis: { type: b.searchLow > 0 ? 'log' : 'value', name: b.label + ' (' + b.settingUnit + ')',
        nameLocation: 'middle', nameGap: 28, min: b.searchLow, max: b.searchHigh },
      yAxis: { type: 'value', name: m.label + ' (' + m.displayUnit + ')', scale: true },
      series: [
        { name: b.first, type: 'line', data: line(1),
          markLine: { symbol: 'none', label: { formatter: '{b}' }, data: marks } },
        { name: b.second, type: 'line', data: line(2) }
      ]
    });
  });

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  window.nearlightReport = { data: doc, charts: charts };
})();
