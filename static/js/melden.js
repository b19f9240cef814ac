// Progressive enhancement for the public report pages; everything works without it.
(function () {
  "use strict";

  // Hide the name and contact fields while "anonymous" is chosen, and empty them so that
  // nothing that identifies the reporter is sent by accident.
  var identity = document.getElementById("identity-fields");
  var choices = document.querySelectorAll("input[name='is_anonymous']");
  function update() {
    var anonymous = document.querySelector("input[name='is_anonymous']:checked");
    var hide = !anonymous || anonymous.value === "yes";
    if (!identity) { return; }
    if (hide && !identity.querySelector(".is-invalid")) {
      identity.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    }
    identity.hidden = hide && !identity.querySelector(".is-invalid");
  }
  choices.forEach(function (choice) { choice.addEventListener("change", update); });
  if (identity) { update(); }

  // Copy the follow-up code with one tap.
  var copy = document.getElementById("copy-code");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.dataset.code).then(function () {
        copy.textContent = copy.dataset.done;
      });
    });
  }
})();
