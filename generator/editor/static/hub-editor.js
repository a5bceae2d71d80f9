/*
 * Peer Support Hub: what the web editor adds to Decap CMS.
 *
 * - previews that show a story as the site shows it (the draft banner, the content notice
 *   first, the storyteller line, the themes, the site's own stylesheets), and events as
 *   the events listing shows them;
 * - a date input in the site's time zone (an event may be all day, or have a time);
 * - optional groups (a picture, a venue) whose required fields are asked for only once
 *   the group is added;
 * - before saving, empty optional values are left out, so a saved file holds what
 *   `peerhub check` expects and nothing else;
 * - no request to any host but this site and the git host the editor saves to.
 *
 * Settings come from the data-hub attribute of this script's tag (see generator/editor).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var hub = JSON.parse((script && script.getAttribute("data-hub")) || "{}");
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var zone = hub.timezone || "Europe/London";

  /* --- No request beyond this site and the git host ----------------------------- */
  // The page's Content-Security-Policy blocks other hosts; this keeps Decap from even
  // trying (e.g. its status check of the git host, every few minutes after login).
  var allowed = [location.origin].concat(hub.connect || []);
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var address = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    var url = new URL(address, location.href);
    if (url.protocol.indexOf("http") === 0 && allowed.indexOf(url.origin) < 0) {
      return Promise.reject(new TypeError("The hub's editor does not contact " + url.origin));
    }
    return realFetch(input, init);
  };

  (hub.styles || []).forEach(function (href) {
    CMS.registerPreviewStyle(href);
  });

  /* --- Dates in the site's time zone ------------------------------------------- */
  function today() {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    }).formatToParts(new Date());
    var get = function (type) {
      return parts.filter(function (p) { return p.type === type; })[0].value;
    };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  var DateControl = createClass({
    componentDidMount: function () {
      if (this.props.value === "{{today}}") this.props.onChange(today());
    },
    set: function (day, time) {
      this.props.onChange(day ? (time ? day + "T" + time : day) : "");
    },
    render: function () {
      var self = this;
      var p = this.props;
      var withTime = p.field.get("time") === true;
      var text = typeof p.value === "string" && p.value !== "{{today}}" ? p.value : "";
      var parts = text.split(/[T ]/);
      var day = parts[0] || "";
      var time = (parts[1] || "").slice(0, 5);
      var note = withTime
        ? "Times are " + zone + " time. Leave the time empty for an all-day event."
        : "Dates are in " + zone + " time.";
      return h("div", {
        className: p.classNameWrapper, "data-hub-widget": "date",
        style: { display: "flex", flexWrap: "wrap", gap: "12px", alignItems: "center" },
      },
        h("input", {
          id: p.forID, type: "date", value: day, disabled: p.isDisabled,
          onChange: function (e) { self.set(e.target.value, time); },
          onFocus: p.setActiveStyle, onBlur: p.setInactiveStyle,
        }),
        withTime ? h("label", null, "Time ",
          h("input", {
            type: "time", value: time, disabled: p.isDisabled,
            onChange: function (e) { self.set(day || today(), e.target.value); },
            onFocus: p.setActiveStyle, onBlur: p.setInactiveStyle,
          })) : null,
        h("button", { type: "button", onClick: function () { self.set(today(), time); } }, "Today"),
        h("span", null, note));
    },
  });
  var DatePreview = function (props) { return h("span", null, props.value || ""); };
  CMS.registerWidget("hub-date", DateControl, DatePreview);

  /* --- Optional groups with required fields ------------------------------------ */
  var object = CMS.getWidget("object");
  function isEmpty(value) {
    if (value === undefined || value === null) return true;
    if (typeof value === "string") return value.trim() === "";
    if (typeof value.size === "number" && typeof value.filter === "function") return value.size === 0;
    return false;
  }
  var OptionalControl = createClass({
    getInitialState: function () { return { open: false }; },
    present: function () { return this.state.open || !isEmpty(this.props.value); },
    validate: function () {
      if (this.present() && this.inner && this.inner.validate) this.inner.validate();
    },
    render: function () {
      var self = this;
      var p = this.props;
      var label = p.field.get("label");
      if (!this.present()) {
        return h("div", { className: p.classNameWrapper, "data-hub-widget": "optional" },
          h("button", { type: "button", onClick: function () { self.setState({ open: true }); } },
            p.field.get("add_label") || "Add " + label));
      }
      var props = Object.assign({}, p, { ref: function (r) { self.inner = r; } });
      return h("div", { "data-hub-widget": "optional" },
        h(object.control, props),
        h("button", {
          type: "button", "data-hub-widget": "optional",
          onClick: function () {
            self.setState({ open: false });
            p.onChange(p.value && p.value.clear ? p.value.clear() : p.value);
          },
        }, "Remove " + label.toLowerCase()));
    },
  });
  CMS.registerWidget("hub-optional", OptionalControl, object.preview);

  /* --- Save only what the model expects ---------------------------------------- */
  // Decap keeps a field someone emptied as "" (and a group as {}); the model says
  // "must not be empty" to those. Leave them out, as if never filled in.
  function clean(value) {
    if (value && typeof value.map === "function" && typeof value.filter === "function" && typeof value.toJS === "function") {
      return value.map(clean).filter(function (v) { return !isEmpty(v); });
    }
    return value;
  }
  // Decap also forgets the order of a group of more than eight fields (an event has
  // twenty): put the keys back in the model's order, so a saved file reads as before.
  function ordered(value, spec) {
    if (!spec || !value || typeof value.toOrderedMap !== "function") return value;
    if (typeof value.get === "function" && typeof value.keySeq === "function" && typeof value.push === "function") {
      return value.map(function (item) { return ordered(item, spec); });  // a list of groups
    }
    var out = value.toOrderedMap().clear();
    spec.keys.concat(value.keySeq().toArray()).forEach(function (key) {
      if (value.has(key) && !out.has(key)) out = out.set(key, ordered(value.get(key), spec.nested[key]));
    });
    return out;
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var spec = (hub.order || {})[entry.get("collection")];
      return clean(ordered(entry.get("data"), spec));
    },
  });

  /* --- Previews as the site shows them ----------------------------------------- */
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function dayInWords(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text || "");
    if (!m) return text || "";
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function timeInWords(text) {
    var m = /[T ](\d{2}):(\d{2})/.exec(text || "");
    if (!m) return "";
    var hour = +m[1], minute = +m[2];
    if (hour === 12 && minute === 0) return "midday";
    if (hour === 0 && minute === 0) return "midnight";
    return (hour % 12 || 12) + (minute ? ":" + m[2] : "") + (hour < 12 ? "am" : "pm");
  }
  function list(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : Array.isArray(value) ? value : [];
  }
  function site(path) { return "../" + path; }
  function draftBanner() {
    return h("div", { className: "hub-draft", role: "status" },
      h("p", null, h("strong", null, "Draft — not public."), " This is a preview; it is not published on the hub."));
  }
  function page() {
    return h("div", { className: "md-container" },
      h("main", { className: "md-main" },
        h("div", { className: "md-main__inner md-grid" },
          h("div", { className: "md-content" },
            h("article", { className: "md-content__inner md-typeset" },
              Array.prototype.slice.call(arguments))))));
  }

  // Decap's preview pane is a document of its own: give it a language and a title.
  var framed = {
    componentDidMount: function () { this.label(); },
    componentDidUpdate: function () { this.label(); },
    label: function () {
      var doc = this.props.document;
      if (!doc) return;
      doc.documentElement.lang = "en";
      var title = this.props.entry.getIn(["data", "title"]);
      doc.title = "Preview: " + (title || this.previewName);
      var frame = this.props.window && this.props.window.frameElement;
      if (frame) frame.title = "Preview of the " + this.previewName;  // Decap's pane has none
    },
  };

  var StoryPreview = createClass({
    mixins: [framed],
    previewName: "story",
    render: function () {
      var data = this.props.entry.get("data");
      var get = function (path) { return data.getIn(path.split(".")); };
      var notes = list(get("content_notes"));
      var themes = list(get("themes"));
      var tags = list(get("tags"));
      var role = (hub.roles || {})[get("storyteller.role")] || get("storyteller.role") || "";
      var name = get("storyteller.name") || "";
      var team = get("storyteller.team");
      var words = String(get("body") || "").split(/\s+/).filter(Boolean).length;
      var image = get("image.src");
      var help = hub.help || { lines: [], url: "help/" };
      return page(
        get("status") !== "published" ? draftBanner() : null,
        h("h1", null, get("title") || ""),
        notes.length ? h("div", { className: "hub-content-notice", role: "note", "aria-labelledby": "content-notice-heading" },
          h("p", { id: "content-notice-heading" }, h("strong", null, "Content notice."), " This story talks about " + notes.join(", ") + "."),
          h("p", null, "You may want to read it at a time that feels right for you, or ",
            h("a", { href: "#support" }, "skip the story and go to support"), ".")) : null,
        h("p", { className: "hub-meta hub-story-byline" },
          [name, role, team].filter(Boolean).join(", "), h("br"),
          h("time", { dateTime: get("date") || "" }, dayInWords(get("date"))),
          " · " + Math.max(1, Math.ceil(words / 200)) + " minute read"),
        image ? h("figure", { className: "hub-story-image" },
          h("img", { src: String(this.props.getAsset(image)), alt: get("image.alt") || "" })) : null,
        h("div", { className: "hub-story-body" }, this.props.widgetFor("body")),
        get("quote") ? h("blockquote", { className: "hub-quote" },
          h("p", null, get("quote")), h("footer", null, name + ", " + role)) : null,
        themes.length || tags.length ? h("div", { className: "hub-story-tags" },
          themes.length ? h("p", { className: "hub-tags" }, h("span", { className: "hub-tags__label" }, "Themes:"), " ",
            themes.map(function (t, i) {
              return h("span", { key: t }, h("a", { href: site("stories/themes/" + t + "/") }, (hub.themes || {})[t] || t),
                i < themes.length - 1 ? ", " : "");
            })) : null,
          tags.length ? h("p", { className: "hub-tags" }, h("span", { className: "hub-tags__label" }, "Tags:"), " " + tags.join(", ")) : null) : null,
        h("section", { className: "hub-support", id: "support", "aria-labelledby": "support-heading" },
          h("h2", { id: "support-heading" }, "Support after reading"),
          h("p", null, "If this story brought up difficult feelings, you do not have to manage them alone." +
            (help.lines.length ? " Need help now? These services are free:" : "")),
          help.lines.length ? h("ul", { className: "hub-support__lines" }, help.lines.map(function (line) {
            return h("li", { key: line.name }, h("a", { href: line.href }, line.name + ": ", h("strong", null, line.number)),
              line.when ? ", " + line.when : "");
          })) : null,
          h("p", null, h("a", { href: site(help.url) }, "More ways to get help"))));
    },
  });
  CMS.registerPreviewTemplate("stories", StoryPreview);

  var EventsPreview = createClass({
    mixins: [framed],
    previewName: "events",
    render: function () {
      var data = this.props.entry.get("data");
      var events = list(data.get("events"));
      return page(
        h("h1", null, "Events"),
        h("p", null, "Every event in the file, as cards on the events listing show them. Drafts are shown only in the preview."),
        h("ul", { className: "hub-card-list" }, events.map(function (e, i) {
          var when = dayInWords(e.start) + (timeInWords(e.start) ? ", " + timeInWords(e.start) : "") +
            (e.end && timeInWords(e.end) ? " to " + timeInWords(e.end) : "");
          var where = [e.venue && e.venue.name, e.online ? "Online" : null].filter(Boolean).join(" and ");
          return h("li", { className: "hub-card", key: e.id || i },
            h("h2", { className: "hub-card__title" }, e.title || "",
              e.status && e.status !== "scheduled" ? h("span", { className: "hub-status hub-status--" + e.status }, " " + e.status) : null),
            h("p", { className: "hub-meta" }, h("time", { className: "hub-when", dateTime: e.start || "" }, when),
              where ? " · " + where : "", e.draft ? h("span", null, " · ", h("strong", null, "Draft — not public")) : null),
            h("p", null, e.summary || ""));
        })));
    },
  });
  CMS.registerPreviewTemplate("events", EventsPreview);

  // Vacancies as the listing's cards show them: open posts closing soonest first, then
  // drafts and closed posts, each saying so (generator/templates/_macros.j2 vacancy_card).
  var CONTRACTS = { "permanent": "Permanent", "fixed-term": "Fixed term", "bank": "Bank (hours when needed)",
    "secondment": "Secondment" };
  function pounds(n) { return "£" + Number(n).toLocaleString("en-GB"); }
  var VacanciesPreview = createClass({
    mixins: [framed],
    previewName: "vacancies",
    render: function () {
      var posts = list(this.props.entry.get("data").get("vacancies"));
      var now = today();
      var state = function (v) {
        return v.status !== "published" ? "draft" : (String(v.closes || "") >= now ? "open" : "closed");
      };
      var order = { open: 0, draft: 1, closed: 2 };
      posts = posts.slice().sort(function (a, b) {
        return order[state(a)] - order[state(b)] || String(a.closes || "").localeCompare(String(b.closes || ""));
      });
      return page(
        h("h1", null, "Vacancies"),
        h("p", null, "Every post in the file, as cards on the vacancies page show them. Only open posts are public: " +
          "published, and not past their closing date. Drafts are shown only in the preview."),
        h("ul", { className: "hub-card-list" }, posts.map(function (v, i) {
          var where = v.location && v.location.name;
          var pay = v.salary && v.salary.min ? pounds(v.salary.min) + (v.salary.max && v.salary.max !== v.salary.min ?
            " to " + pounds(v.salary.max) : "") + " a year" : null;
          var hours = v.hours ? v.hours + " hours a week (" + (v.hours >= 37.5 ? "full" : "part") + " time)" : null;
          var facts = [v.band ? "Band " + v.band : null, pay, hours, CONTRACTS[v.contract] || v.contract].filter(Boolean);
          var s = state(v);
          return h("li", { className: "hub-card hub-card--vacancy", key: v.id || i },
            h("h2", { className: "hub-card__title" }, v.title || "",
              s === "closed" ? h("span", { className: "hub-status hub-status--closed" }, " Closed") : null),
            h("p", { className: "hub-meta" }, [v.team !== where ? v.team : null, where].filter(Boolean).join(" · "),
              s === "draft" ? h("span", null, " · ", h("strong", null, "Draft — not public")) : null),
            facts.length ? h("p", { className: "hub-meta" }, facts.join(" · ")) : null,
            h("p", null, v.summary || ""),
            h("p", { className: "hub-meta hub-closes" }, h("strong", null, "Closing date:"), " ",
              h("time", { dateTime: v.closes || "" }, dayInWords(v.closes)), " (apply by the end of the day)"));
        })));
    },
  });
  CMS.registerPreviewTemplate("vacancies", VacanciesPreview);
})();
