// The map of the public offering search: progressive enhancement of the table of places.
//
// The page carries a hidden map container with the public locations (JSON) and its settings in data
// attributes. Only when JavaScript and Leaflet run does the container appear and become a map;
// otherwise the table says the same. A switch shows either the list or the map; the map is drawn the
// first time it is chosen (Leaflet measures its container). Without a configured tile server the
// markers sit on a plain background and nothing is requested from outside. Markers are reachable with the Tab key,
// Enter opens a popup with a link to the offering, Escape closes it again.
(function () {
  "use strict";

  function popupContent(point, linkText) {
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = point.title;
    box.append(title);
    for (const line of [point.name, point.address]) {
      if (line) {
        box.append(document.createElement("br"), line);
      }
    }
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = linkText;
    const paragraph = document.createElement("p");
    paragraph.append(link);
    box.append(paragraph);
    return box;
  }

  function offerSwitch(container) {
    if (typeof window.L === "undefined" || !JSON.parse(container.dataset.map).points.length) {
      return;
    }
    const section = container.closest(".map-section");
    const wrapper = container.closest(".map-wrapper");
    const list = section.querySelector(".places-list");
    const buttons = section.querySelector(".view-switch");
    container.dataset.ready = "1";
    buttons.hidden = false;
    buttons.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-view]");
      if (!button) {
        return;
      }
      const showMap = button.dataset.view === "map";
      for (const other of buttons.querySelectorAll("button[data-view]")) {
        other.setAttribute("aria-pressed", String(other === button));
      }
      wrapper.hidden = !showMap; // Leaflet measures the container: show it first
      list.hidden = showMap;
      if (showMap && !container.dataset.drawn) {
        container.dataset.drawn = "1";
        buildMap(container);
      }
    });
  }

  function buildMap(container) {
    const data = JSON.parse(container.dataset.map);
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.dataset.label);

    const L = window.L;
    const tiles = container.dataset.tiles;
    const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const map = L.map(container, {
      scrollWheelZoom: false, // the page scrolls past the map; the +/- buttons and keys zoom
      attributionControl: Boolean(tiles),
      fadeAnimation: false, // a fading popup is unreadable for a moment (and fails contrast checks)
      zoomAnimation: !calm,
      markerZoomAnimation: !calm,
    });
    if (tiles) {
      map.attributionControl.setPrefix(false);
      L.tileLayer(tiles, { attribution: container.dataset.attribution, maxZoom: 19 }).addTo(map);
    }
    const icon = L.icon({
      iconUrl: container.dataset.iconUrl,
      iconRetinaUrl: container.dataset.iconRetinaUrl,
      shadowUrl: container.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });

    const bounds = L.latLngBounds([]);
    for (const point of data.points) {
      const label = point.name ? `${point.title}, ${point.name}` : point.title;
      const marker = L.marker([point.lat, point.lon], { icon, keyboard: true, title: label, alt: label });
      marker.bindPopup(popupContent(point, container.dataset.linkText));
      marker.on("popupopen", (event) => {
        const element = event.popup.getElement();
        // Leaflet closes a popup on Escape only while the map itself has the focus, not a link in it.
        element.addEventListener("keydown", (key) => {
          if (key.key === "Escape") {
            marker.closePopup();
          }
        });
        const link = element.querySelector("a[href]:not(.leaflet-popup-close-button)");
        if (link) {
          link.focus();
        }
      });
      marker.on("popupclose", () => {
        const element = marker.getElement();
        const focusLost = document.activeElement === document.body || container.contains(document.activeElement);
        if (element && focusLost) {
          element.focus();
        }
      });
      marker.addTo(map);
      bounds.extend([point.lat, point.lon]);
    }
    if (data.centre) {
      const centre = L.latLng(data.centre.lat, data.centre.lon);
      if (data.centre.radius_km) {
        const radius = data.centre.radius_km * 1000;
        L.circle(centre, { radius, interactive: false, weight: 2, fillOpacity: 0.05 }).addTo(map);
        bounds.extend(centre.toBounds(2 * radius));
      } else {
        bounds.extend(centre);
      }
    }
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
  }

  function buildMapsIn(root) {
    for (const container of root.querySelectorAll(".offering-map:not([data-ready])")) {
      offerSwitch(container);
    }
  }

  document.addEventListener("DOMContentLoaded", () => buildMapsIn(document));
  // Results replaced by htmx bring a new map container.
  document.addEventListener("htmx:load", (event) => buildMapsIn(event.detail.elt));
})();
