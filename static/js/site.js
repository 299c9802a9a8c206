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
    // With a web font the browser may scroll to the target again once the font is in, so
    // check then too; a person who already moved on (focus elsewhere) keeps their place.
    const reclaim = () => {
      const active = document.activeElement;
      const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
      if (active !== landing && (!active || active === document.body || active === target)) {
        landing.focus();
      }
    };
    window.addEventListener("load", () => {
      reclaim();
      document.fonts.ready.then(reclaim);
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

// --- Comment replies --------------------------------------------------------------------------
// The page has one reply form (templates/comments/reply_form.html). Without this script each
// "Reageer op ..." link loads the page with that form under its comment (?antwoord=<id>); here
// the link moves the form below its comment and sets the comment it answers, without a reload.
function enhanceReplies() {
  const box = document.querySelector("[data-reply-form]");
  if (!box) {
    return;
  }
  const parentField = box.querySelector("input[name='reply-parent']");
  const nameSlot = box.querySelector("[data-reply-name]");
  const cancel = box.querySelector("[data-reply-cancel]");
  const links = document.querySelectorAll("[data-reply-to]");
  let opener = null;
  const open = (link) => {
    if (opener && opener !== link) {
      opener.setAttribute("aria-expanded", "false");
    }
    opener = link;
    link.closest(".comment-reply-link").after(box);
    parentField.value = link.dataset.replyTo;
    nameSlot.textContent = link.dataset.replyName;
    cancel.setAttribute("href", `#reactie-${link.dataset.replyTo}`);
    box.hidden = false;
    link.setAttribute("aria-expanded", "true");
  };
  links.forEach((link) => {
    link.setAttribute("role", "button");
    link.setAttribute("aria-controls", "antwoord");
    link.setAttribute("aria-expanded", "false");
    if (!box.hidden && link.dataset.replyTo === parentField.value) {
      opener = link;  // the server opened it here (?antwoord= or a reply with errors)
      link.setAttribute("aria-expanded", "true");
    }
    link.addEventListener("click", (event) => {
      event.preventDefault();
      open(link);
      box.querySelector("textarea").focus();
    });
    // A link with role=button must also answer the space bar, as a native button does.
    link.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        link.click();
      }
    });
  });
  cancel.addEventListener("click", (event) => {
    event.preventDefault();
    box.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }
  });
}
document.addEventListener("DOMContentLoaded", enhanceReplies);
// --- end comment replies ----------------------------------------------------------------------
