// Keeps the quick-capture pages and their assets for use without a connection. Only pages
// under /cycles/ are kept, and signing out deletes them (capture.js).
var CACHE = "tandem-capture-v1";
var ASSETS = {{ assets|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  var capturePage = /\/cycles\/\d+\/observations\/capture\/$/.test(url.pathname);
  if (!capturePage && ASSETS.indexOf(url.pathname) === -1) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }, function () {
      return caches.match(request);
    })
  );
});
