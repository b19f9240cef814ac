// Pupil search: turns each pupil <select> of the incident form into an ARIA combobox
// (WAI-ARIA Authoring Practices, "combobox with listbox popup"). Type a few letters of a
// first or last name, pick a pupil with a tap, or with the arrow keys and Enter. The choices
// and their order (the user's own groups first, a student number where names repeat) come
// from the server-rendered <select>, which stays in the form and carries the value; without
// this script the <select> is used as it is.
(function () {
  "use strict";

  var container = document.querySelector("[data-pupil-search]");
  if (!container) {
    return;
  }
  var MAX_SHOWN = 8;
  var counter = 0;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function optionsOf(select) {
    var found = [];
    select.querySelectorAll("option").forEach(function (option) {
      if (!option.value) {
        return;
      }
      var group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
      found.push({
        value: option.value,
        name: option.textContent,
        group: group,
        words: fold(option.textContent + " " + group).split(/[\s()….,]+/)
      });
    });
    return found;
  }

  // Every typed word must begin a word of the name or group: "finn dij" finds Finn van Dijk.
  function matches(option, query) {
    return query.every(function (part) {
      return option.words.some(function (word) { return word.indexOf(part) === 0; });
    });
  }

  function enhance(select) {
    if (select.dataset.enhanced) {
      return;
    }
    select.dataset.enhanced = "1";
    counter += 1;
    var options = optionsOf(select);
    var listId = "pupil-search-list-" + counter;

    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id + "-search";
    input.className = select.className.replace("form-select", "form-control");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocapitalize", "words");
    input.setAttribute("spellcheck", "false");
    input.placeholder = container.dataset.placeholder || "";
    var describedBy = select.getAttribute("aria-describedby");
    if (describedBy) {
      input.setAttribute("aria-describedby", describedBy);
    }
    if (select.getAttribute("aria-invalid")) {
      input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
    }

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "pupil-search-list list-group shadow";
    list.setAttribute("role", "listbox");
    list.hidden = true;

    var wrapper = document.createElement("div");
    wrapper.className = "pupil-search";
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(select);
    select.hidden = true;
    select.tabIndex = -1;
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) {
      label.htmlFor = input.id;
      list.setAttribute("aria-label", label.textContent.trim());
    }

    var shown = [];
    var active = -1;

    function chosenName() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.textContent : "";
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
        item.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = option.name;
      close();
    }

    function render() {
      var query = fold(input.value).split(/\s+/).filter(Boolean);
      list.textContent = "";
      shown = query.length ? options.filter(function (o) { return matches(o, query); }) : [];
      shown = shown.slice(0, MAX_SHOWN);
      if (!query.length) {
        close();
        return;
      }
      if (!shown.length) {
        var empty = document.createElement("li");
        empty.className = "list-group-item text-body-secondary";
        empty.textContent = container.dataset.empty || "";
        list.appendChild(empty);
      }
      shown.forEach(function (option, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.className = "list-group-item list-group-item-action pupil-search-option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = option.name;
        item.appendChild(name);
        if (option.group) {
          var group = document.createElement("span");
          group.className = "pupil-search-group";
          group.textContent = option.group;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(group);
        }
        // pointerdown, not click: the input must not lose its list before the tap lands.
        item.addEventListener("pointerdown", function (event) {
          event.preventDefault();
          choose(option);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(shown.length === 1 ? 0 : -1);
    }

    input.value = chosenName();
    input.addEventListener("input", function () {
      if (select.value) {
        select.value = "";  // what is typed now replaces the earlier choice
      }
      render();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) {
          render();
        }
        setActive(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden) {
        event.preventDefault();  // choosing, not submitting the form
        if (active >= 0 && shown[active]) {
          choose(shown[active]);
        }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      close();
      if (!select.value) {
        input.value = "";
      }
    });
  }

  container.querySelectorAll("select[name$='-pupil']").forEach(enhance);
  // Rows added with "Add another pupil" get the search too.
  new MutationObserver(function () {
    container.querySelectorAll("select[name$='-pupil']").forEach(enhance);
  }).observe(container, { childList: true, subtree: true });
})();
