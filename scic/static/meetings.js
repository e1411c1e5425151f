// Progressive enhancements of the meetings pages; everything works without them.
(function () {
  "use strict";

  // Agenda: drag and drop reordering (the up/down buttons remain for keyboards).
  function setupReorder(list) {
    var url = list.dataset.reorderUrl, token = list.dataset.csrf, dragged = null;
    if (!url) return;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id);
    });
    list.addEventListener("dragover", function (event) {
      var target = event.target.closest("li");
      if (!dragged || !target || target === dragged) return;
      event.preventDefault();
      var rect = target.getBoundingClientRect();
      var after = event.clientY > rect.top + rect.height / 2;
      list.insertBefore(dragged, after ? target.nextSibling : target);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      var order = Array.prototype.map.call(list.children, function (li) { return li.dataset.id; });
      var body = new URLSearchParams({ csrf_token: token, ordre: order.join(",") });
      fetch(url, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function () { window.location.reload(); });
    });
  }

  // Check-in: record without reloading, refresh the gauge; poll the gauge meanwhile.
  function setupCheckIn(form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) return;
      event.preventDefault();
      var data = new FormData(form);
      data.set("mode", button.value);
      fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (json) { json.ok = response.ok; return json; });
        })
        .then(function (result) {
          var row = form.closest("tr");
          if (result.gauge) replaceGauge(result.gauge);
          announce(result.message);
          if (!row || !result.ok) return;
          row.querySelector(".mode").textContent = button.textContent.trim();
          form.querySelectorAll("button").forEach(function (b) {
            var on = b === button;
            b.classList.toggle("primary", on);
            b.setAttribute("aria-pressed", on ? "true" : "false");
          });
        });
    });
  }

  function replaceGauge(html) {
    var gauge = document.getElementById("quorum");
    if (gauge) gauge.outerHTML = html;
  }

  function announce(message) {
    var box = document.querySelector(".flashes");
    if (!box) {
      box = document.createElement("div");
      box.className = "flashes";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.getElementById("contenu").prepend(box);
    }
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "flash flash-info";
    p.textContent = message;
    box.appendChild(p);
  }

  function pollGauge() {
    var gauge = document.getElementById("quorum");
    if (!gauge || !gauge.dataset.url || !document.querySelector(".checkin")) return;
    setInterval(function () {
      if (document.hidden) return;
      fetch(gauge.dataset.url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html) replaceGauge(html); });
    }, 10000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".agenda-editor").forEach(setupReorder);
    document.querySelectorAll(".checkin-form").forEach(setupCheckIn);
    pollGauge();
  });
})();
