(function () {
  "use strict";
  var clock = document.getElementById("aftellen");
  if (!clock) { return; }
  var end = Date.parse(clock.getAttribute("data-start")) + 1000 * Number(clock.getAttribute("data-seconds"));
  function tick() {
    var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left > 0) { window.setTimeout(tick, 250); } else { clock.className = "klok klaar"; }
  }
  tick();
}());
