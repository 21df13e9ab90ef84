"use strict";
// The article form's live preview, autosave and leave-page warning. The endpoints are in
// articles/admin_views.py; without this script the form works as it always did.
{
    const PREVIEW_DELAY = 700;  // ms after the last keystroke
    const AUTOSAVE_DELAY = 3000;
    const WIDTHS = {desktop: 1280, phone: 375};
    const STORAGE_KEY = "smallbiz.articlePreview";
    // Fields that say how the form is built, not what the article says.
    const NOT_CONTENT = /^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-\d+-(id|article)$|__prefix__/;
    const POSITION = /^sections-(\d+)-position$/;

    const form = document.getElementById("article_form");
    const editable = form && form.elements.namedItem("title") && !form.elements.namedItem("_popup");

    // The change form is .../article/<id>/change/ and its endpoints .../article/<id>/preview/
    // and so on; the add form is .../article/add/, its endpoints .../article/add/preview/...
    const base = location.pathname.replace(/change\/$/, "");
    const urls = {
        preview: `${base}preview/`,
        autosave: `${base}autosave/`,
        discard: `${base}autosave/discard/`,
    };

    function element(tag, properties = {}, ...children) {
        const node = Object.assign(document.createElement(tag), properties);
        node.append(...children);
        return node;
    }

    const clock = () => new Date().toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});

    // The form's fields as they would be posted, without files.
    function formFields() {
        const fields = new URLSearchParams();
        for (const [name, value] of new FormData(form)) {
            if (typeof value === "string") {
                fields.append(name, value);
            }
        }
        return fields;
    }

    // A comparable summary of what the fields say, whatever their order or line endings.
    // Of the sections' positions it keeps only the order they put the sections in: the
    // sections' script numbers them 1, 2, 3… when the page loads, which changes nothing.
    function summary(pairs) {
        const grouped = {};
        const positions = [];
        for (const [name, value] of pairs) {
            const position = name.match(POSITION);
            if (position) {
                // As the sections' script orders them: unnumbered ones last, in form order.
                positions.push([Number(value) > 0 ? Number(value) : Infinity, Number(position[1]), name]);
            } else if (!NOT_CONTENT.test(name) && value !== "") {
                (grouped[name] ||= []).push(value.replace(/\r\n?/g, "\n"));
            }
        }
        positions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        grouped[" order"] = positions.map(([, , name]) => name);
        return JSON.stringify(Object.keys(grouped).sort().map((name) => [name, grouped[name]]));
    }

    const pairsOf = (data) => Object.entries(data).flatMap(
        ([name, values]) => values.map((value) => [name, value])
    );

    const bar = element("div", {className: "sb-editor-bar"});

    /* Leave-page warning -------------------------------------------------------------- */

    let submitting = false;
    // What the form said once every script had set it up (sections.js numbers the
    // sections' positions when the page is ready); taken when the wiring below runs.
    let loaded = null;
    // A form sent back with errors holds text that was not saved.
    const sentBack = Boolean(form && form.querySelector(".errornote"));
    const hasChanges = () => sentBack || summary(formFields()) !== loaded
        || [...form.querySelectorAll("input[type=file]")].some((input) => input.files.length);

    /* Autosave ------------------------------------------------------------------------ */

    const autosave = {
        timer: null,
        inFlight: null,
        // What the server holds: nothing to save until the text differs from the page's
        // (or, on a form sent back with errors, what it says). Set when the wiring runs.
        saved: null,
        // Until the editor has answered the offer of an earlier autosave, keep it.
        paused: true,
        status: element("p", {className: "sb-autosave-status"}),

        schedule() {
            clearTimeout(this.timer);
            this.timer = setTimeout(() => this.save(), AUTOSAVE_DELAY);
        },

        save() {
            if (submitting || this.paused) {
                return;
            }
            if (this.inFlight) {
                this.schedule();
                return;
            }
            const fields = formFields();
            const key = summary(fields);
            if (key === this.saved) {
                return;
            }
            this.inFlight = fetch(urls.autosave, {method: "POST", body: fields})
                .then((response) => {
                    if (!response.ok) {
                        throw new Error(`autosave answered ${response.status}`);
                    }
                    this.saved = key;
                    this.status.textContent = `Draft autosaved at ${clock()}; not saved to the article yet.`;
                    this.status.classList.remove("sb-error");
                })
                .catch(() => {
                    this.status.textContent = "Autosave failed (you may have been signed out): "
                        + "what you type now is not kept until the article is saved.";
                    this.status.classList.add("sb-error");
                })
                .finally(() => {
                    this.inFlight = null;
                });
        },

        // Closing the tab: send what the last autosave missed.
        flush() {
            const fields = formFields();
            if (!submitting && !this.paused && summary(fields) !== this.saved) {
                navigator.sendBeacon(urls.autosave, fields);
            }
        },

        // Offer back an autosave that the server has, unless the form already says the same.
        async offer() {
            let found = null;
            try {
                const response = await fetch(urls.autosave, {headers: {Accept: "application/json"}});
                found = response.status === 200 ? await response.json() : null;
            } catch {
                found = null;
            }
            if (!found || summary(pairsOf(found.data)) === summary(formFields())) {
                this.resume();
                return;
            }
            const when = element("time", {dateTime: found.saved_at, textContent: found.saved_at_text});
            const text = element("p", {tabIndex: -1}, "You have unsaved changes from ", when, ".");
            const restore = element("button", {type: "button", className: "button", textContent: "Restore them"});
            const discard = element("button", {type: "button", className: "button", textContent: "Discard"});
            const notice = element(
                "div", {className: "sb-autosave-notice"},
                text, element("p", {className: "sb-autosave-actions"}, restore, " ", discard),
            );
            notice.setAttribute("role", "region");
            notice.setAttribute("aria-label", "Unsaved changes");
            bar.before(notice);
            const answered = (...message) => {
                text.replaceChildren(...message);
                restore.parentNode.remove();
                text.focus();
                this.resume();
            };
            restore.addEventListener("click", () => {
                restoreFields(found);
                answered("Your changes from ", when, " are back in the form. Save to keep them.");
            });
            discard.addEventListener("click", async () => {
                const fields = new URLSearchParams({csrfmiddlewaretoken: formFields().get("csrfmiddlewaretoken")});
                const response = await fetch(urls.discard, {method: "POST", body: fields}).catch(() => null);
                if (response && response.ok) {
                    answered("The changes from ", when, " were discarded.");
                } else {
                    text.replaceChildren("The changes from ", when, " could not be discarded. Try again.");
                }
            });
        },

        resume() {
            this.paused = false;
            this.schedule();
        },
    };

    // Put an autosave's values into the form, adding section rows it needs.
    function restoreFields({data, labels}) {
        for (const [name, values] of Object.entries(data)) {
            const prefix = name.match(/^(.+)-TOTAL_FORMS$/);
            const total = prefix && form.elements.namedItem(name);
            const add = prefix && document.querySelector(`#${CSS.escape(prefix[1])}-group .add-row a`);
            while (total && add && Number(total.value) < Number(values[0])) {
                const before = total.value;
                add.click();
                if (total.value === before) {
                    break;
                }
            }
        }
        for (const field of [...form.elements]) {
            const {name, type} = field;
            if (!name || NOT_CONTENT.test(name) || ["file", "submit", "button"].includes(type)) {
                continue;
            }
            const values = data[name] || [];
            if (type === "checkbox" || type === "radio") {
                field.checked = values.includes(field.value);
            } else if (!(name in data)) {
                continue;
            } else if (type === "select-multiple") {
                // An autocomplete list holds only the options chosen when the page was made.
                for (const value of values) {
                    if (![...field.options].some((option) => option.value === value)) {
                        field.add(new Option((labels[name] || {})[value] || value, value));
                    }
                }
                for (const option of field.options) {
                    option.selected = values.includes(option.value);
                }
            } else {
                field.value = values[0] ?? "";
            }
            // One field at a time, in order, so that the slug typed is not overwritten from
            // the title (prepopulate.js) and other scripts see the change.
            field.dispatchEvent(new Event("input", {bubbles: true}));
            field.dispatchEvent(new Event("change", {bubbles: true}));
        }
    }

    /* Live preview -------------------------------------------------------------------- */

    // Whether the preview was open, and at which width, last time (in this browser).
    function readStored() {
        try {
            return JSON.parse(localStorage.getItem(STORAGE_KEY)) || {};
        } catch {
            return {};
        }
    }

    const stored = readStored();
    const preview = {
        open: false,
        // Until the editor picks one, the width of the screen they are on.
        width: stored.width in WIDTHS ? stored.width : (innerWidth < 800 ? "phone" : "desktop"),
        timer: null,
        loading: false,
        pending: false,
        frames: 0,
        current: null,

        build() {
            this.toggle = element("button", {
                type: "button", className: "button sb-preview-toggle", textContent: "Show preview",
            });
            this.toggle.setAttribute("aria-expanded", "false");
            this.toggle.setAttribute("aria-controls", "sb-preview");
            this.toggle.addEventListener("click", () => this.show(!this.open));

            const close = element("button", {
                type: "button", className: "button sb-preview-close", textContent: "Hide preview",
            });
            close.addEventListener("click", () => {
                this.show(false);
                this.toggle.focus();
            });
            const widths = element("fieldset", {className: "sb-preview-widths"},
                element("legend", {textContent: "Width"}));
            for (const [name, label] of [["desktop", "Desktop (1280 px)"], ["phone", "Phone (375 px)"]]) {
                const radio = element("input", {
                    type: "radio", name: "sb-preview-width", value: name, id: `sb-preview-${name}`,
                    checked: name === this.width,
                });
                radio.addEventListener("change", () => this.resize(name));
                widths.append(element("label", {htmlFor: radio.id}, radio, ` ${label}`));
            }
            this.status = element("p", {className: "sb-preview-status"});
            this.error = element("p", {className: "sb-preview-error", hidden: true});
            this.viewport = element("div", {className: "sb-preview-viewport"});
            const heading = element("h2", {id: "sb-preview-heading", textContent: "Preview (not saved)"});
            this.panel = element(
                "section", {id: "sb-preview", className: "sb-preview", hidden: true},
                element("div", {className: "sb-preview-header"}, heading, widths, close),
                this.status, this.error, this.viewport,
            );
            this.panel.setAttribute("aria-labelledby", heading.id);
            // Not inside the form: the panel's own controls are not the article's fields.
            bar.after(this.panel);
            this.poster = element("form", {method: "post", action: urls.preview, hidden: true});
            document.body.append(this.poster);
            new ResizeObserver(() => this.fit()).observe(this.viewport);
        },

        remember() {
            try {
                localStorage.setItem(STORAGE_KEY, JSON.stringify({open: this.open, width: this.width}));
            } catch {
                // Storage refused (a private window, say): the preview just starts closed.
            }
        },

        show(open) {
            this.open = open;
            this.panel.hidden = !open;
            document.body.classList.toggle("sb-preview-open", open);
            this.toggle.textContent = open ? "Hide preview" : "Show preview";
            this.toggle.setAttribute("aria-expanded", String(open));
            this.remember();
            if (open) {
                this.refresh();
            }
        },

        resize(width) {
            this.width = width;
            this.remember();
            this.fit();
        },

        // Show the page at its real width, scaled down to fit the panel.
        fit() {
            const width = WIDTHS[this.width];
            if (!this.viewport.clientWidth) {
                return;
            }
            const scale = Math.min(1, this.viewport.clientWidth / width);
            for (const frame of this.viewport.querySelectorAll("iframe")) {
                frame.style.width = `${width}px`;
                frame.style.height = `${this.viewport.clientHeight / scale}px`;
                frame.style.transform = `translateX(-50%) scale(${scale})`;
            }
            this.viewport.dataset.width = this.width;
        },

        schedule() {
            if (this.open) {
                clearTimeout(this.timer);
                this.timer = setTimeout(() => this.refresh(), PREVIEW_DELAY);
            }
        },

        // Post the fields into a new frame and swap it in once loaded: the old one stays
        // until then, and a new frame's first page adds nothing to the browser's history.
        refresh() {
            if (!this.open || submitting) {
                return;
            }
            if (this.loading) {
                this.pending = true;
                return;
            }
            this.loading = true;
            this.status.textContent = "Updating…";
            this.frames += 1;
            const frame = element("iframe", {
                name: `sb-preview-frame-${this.frames}`,
                title: "Preview of the article page with your unsaved changes",
                className: "sb-preview-frame sb-loading",
            });
            frame.addEventListener("load", () => this.loaded(frame));
            this.viewport.append(frame);
            this.fit();
            this.poster.replaceChildren(...[...formFields()].map(
                ([name, value]) => Object.assign(document.createElement("textarea"), {name, value})
            ));
            this.poster.target = frame.name;
            this.poster.submit();
            // The submission has its fields: leave no second copy of their names in the page.
            this.poster.replaceChildren();
        },

        loaded(frame) {
            let page = null;
            try {
                page = frame.contentDocument;
            } catch {
                page = null;
            }
            if (page && page.URL === "about:blank") {
                return;
            }
            this.loading = false;
            if (page && page.body) {
                const previous = this.current;
                if (previous && previous.contentWindow) {
                    frame.contentWindow.scrollTo(0, previous.contentWindow.scrollY);
                }
                previous && previous.remove();
                frame.classList.remove("sb-loading");
                this.current = frame;
                keepInFrame(page);
                // A page that says why there is no preview, too small to read when scaled.
                const message = "previewMessage" in page.body.dataset ? page.body.textContent.trim() : "";
                this.error.textContent = message;
                this.error.hidden = !message;
                this.error.classList.remove("sb-error");
                this.status.textContent = `Updated at ${clock()}. Nothing is saved or published.`;
            } else {
                frame.remove();
                this.error.hidden = false;
                this.error.classList.add("sb-error");
                this.error.textContent = "The preview could not be loaded (you may have been "
                    + "signed out). Your text is still in the form.";
                this.status.textContent = "";
            }
            if (this.pending) {
                this.pending = false;
                this.refresh();
            }
        },
    };

    // Links in the preview open in a new tab (or scroll the preview, for the page's own
    // #links), and its forms do nothing: the frame always shows this article.
    function keepInFrame(page) {
        page.addEventListener("click", (event) => {
            const link = event.target.closest && event.target.closest("a[href]");
            if (!link) {
                return;
            }
            event.preventDefault();
            const href = link.getAttribute("href");
            if (href.startsWith("#")) {
                const target = page.getElementById(decodeURIComponent(href.slice(1)));
                target && target.scrollIntoView();
            } else {
                window.open(link.href, "_blank", "noopener");
            }
        });
        page.addEventListener("submit", (event) => event.preventDefault());
    }

    /* Wiring -------------------------------------------------------------------------- */

    function wire() {
        loaded = summary(formFields());
        autosave.saved = sentBack ? null : loaded;
        form.before(bar);
        preview.build();
        bar.append(preview.toggle, autosave.status);
        if (stored.open) {
            preview.show(true);
        }
        autosave.offer();

        const edited = () => {
            autosave.schedule();
            preview.schedule();
        };
        form.addEventListener("input", edited);
        form.addEventListener("change", edited);
        document.addEventListener("formset:added", edited);
        document.addEventListener("formset:removed", edited);

        form.addEventListener("submit", (event) => {
            // An autosave still on its way could land after the save and outlive it: wait.
            if (autosave.inFlight) {
                event.preventDefault();
                autosave.inFlight.finally(() => form.requestSubmit(event.submitter));
                return;
            }
            submitting = true;
            clearTimeout(autosave.timer);
            clearTimeout(preview.timer);
            // Another script may still cancel the submission.
            setTimeout(() => {
                submitting = !event.defaultPrevented;
            });
        });
        window.addEventListener("beforeunload", (event) => {
            if (!submitting && hasChanges()) {
                event.preventDefault();
                event.returnValue = "";
            }
        });
        window.addEventListener("pagehide", () => autosave.flush());
    }

    // Run after the admin's own ready handlers (the inlines, then sections.js), which fill
    // in fields: what they set is how the page was loaded, not a change to keep or warn of.
    if (editable) {
        window.django.jQuery(wire);
    }
}
