// The invoice's Print button: shown only where it works (with JavaScript); the browser's
// own print menu does the same without it.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
