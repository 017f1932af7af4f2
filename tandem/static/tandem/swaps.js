// USWDS sets up its components once, on the page as it loaded (uswds/uswds#4399): a character
// count that arrives in an HTMX swap kept saying "Up to 20,000 characters" however much was
// typed. Each piece HTMX puts in the page is set up as the page was. Only the set-up (init) is
// run: the counts' typing is already followed from the page's body, where USWDS listens.
// window.uswdsComponents is USWDS's own, handed over by scripts/build-assets.
document.addEventListener("htmx:load", function (event) {
  var components = window.uswdsComponents;
  if (components) {
    components.characterCount.init(event.target);
  }
});
