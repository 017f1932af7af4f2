// A table wider than the screen scrolls sideways in its box, so the page itself never does. A
// matrix comes in a labelled usa-table-container--scrollable; any other table (a stacked list of
// records is wider than a small tablet) gets a .table-scroll box here. Keyboard users reach a box
// that scrolls with Tab and scroll it with the arrow keys; screen readers hear the table's
// caption (or the heading before it) as the box's name, and a cue says there is more to the side.
function tableName(table) {
  var caption = table.querySelector("caption");
  if (caption) { return caption.textContent.trim(); }
  var node = table;
  while (node && node !== document.body) {
    var previous = node.previousElementSibling;
    while (previous) {
      if (/^H[1-6]$/.test(previous.tagName)) { return previous.textContent.trim(); }
      previous = previous.previousElementSibling;
    }
    node = node.parentElement;
  }
  return "Table";
}
function markScrollingTables() {
  document.querySelectorAll("main table").forEach(function (table) {
    if (!table.closest(".table-scroll, .usa-table-container--scrollable")) {
      var wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    }
  });
  document.querySelectorAll(".table-scroll, .usa-table-container--scrollable").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);
    if (box.classList.contains("usa-table-container--scrollable")) { return; }
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", tableName(box.querySelector("table")));
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
