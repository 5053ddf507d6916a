// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("select[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
