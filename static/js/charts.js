// Draws the monitoring charts: every <figure class="chart" data-spec-id="…"> gets the Vega-Lite spec
// from the <script type="application/json" id="…"> of that id. The CSP allows neither eval nor
// inline styles, so Vega evaluates expressions with its interpreter (ast: true) and Vega-Embed's
// and the tooltip's own <style> elements stay off (static/css/charts.css has their rules).
(() => {
  if (window.uebergangCharts) return; // the include may load this file more than once per page
  window.uebergangCharts = true;

  const NUMBERS = {
    de: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " €"] },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] },
  };
  const pageNumbers = () => NUMBERS[document.documentElement.lang] || NUMBERS.de;

  function draw(figure) {
    if (figure.dataset.chartDrawn) return;
    const source = document.getElementById(figure.dataset.specId);
    if (!source || typeof window.vegaEmbed !== "function") return;
    figure.dataset.chartDrawn = "true";
    const spec = JSON.parse(source.textContent);
    // Vega sets role and aria-label on the element it draws into: an inner one, hidden from
    // assistive technology, so the figure keeps its own (role="img", labelled by the chart's title).
    let canvas = figure.querySelector(".chart-canvas");
    if (!canvas) {
      canvas = document.createElement("div");
      canvas.className = "chart-canvas";
      canvas.setAttribute("aria-hidden", "true");
      figure.append(canvas);
    }
    window
      .vegaEmbed(canvas, spec, {
        ast: true,
        actions: false,
        renderer: "svg",
        defaultStyle: false,
        formatLocale: pageNumbers(),
        tooltip: { disableDefaultStyle: true },
      })
      .catch((error) => {
        figure.dataset.chartDrawn = "";
        figure.classList.add("chart-error");
        console.error("Diagramm konnte nicht gezeichnet werden", error);
      });
  }

  function drawAll() {
    document.querySelectorAll("figure.chart[data-spec-id]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => drawAll());
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSettle", () => drawAll());
})();
