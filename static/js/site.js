// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // After a submit, move focus to what it produced, so screen reader and keyboard users land
  // on it and hear it: the error summary, else the message ("Uw reactie is geplaatst").
  const landing = document.querySelector("[data-error-summary]") ||
    document.querySelector("[data-focus-on-load]");
  if (landing) {
    landing.focus();
    // A form that posts to a #fragment (the offering request form): the browser focuses that
    // target once the page is in, which would leave focus on the page; take it back once.
    window.addEventListener("load", () => {
      if (document.activeElement !== landing) {
        landing.focus();
      }
    }, { once: true });
  }
  // Prevent double submits: a form marked data-once disables its buttons after the first submit.
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.setAttribute("aria-disabled", "true");
        button.addEventListener("click", (event) => event.preventDefault());
      });
    });
  });
});
