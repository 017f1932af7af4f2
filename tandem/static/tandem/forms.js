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
