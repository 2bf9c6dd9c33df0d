// The public offering search with htmx: a changed filter replaces the results in place (the address
// bar follows, see hx-push-url). The total is then announced through a status region outside the
// replaced area, because a screen reader does not read out a live region that was just inserted.
document.addEventListener("htmx:afterSettle", () => {
  const status = document.getElementById("search-status");
  const count = document.getElementById("result-count");
  if (status && count) {
    status.textContent = count.textContent.trim();
  }
});

// Empty fields stay out of the request, so the address bar shows only what was chosen.
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.detail.elt.matches("form[role=search]")) {
    return;
  }
  const parameters = event.detail.parameters;
  for (const name of Array.from(new Set(Object.keys(parameters)))) {
    const value = parameters[name];
    if (value === "" || (Array.isArray(value) && value.every((item) => item === ""))) {
      delete parameters[name];
    }
  }
});

// On a phone the filters open on demand: closed unless one is chosen, so the first result follows the
// search box. The state survives the htmx swaps that each changed filter causes. On wider screens the
// filters stay open (their summary is hidden there).
const phone = window.matchMedia("(max-width: 48rem)");
let filtersOpen = null;
function applyFilterState() {
  const filters = document.querySelector("details.filters");
  if (!filters || !phone.matches) return;
  filters.open = filtersOpen ?? filters.hasAttribute("data-chosen");
}
document.addEventListener("DOMContentLoaded", applyFilterState);
document.addEventListener("htmx:afterSettle", applyFilterState);
document.addEventListener("toggle", (event) => {
  if (event.target.matches && event.target.matches("details.filters") && phone.matches) filtersOpen = event.target.open;
}, true);
