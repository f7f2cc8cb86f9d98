// Labels of the dashboard and login pages in English and Simplified Chinese. The language comes from the switch
// (kept in localStorage), else from the browser's language (which follows its Accept-Language setting).
(function () {
  'use strict';
  var LABELS = {
    'en': {
      title: 'Production dashboard', signIn: 'Sign in', signOut: 'Sign out', userName: 'User name', password: 'Password',
      loginFailed: 'User name or password is wrong.', loginThrottled: 'Too many failed attempts. Try again in a few minutes.',
      window: 'Window', w15m: '15 min', w1h: '1 hour', wshift: 'Shift', wday: 'Day',
      site: 'Site', line: 'Line', machine: 'Machine', machines: 'Machines',
      oee: 'OEE', availability: 'Availability', performance: 'Performance', quality: 'Quality',
      state: 'State', parts: 'Parts', good: 'good', stops: 'Stops', failures: 'Failures',
      plannedDown: 'Planned downtime', unplannedDown: 'Unplanned downtime', mtbf: 'MTBF', mttr: 'MTTR',
      throughput: 'Throughput', perHour: '/h', scrapRate: 'Scrap rate', energyPerPart: 'Energy per good part',
      coverage: 'Data coverage', incomplete: 'Incomplete', incompleteHint: 'Data is missing for part of this window',
      timeline: 'State timeline', trend: 'OEE trend', stopList: 'Stops', start: 'Start', duration: 'Duration', reason: 'Reason',
      noStops: 'No stops in this window.', noData: 'No KPI data yet for this tenant.', loading: 'Loading…',
      back: 'Back to overview', live: 'Live', reconnecting: 'Reconnecting…', updated: 'Updated',
      running: 'Running', idle: 'Idle', setup: 'Setup', fault: 'Fault', planned: 'Planned stop', unknown: 'Unknown',
      h: 'h', min: 'min', s: 's', language: 'Language', tenant: 'Tenant', noTrend: 'No trend data in this range.'
    },
    'zh-CN': {
      title: '生产看板', signIn: '登录', signOut: '退出登录', userName: '用户名', password: '密码',
      loginFailed: '用户名或密码错误。', loginThrottled: '失败次数过多，请几分钟后再试。',
      window: '时间窗口', w15m: '15 分钟', w1h: '1 小时', wshift: '班次', wday: '当天',
      site: '工厂', line: '产线', machine: '设备', machines: '设备',
      oee: 'OEE', availability: '可用率', performance: '性能', quality: '质量',
      state: '状态', parts: '产量', good: '良品', stops: '停机次数', failures: '故障次数',
      plannedDown: '计划停机', unplannedDown: '非计划停机', mtbf: '平均故障间隔', mttr: '平均修复时间',
      throughput: '产出率', perHour: '/小时', scrapRate: '废品率', energyPerPart: '单件良品能耗',
      coverage: '数据覆盖率', incomplete: '数据不完整', incompleteHint: '此时间窗口部分数据缺失',
      timeline: '状态时间线', trend: 'OEE 趋势', stopList: '停机记录', start: '开始', duration: '时长', reason: '原因',
      noStops: '此时间窗口内无停机。', noData: '该租户暂无 KPI 数据。', loading: '加载中…',
      back: '返回总览', live: '实时', reconnecting: '正在重连…', updated: '更新于',
      running: '运行', idle: '空闲', setup: '换型', fault: '故障', planned: '计划停机', unknown: '未知',
      h: '小时', min: '分', s: '秒', language: '语言', tenant: '租户', noTrend: '此范围内无趋势数据。'
    }
  };
  var KEY = 'iiot.lang';

  function pick(tag) {
    return tag && tag.toLowerCase().indexOf('zh') === 0 ? 'zh-CN' : 'en';
  }

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  var current = LABELS[stored()] ? stored() : pick(navigator.language);

  function t(key) {
    var text = LABELS[current][key];
    return text === undefined ? LABELS.en[key] || key : text;
  }

  function apply(root) {
    document.documentElement.lang = current;
    if (document.body && document.body.dataset.titleKey) { document.title = 'IIoT · ' + t(document.body.dataset.titleKey); }
    (root || document).querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = t(el.dataset.i18n); });
    (root || document).querySelectorAll('[data-i18n-title]').forEach(function (el) { el.title = t(el.dataset.i18nTitle); });
    var select = document.getElementById('lang');
    if (select) { select.value = current; }
  }

  function set(lang) {
    current = LABELS[lang] ? lang : 'en';
    try { window.localStorage.setItem(KEY, current); } catch (e) { /* private mode: switch holds for this page only */ }
    apply();
    document.dispatchEvent(new CustomEvent('iiot:lang'));
  }

  function bindSwitch() {
    var select = document.getElementById('lang');
    if (select) { select.addEventListener('change', function () { set(select.value); }); }
  }

  window.IIoT = window.IIoT || {};
  window.IIoT.i18n = { t: t, apply: apply, set: set, lang: function () { return current; }, bindSwitch: bindSwitch };
})();
