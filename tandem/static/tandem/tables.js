// A table wider than the screen scrolls sideways in its .table-scroll box. Keyboard users
// reach such a box with Tab and scroll it with the arrow keys; screen readers hear the
// table's caption as the box's name, and a cue says there is more to the side.
function markScrollingTables() {
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);
    if (scrolls) {
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
document.addEventListener("htmx:afterSettle", markScrollingTables);
