/* inspector serve: the 忽略 button opens its reason form; trend charts drawn with the vendored uPlot;
   a finding linked from the address (#finding-…) is shown even inside the folded ignored list. */
(function () {
  "use strict";

  function openIgnoreForms() {
    document.querySelectorAll("button.ignore-open").forEach(function (button) {
      button.addEventListener("click", function () {
        var box = button.form.querySelector(".ignore-box");
        box.hidden = false;
        button.hidden = true;
        box.querySelector("input.reason").focus();
      });
    });
  }

  function showRecheckProgress() {
    document.querySelectorAll("form.triage").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (button && button.classList.contains("recheck")) {
          button.textContent = "复查中，正在重新打开页面…";
        }
      });
    });
  }

  function revealTarget() {
    if (!location.hash || location.hash.indexOf("#finding-") !== 0) { return; }
    var card = document.getElementById(location.hash.slice(1));
    if (!card) { return; }
    for (var el = card.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    card.scrollIntoView();
  }

  var SERIES = [
    {key: "veto", label: "单项否决", stroke: "#b3261e"},
    {key: "error", label: "扣分项", stroke: "#d0661a"},
    {key: "warning", label: "警告", stroke: "#a08300"},
    {key: "failed_indicators", label: "未通过的否决指标", stroke: "#7a1fa2", dash: [6, 4]}
  ];

  function drawChart(box) {
    var points = JSON.parse(box.dataset.trend || "[]");
    if (!points.length || typeof uPlot === "undefined") { return; }
    var small = box.classList.contains("small");
    var xs = points.map(function (p) { return Math.floor(Date.parse(p.started_at) / 1000); });
    var data = [xs].concat(SERIES.map(function (s) { return points.map(function (p) { return p[s.key]; }); }));
    var series = [{label: "扫描时间"}].concat(SERIES.map(function (s) {
      return {label: s.label, stroke: s.stroke, width: 2, dash: s.dash, points: {show: true, size: 5}};
    }));
    var options = {
      width: small ? 260 : Math.max(320, box.clientWidth || 800), height: small ? 80 : 260,
      series: series, legend: {show: !small}, cursor: {show: !small},
      axes: small ? [{show: false}, {show: false}] : [{}, {label: "问题数"}],
      scales: {x: {time: true}}
    };
    box.chart = new uPlot(options, data, box);
    box.dataset.drawn = String(points.length);
  }

  document.addEventListener("DOMContentLoaded", function () {
    openIgnoreForms();
    showRecheckProgress();
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    document.querySelectorAll(".trend-chart").forEach(drawChart);
  });
})();
