// Quick observation capture that works offline. Notes are queued in this browser's storage
// with an id of their own, sent to the API when the connection allows, and never dropped:
// a note the server refuses stays on screen with the reason; an expired session asks the
// observer to sign in again and keeps the queue.
(function () {
  "use strict";
  var QUEUE = "tandem-capture-queue";
  var form = document.querySelector("form[data-offline-capture]");
  var status = document.getElementById("capture-status");
  var list = document.getElementById("capture-queue");
  if (!form || !status || !list) { return; }

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function store(queue) { localStorage.setItem(QUEUE, JSON.stringify(queue)); }
  function token() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }
  function say(text) { status.textContent = text; }

  function render() {
    var queue = load();
    list.textContent = "";
    queue.forEach(function (note) {
      var item = document.createElement("li");
      item.textContent = note.body.observed_on + " · " + note.body.notes.slice(0, 80) +
        (note.problem ? " — " + note.problem : " — " + list.dataset.waiting);
      if (note.problem) { item.className = "error"; }
      list.appendChild(item);
    });
  }

  function sync() {
    var queue = load();
    var pending = queue.filter(function (note) { return !note.problem; });
    if (!pending.length) { render(); return Promise.resolve(); }
    if (!navigator.onLine) {
      say(status.dataset.offline.replace("%s", pending.length)); render();
      return Promise.resolve();
    }
    return pending.reduce(function (chain, note) {
      return chain.then(function (stop) {
        if (stop) { return stop; }
        return fetch(note.url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
          body: JSON.stringify(note.body)
        }).then(function (response) {
          var queue = load();
          var index = queue.findIndex(function (n) { return n.body.client_id === note.body.client_id; });
          if (response.status === 201) {
            queue.splice(index, 1); store(queue); return false;
          }
          if (response.status === 401 || response.status === 403) {
            say(status.dataset.signin); return true;  // keep everything queued
          }
          return response.json().then(function (data) {
            queue[index].problem = (data.detail || []).join(" ") || String(response.status);
            store(queue); return false;
          });
        }, function () {
          say(status.dataset.offline.replace("%s", load().length)); return true;
        });
      });
    }, Promise.resolve(false)).then(function (stopped) {
      if (!stopped) {
        var left = load();
        say(left.length ? status.dataset.conflict : status.dataset.synced);
      }
      render();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var body = {
      client_id: crypto.randomUUID(),
      kind: data.get("kind"),
      observed_on: data.get("observed_on"),
      duration_minutes: parseInt(data.get("duration_minutes"), 10),
      notes: data.get("notes") || "",
      element_codes: data.getAll("element_codes")
    };
    var queue = load();
    queue.push({ url: form.dataset.endpoint, body: body, savedAt: new Date().toISOString() });
    store(queue);
    form.querySelector("textarea").value = "";
    say(status.dataset.queued);
    sync();
  });

  window.addEventListener("online", sync);
  if ("serviceWorker" in navigator && window.caches) {
    navigator.serviceWorker.register(form.dataset.worker, { scope: form.dataset.scope });
    // Keep this very page for use offline (the worker's cache, named as in sw.js).
    navigator.serviceWorker.ready.then(function () {
      return caches.open("tandem-capture-v1").then(function (cache) {
        return cache.add(location.pathname);
      });
    }).then(function () { form.dataset.offlineReady = "true"; });
  }
  render();
  sync();
})();

// Signing out purges this device's offline copy; notes still waiting are sent first or, if
// the observer insists, deleted with it.
document.addEventListener("submit", function (event) {
  if (!event.target.matches("form[data-sign-out]")) { return; }
  var waiting = [];
  try { waiting = JSON.parse(localStorage.getItem("tandem-capture-queue") || "[]"); } catch (e) {}
  if (waiting.length && !window.confirm(event.target.dataset.confirm.replace("%s", waiting.length))) {
    event.preventDefault();
    return;
  }
  localStorage.removeItem("tandem-capture-queue");
  if (window.caches) { caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); }); }
});
