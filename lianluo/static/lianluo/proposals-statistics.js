// Horizontal grouped bars for the statistics and assessment pages: every [data-bars] element is drawn from the
// JSON block it names ({labels, series: [{name, values}]}); no inline script (CSP). data-unit="%" fixes the
// axis at 0–100.
(function () {
  var COLOURS = ["#b3261e", "#1d4ed8", "#15803d", "#b45309"];
  function draw(el) {
    var source = document.getElementById(el.dataset.bars);
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    if (!data.labels.length) { el.hidden = true; return; }
    var percent = el.dataset.unit === "%";
    var rows = data.labels.length * Math.max(1, data.series.length);
    el.style.height = Math.max(220, 40 + rows * 16) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      animation: false,
      color: COLOURS,
      legend: { show: data.series.length > 1, top: 0 },
      grid: { left: 8, right: 40, top: data.series.length > 1 ? 28 : 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: percent ? { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } } : { type: "value", min: 0 },
      yAxis: { type: "category", inverse: true, data: data.labels, axisLabel: { width: 160, overflow: "truncate" } },
      series: data.series.map(function (s) {
        return { type: "bar", name: s.name, data: s.values, barMaxWidth: 14,
                 label: { show: data.series.length === 1, position: "right" } };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-bars]").forEach(draw);
})();
