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
