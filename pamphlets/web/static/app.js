// Small enhancements; every page works without this file.
(function () {
  // Live contrast of white text on the main colour (the same WCAG formula the server uses).
  function luminance(hex) {
    var c = [1, 3, 5].map(function (i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  var primary = document.getElementById("f-brand-primary");
  var out = document.getElementById("contrast");
  document.querySelectorAll("[data-colour]").forEach(function (input) {
    input.addEventListener("input", function () {
      if (!/^#[0-9A-Fa-f]{6}$/.test(input.value)) return;
      input.parentNode.querySelector(".swatch").style.background = input.value;
      if (input === primary && out) {
        var ratio = (1.05) / (luminance(input.value) + 0.05);
        var good = ratio >= 4.5;
        out.className = good ? "ok" : "warn";
        out.textContent = out.dataset.template.replace("{ratio}", ratio.toFixed(1)) + ": " +
          (good ? out.dataset.ok : out.dataset.low);
      }
    });
  });
})();
