// The papergraph query page: YASGUI pointed at this server's /sparql, with no
// request to anywhere else (no prefix.cc, no LOV autocompletion, no catalogue).
(function () {
  "use strict";
  var endpoint = new URL("sparql", document.baseURI).href;
  document.getElementById("endpoint").textContent = endpoint;
  var select = document.getElementById("examples");
  var description = document.getElementById("description");
  var queries = {};

  function start(list) {
    list.forEach(function (q) {
      queries[q.name] = q;
      var option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.name + " — " + q.description;   // text, never markup
      select.appendChild(option);
    });
    Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    var yasqe = { autocompleters: ["prefixes", "variables"] };
    if (queries.kinds) { yasqe.value = queries.kinds.text; }
    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: null,
      yasqe: yasqe
    });
    window.papergraphYasgui = yasgui;
    select.addEventListener("change", function () {
      var q = queries[select.value];
      if (!q) { return; }
      description.textContent = q.description;
      yasgui.getTab().setQuery(q.text);
    });
  }

  fetch("queries.json")
    .then(function (r) { return r.ok ? r.json() : []; })
    .catch(function () { return []; })
    .then(start);
})();
