// The review page's total follows the courier service ticked for each parcel. Without this
// script the "Update total" button shows the new total; with it, the total (and the figure
// the order is checked against) changes as the buyer ticks.
(function () {
  "use strict";
  var form = document.querySelector("form.review-form");
  if (!form) { return; }
  var english = (document.documentElement.lang || "id").slice(0, 2) === "en";
  var digits = new Intl.NumberFormat(english ? "en-US" : "id-ID", { maximumFractionDigits: 0 });
  function money(amount) { return (english ? "IDR\u00a0" : "Rp\u00a0") + digits.format(amount); }
  function update() {
    var shipping = 0;
    form.querySelectorAll("input[type=radio][data-price]:checked").forEach(function (input) {
      shipping += parseInt(input.getAttribute("data-price"), 10) || 0;
    });
    var total = (parseInt(form.getAttribute("data-goods"), 10) || 0) + shipping;
    document.getElementById("shipping-total").textContent = money(shipping);
    document.getElementById("grand-total").textContent = money(total);
    form.querySelector("input[name=expected_total]").value = String(total);
  }
  form.querySelectorAll(".js-hide").forEach(function (el) { el.style.display = "none"; });
  form.addEventListener("change", function (event) {
    if (event.target && event.target.type === "radio") { update(); }
  });
}());
