/* inspector serve: the triage buttons (忽略 asks for a reason, 整改状态, 复查); trend charts drawn with the vendored uPlot;
   a finding linked from the address (#finding-…) is shown even inside the folded ignored list. */
(function () {
  "use strict";

  /* The triage forms: built from the page's <template>s when a button is pressed, posted with the
     page's CSRF token to /site/<site>/finding/<id>/<action>. Values go in through .value only. */
  function triageForm(panel, templateId, action) {
    var context = document.getElementById("triage-context").dataset;
    var form = templateId ? document.getElementById(templateId).content.firstElementChild.cloneNode(true)
                          : document.createElement("form");
    form.method = "post";
    form.action = context.base + panel.dataset.finding + "/" + action;
    [["csrf", context.csrf], ["scan", context.scan]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    var cancel = form.querySelector("button.cancel");
    if (cancel) {
      cancel.addEventListener("click", function () { form.remove(); });
    }
    panel.querySelectorAll("form.triage-form").forEach(function (old) { old.remove(); });
    panel.appendChild(form);
    return form;
  }

  function wireTriage() {
    document.querySelectorAll(".triage").forEach(function (panel) {
      panel.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button || button.type === "submit" || button.classList.contains("cancel")) { return; }
        if (button.classList.contains("ignore-open")) {
          triageForm(panel, "ignore-template", "ignore").querySelector("input.reason").focus();
        } else if (button.classList.contains("remediation-open")) {
          var form = triageForm(panel, "remediation-template", "remediation");
          form.querySelector("select.state").value = panel.dataset.state || "todo";
          form.querySelector("input.person").value = panel.dataset.person || "";
          form.querySelector("input.note").value = panel.dataset.note || "";
          form.querySelector("select.state").focus();
        } else if (button.dataset.action) {  // 复查 and 撤销忽略 post at once
          if (button.dataset.action === "recheck") { button.textContent = "复查中，正在重新打开页面…"; }
          button.disabled = true;
          triageForm(panel, null, button.dataset.action).submit();
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
    if (document.getElementById("triage-context")) { wireTriage(); }
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    document.querySelectorAll(".trend-chart").forEach(drawChart);
  });
})();
