/* Commune or ward picker of the portal form: type part of the name (diacritics optional), pick from the list.
   A combobox with a listbox (ARIA 1.2 pattern), no library. Without script the typed name is resolved by the
   server, which offers a choice when several communes match. */
(function () {
  "use strict";
  var input = document.querySelector("[data-commune-search]");
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var url = input.getAttribute("data-commune-search");
  var items = [], active = -1, timer = null, sequence = 0;

  function hidden() { return form.querySelector("input[type=hidden][name=unit]"); }

  function setExpanded(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { active = -1; input.removeAttribute("aria-activedescendant"); }
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    active = index;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({block: "nearest"});
    }
  }

  function choose(index) {
    var unit = items[index];
    if (!unit) { return; }
    input.value = unit.name;
    var field = hidden();
    if (field) { field.value = unit.id; }
    var choices = document.getElementById("commune-choices");
    if (choices) {  // the server's "which one?" radios: the list has answered that question
      choices.parentNode.replaceChild(hiddenUnit(unit.id), choices);
    }
    setExpanded(false);
  }

  function hiddenUnit(id) {
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "unit";
    field.value = id;
    return field;
  }

  function render() {
    list.textContent = "";
    items.forEach(function (unit, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.className = "list-group-item list-group-item-action";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = unit.name;
      if (unit.parent) {
        var parent = document.createElement("small");
        parent.className = "text-muted ms-1";
        parent.textContent = unit.parent;
        option.appendChild(parent);
      }
      option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
      list.appendChild(option);
    });
    setExpanded(items.length > 0);
  }

  function search() {
    var text = input.value.trim();
    var mine = ++sequence;
    if (text.length < 2) { items = []; render(); return; }
    fetch(url + "?q=" + encodeURIComponent(text), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {results: []}; })
      .then(function (data) {
        if (mine !== sequence) { return; }  // an older answer arriving late
        items = data.results || [];
        render();
      })
      .catch(function () { items = []; render(); });
  }

  input.addEventListener("input", function () {
    var field = hidden();
    if (field) { field.value = ""; }  // the name changed: the server resolves it again
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      if (list.hidden) { setExpanded(true); }
      highlight(Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      setExpanded(false);
    }
  });
  input.addEventListener("blur", function () { setExpanded(false); });
})();
