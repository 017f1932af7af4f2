// A step that cannot be undone asks first (templates/ui/_confirm.html). Its button on the
// record's page submits to the page that asks, which is what happens without JavaScript; once
// USWDS has set up the modal the button controls, USWDS opens the same question there instead,
// so the button must not submit as well.
document.addEventListener("click", function (event) {
  var opener = event.target.closest("button[data-open-modal][aria-controls]");
  var modal = opener && document.getElementById(opener.getAttribute("aria-controls"));
  if (modal && modal.classList.contains("usa-modal-wrapper")) {
    event.preventDefault();
  }
});
