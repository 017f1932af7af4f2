// A collapsed group of checkboxes (ui/_checkboxes.html) says in its summary how many of its
// boxes are checked; this keeps that count true as boxes are checked and unchecked.
document.addEventListener("change", function (event) {
  var group = event.target.closest("[data-checkbox-group]");
  if (!group) { return; }
  var count = group.querySelector(".checkbox-group__count");
  var checked = group.querySelectorAll("input[type=checkbox]:checked").length;
  count.textContent = count.dataset.checkedText.replace("%s", checked);
});
