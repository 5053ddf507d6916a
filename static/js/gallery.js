// Product gallery: clicking a thumbnail shows it as the main picture.
(() => {
  const main = document.getElementById("gallery-main");
  if (!main) return;
  document.querySelectorAll(".gallery-thumb").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      main.src = link.dataset.full;
      document.querySelectorAll(".gallery-thumb.active").forEach((el) => el.classList.remove("active"));
      link.classList.add("active");
    });
  });
})();
