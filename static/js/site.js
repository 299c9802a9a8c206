// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so screen reader and keyboard users land on the problems.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
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

// --- Mobile menu (design) -------------------------------------------------------------------
// Without this script the Menu link jumps to #site-menu and CSS (:target) shows the menu. Here
// it becomes a real disclosure button: aria-expanded tells screen readers whether it is open,
// Escape closes it and returns focus to the button.
function enhanceMenuToggle() {
  const toggle = document.querySelector("[data-menu-toggle]");
  const header = toggle && toggle.closest(".site-header");
  if (!header) {
    return;
  }
  const setOpen = (open) => {
    header.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.setAttribute("role", "button");
  setOpen(false);
  toggle.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  // A link with role=button must also answer the space bar, as a native button does.
  toggle.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      toggle.click();
    }
  });
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && header.classList.contains("is-open")) {
      setOpen(false);
      toggle.focus();
    }
  });
}
document.addEventListener("DOMContentLoaded", enhanceMenuToggle);
// --- end mobile menu ------------------------------------------------------------------------
