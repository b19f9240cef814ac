// The incident form: reveal each form's examples (and the platforms of digital bullying)
// when the form is ticked, and add pupil rows. Without this script every checklist is
// visible and the form offers three pupil rows, so it works all the same.
(function () {
  "use strict";

  var form = document.getElementById("incident-form");
  if (!form) {
    return;
  }

  // --- Forms of bullying and their checklists --------------------------------------------
  function setDetails(section, open) {
    var details = section.querySelector("[data-form-details]");
    if (!details) {
      return;
    }
    details.hidden = !open;
    // Hidden inputs are disabled so that a checklist item of an unticked form is not sent
    // (on the server an example implies its form). Ticking the form again restores them.
    details.querySelectorAll("input, select, textarea").forEach(function (input) {
      input.disabled = !open;
    });
  }

  form.querySelectorAll("[data-bullying-form]").forEach(function (section) {
    var toggle = section.querySelector(".form-check-main input[type=checkbox]");
    var details = section.querySelector("[data-form-details]");
    if (!toggle || !details) {
      return;
    }
    // A ticked checklist item means the form applies: the server reads it that way too.
    var anyTicked = details.querySelector("input[type=checkbox]:checked");
    var hasText = Array.prototype.some.call(
      details.querySelectorAll("input[type=text], textarea"),
      function (input) { return input.value.trim() !== ""; }
    );
    if (anyTicked || hasText) {
      toggle.checked = true;
    }
    setDetails(section, toggle.checked);
    toggle.addEventListener("change", function () {
      setDetails(section, toggle.checked);
    });
  });

  // --- Pupil rows ----------------------------------------------------------------------------
  var rows = document.getElementById("pupil-rows");
  var template = document.getElementById("pupil-row-template");
  var addButton = document.getElementById("add-pupil");
  if (rows && template && addButton) {
    var prefix = rows.dataset.prefix;
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");

    var updateButton = function () {
      addButton.disabled = max && parseInt(total.value, 10) >= parseInt(max.value, 10);
    };

    addButton.hidden = false;
    updateButton();
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      updateButton();
      // After the pupil search (if any) has turned the row's select into a search field.
      window.setTimeout(function () {
        var field = row.querySelector("[role=combobox], select");
        if (field) {
          field.focus();
        }
      }, 0);
    });
  }
})();
