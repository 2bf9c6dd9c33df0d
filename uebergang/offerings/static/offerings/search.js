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
