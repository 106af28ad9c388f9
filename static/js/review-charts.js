// Draws the review's charts from the data each <canvas data-chart> carries (the CSP forbids
// inline scripts). Every chart has a table of the same figures beside it.
(() => {
  const locale = document.documentElement.lang || "fr";
  // Colours that stay apart for the common forms of colour blindness (Okabe–Ito).
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                   "#F0E442", "#000000"];
  const round = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const spec = JSON.parse(canvas.dataset.chart);
    // Set through the CSSOM, which the CSP allows, unlike a style attribute.
    const box = canvas.parentElement;
    if (box.dataset.height) box.style.setProperty("--chart-height", `${box.dataset.height}px`);
    const circular = spec.type === "doughnut" || spec.type === "pie";
    const datasets = spec.datasets.map((dataset, index) => {
      const colour = palette[index % palette.length];
      return {
        ...dataset,
        data: dataset.data.map(Number),
        backgroundColor: circular ? spec.labels.map((_, i) => palette[i % palette.length])
          : (spec.type === "line" ? colour + "33" : colour),
        borderColor: circular ? "#fff" : colour,
        fill: spec.type === "line" ? false : undefined,
      };
    });
    const axis = { stacked: !!spec.stacked, ticks: { callback(value) {
      return this.getLabelForValue ? this.getLabelForValue(value) : value;
    } } };
    const valueAxis = { stacked: !!spec.stacked, beginAtZero: true,
                        ticks: { callback: (value) => round.format(value) } };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: circular || datasets.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: (item) =>
            `${item.dataset.label || item.label}: ${round.format(item.raw)}` } },
        },
        scales: circular ? {} : (spec.horizontal ? { x: valueAxis, y: axis }
                                                 : { x: axis, y: valueAxis }),
      },
    });
  });
})();
