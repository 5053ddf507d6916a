// The region picker (templates/_macros/region.html): when a list changes, the lists below it
// are emptied and the next one is filled from the shop's region endpoint; choosing a village
// fills in its postal code. Without this script the "Choose" buttons reload the form instead.
(() => {
  "use strict";
  const LEVELS = ["province", "regency", "district", "village"];

  function placeholder(select, text) {
    select.replaceChildren(new Option(text, ""));
  }

  function setUp(picker) {
    if (picker.dataset.regionReady) return;
    picker.dataset.regionReady = "1";
    const endpoint = picker.dataset.endpoint;
    const selects = LEVELS.map((level) => picker.querySelector(`[data-region-level="${level}"]`));
    const postal = picker.querySelector("[data-region-postal-code]");
    if (selects.some((select) => !select)) return;
    // the texts of the two placeholders, in the page's language
    const choose = picker.dataset.choose || "—";
    const first = picker.dataset.chooseFirst || choose;
    let pending = null;

    picker.querySelectorAll(".region-choose").forEach((button) => { button.hidden = true; });

    async function fill(index, code) {
      const select = selects[index];
      placeholder(select, choose);
      select.disabled = true;
      if (pending) pending.abort();
      const controller = new AbortController();
      pending = controller;
      try {
        const response = await fetch(`${endpoint}/${encodeURIComponent(code)}`,
          { headers: { Accept: "application/json" }, signal: controller.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const data = await response.json();
        for (const region of data.children) {
          const option = new Option(region.name, region.code);
          if (region.postal_code) option.dataset.postalCode = region.postal_code;
          select.add(option);
        }
      } catch (error) {
        if (error.name === "AbortError") return;
        // the buttons come back, so the form still works as it does without JavaScript
        picker.querySelectorAll(".region-choose").forEach((button) => { button.hidden = false; });
      } finally {
        if (pending === controller) pending = null;
        select.disabled = false;
      }
    }

    selects.forEach((select, index) => {
      select.addEventListener("change", () => {
        for (let below = index + 1; below < selects.length; below += 1) {
          placeholder(selects[below], first);
        }
        if (postal && index < selects.length - 1) postal.value = "";
        if (index === selects.length - 1) {
          const option = select.selectedOptions[0];
          if (postal && option && option.dataset.postalCode) postal.value = option.dataset.postalCode;
          return;
        }
        if (select.value) fill(index + 1, select.value);
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-region-picker]").forEach(setUp);
    // a new address typed at checkout: pick "a new address" instead of a saved one
    document.querySelectorAll("[data-new-address]").forEach((fieldset) => {
      const radio = document.getElementById(fieldset.dataset.newAddress);
      if (!radio) return;
      fieldset.addEventListener("input", () => { radio.checked = true; });
      fieldset.addEventListener("change", () => { radio.checked = true; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
