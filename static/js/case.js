/* The case workspace and the verification form. Everything works without this file; it only
   makes the forms quicker to fill in. No inline scripts: the page's CSP forbids them. */
(function () {
  "use strict";

  // Bring the form that is being filled in (or has errors) into view.
  function focusOpenForm() {
    var root = document.querySelector("[data-open-form]");
    if (!root) return;
    var id = root.getAttribute("data-open-form");
    var target = id && document.getElementById(id);
    if (!target) return;
    var parent = target.parentElement;
    while (parent) {
      if (parent.tagName === "DETAILS") parent.open = true;
      parent = parent.parentElement;
    }
    target.open = true;
    target.scrollIntoView({ block: "start" });
    var field = target.querySelector(".is-invalid, input:not([type=hidden]), select, textarea");
    if (field) field.focus({ preventScroll: true });
  }

  // Action plan: offer only the protocol's actions of the row's track.
  function trackMap(select) {
    var map = {};
    (select.getAttribute("data-tracks") || "").split(",").forEach(function (pair) {
      var parts = pair.split(":");
      if (parts.length === 2) map[parts[0]] = parts[1];
    });
    return map;
  }

  function filterSuggestions(row) {
    var track = row.querySelector("select[data-track]");
    var select = row.querySelector("select[data-suggestions]");
    if (!track || !select) return;
    var map = trackMap(select);
    var chosen = track.value;
    Array.prototype.forEach.call(select.querySelectorAll("option"), function (option) {
      if (!option.value) return;
      var hide = chosen && map[option.value] !== chosen;
      option.hidden = hide;
      option.disabled = hide;
      if (hide && option.selected) select.value = "";
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
    });
  }

  function setUpRow(row) {
    var track = row.querySelector("select[data-track]");
    var select = row.querySelector("select[data-suggestions]");
    if (!track || !select) return;
    track.addEventListener("change", function () { filterSuggestions(row); });
    select.addEventListener("change", function () {
      var map = trackMap(select);
      if (select.value && !track.value) {
        track.value = map[select.value] || "";
        filterSuggestions(row);
      }
    });
    filterSuggestions(row);
  }

  function setUpPlan(fieldset) {
    var rows = fieldset.querySelector(".plan-rows");
    var template = fieldset.querySelector("template.plan-row-template");
    var button = fieldset.querySelector(".add-plan-row");
    if (!rows) return;
    Array.prototype.forEach.call(rows.querySelectorAll(".plan-row"), setUpRow);
    if (!template || !button) return;
    var prefix = rows.getAttribute("data-prefix");
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    if (!total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.querySelector(".plan-row");
      rows.appendChild(row);
      total.value = String(index + 1);
      setUpRow(row);
      var first = row.querySelector("select, input");
      if (first) first.focus();
    });
  }

  // Verification: the choice of case only matters for bullying; the follow-up note is
  // required for teasing and aggression.
  function setUpVerify(form) {
    var part = form.querySelector("[data-show-for]");
    var radios = form.querySelectorAll("input[name='classification']");
    var note = form.querySelector("textarea[name='note']");
    function update() {
      var chosen = form.querySelector("input[name='classification']:checked");
      var value = chosen ? chosen.value : "";
      if (part) part.hidden = value !== part.getAttribute("data-show-for");
      if (note) note.required = value === "teasing" || value === "aggression";
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("fieldset"), function (fieldset) {
      if (fieldset.querySelector(".plan-rows")) setUpPlan(fieldset);
    });
    var verify = document.getElementById("verify-form");
    if (verify) setUpVerify(verify);
    focusOpenForm();
  });
})();
