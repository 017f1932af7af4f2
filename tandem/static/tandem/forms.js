// Forms that save as the person types (hx-post with data-autosave): once the form is
// submitted the ordinary way, a save still waiting on its timer must not race the submission.
document.addEventListener("submit", function (event) {
  if (event.target.matches("form[data-autosave]")) {
    event.target.dataset.submitting = "true";
  }
});
document.addEventListener("htmx:confirm", function (event) {
  var form = event.target.closest("form[data-autosave]");
  if (form && form.dataset.submitting === "true") {
    event.preventDefault();
  }
});
// A button or form with data-confirm asks before an act that the whole team sees or that
// takes something away. Without JavaScript the form simply submits.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// A stale tab's save that merged what another tab saved (issue 11): that text goes into the
// fields this tab had not changed, unless the person typed there since the save was sent; then
// the tab keeps the version it started from, so the next save compares that field again.
document.addEventListener("htmx:beforeRequest", function (event) {
  var form = event.detail.elt.closest("form[data-autosave]");
  if (form) {
    form.sentValues = new FormData(form);
  }
});
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.detail.elt.closest("form[data-autosave]");
  var merged = document.getElementById("merged-values");
  if (!form || !merged || !form.sentValues) {
    return;
  }
  merged.querySelectorAll("[data-name]").forEach(function (item) {
    var field = form.elements[item.dataset.name];
    if (field.value === form.sentValues.get(item.dataset.name)) {
      field.value = item.textContent;
    } else {
      form.elements.version.value = form.sentValues.get("version");
    }
  });
  merged.replaceChildren();
  showConflicts();
});
// Fields in conflict are listed at the top of the form: focus goes there when the list first
// appears or changes, not on every later save while the person is still choosing.
var conflictsShown = "";
function showConflicts() {
  var summary = document.querySelector("#conflict-summary .error-summary");
  var names = summary ? summary.dataset.conflicts : "";
  if (summary && names !== conflictsShown) {
    summary.focus();
  }
  conflictsShown = names;
}
document.addEventListener("DOMContentLoaded", showConflicts);
