"use strict";
// Formatting buttons and a Markdown cheat sheet for the article form's Markdown fields: the
// introduction and each section's body, including sections added on the page.
{
    const FIELDS = 'textarea[name="intro"], textarea[name^="sections-"][name$="-body"]';

    // Inside a section (whose heading is an h2) a heading is an h3; in the intro, an h2.
    const headingPrefix = (textarea) => (textarea.name === "intro" ? "## " : "### ");

    const ACTIONS = [
        {label: "Bold", shortcut: "b", run: (textarea) => wrap(textarea, "**", "**", "bold text")},
        {label: "Italic", shortcut: "i", run: (textarea) => wrap(textarea, "*", "*", "italic text")},
        {label: "Link", run: link},
        {label: "List", run: (textarea) => prefixLines(textarea, "- ")},
        {label: "Heading", run: (textarea) => prefixLines(textarea, headingPrefix(textarea))},
    ];

    const CHEAT_SHEET = [
        ["**bold**", "strong", "bold"],
        ["*italic*", "em", "italic"],
        ["[a link](https://example.com)", null, "a link to that address"],
        ["- an item (one per line)", null, "a bulleted list"],
        ["1. an item (one per line)", null, "a numbered list"],
        ["### A heading", null, "a heading inside a section (## in the introduction)"],
        ["(an empty line)", null, "a new paragraph"],
    ];

    // Replace start..end with text, then select selectStart..selectEnd of the new text. The
    // browser's own insertText keeps the change undoable and fires the input event.
    function replace(textarea, start, end, text, selectStart, selectEnd) {
        textarea.focus();
        textarea.setSelectionRange(start, end);
        if (!document.execCommand("insertText", false, text)) {
            textarea.setRangeText(text, start, end);
            textarea.dispatchEvent(new Event("input", {bubbles: true}));
        }
        textarea.setSelectionRange(start + selectStart, start + selectEnd);
    }

    function wrap(textarea, before, after, placeholder) {
        const {selectionStart: start, selectionEnd: end, value} = textarea;
        const selected = value.slice(start, end) || placeholder;
        replace(textarea, start, end, before + selected + after,
            before.length, before.length + selected.length);
    }

    function link(textarea) {
        const {selectionStart: start, selectionEnd: end, value} = textarea;
        const selected = value.slice(start, end);
        if (/^https?:\/\/\S+$/.test(selected)) {
            replace(textarea, start, end, `[link text](${selected})`, 1, 10);
        } else {
            const text = selected || "link text";
            // Select the address so that typing replaces it.
            replace(textarea, start, end, `[${text}](https://)`, text.length + 3, text.length + 11);
        }
    }

    // Start each selected line (or the current one) with prefix, replacing any list marker
    // or heading marker it had.
    function prefixLines(textarea, prefix) {
        const {selectionStart, selectionEnd, value} = textarea;
        const start = value.lastIndexOf("\n", selectionStart - 1) + 1;
        let end = value.indexOf("\n", Math.max(selectionEnd - 1, selectionStart));
        if (end === -1) {
            end = value.length;
        }
        const lines = value.slice(start, end).split("\n").map((line) => (
            line.trim() ? prefix + line.replace(/^\s*(?:#+|[-*+]|\d+\.)\s+/, "") : line
        ));
        const text = lines.join("\n") || prefix;
        replace(textarea, start, end, text, text.length, text.length);
    }

    // A toolbar is one Tab stop; the arrow keys, Home and End move between its buttons.
    function moveFocus(toolbar, event) {
        const buttons = [...toolbar.querySelectorAll("button")];
        const current = buttons.indexOf(document.activeElement);
        const next = {
            ArrowRight: current + 1,
            ArrowLeft: current - 1,
            Home: 0,
            End: buttons.length - 1,
        }[event.key];
        if (next === undefined || current === -1) {
            return;
        }
        event.preventDefault();
        const target = buttons[(next + buttons.length) % buttons.length];
        for (const button of buttons) {
            button.tabIndex = button === target ? 0 : -1;
        }
        target.focus();
    }

    function makeToolbar(textarea) {
        const toolbar = document.createElement("div");
        toolbar.className = "sb-md-toolbar";
        toolbar.setAttribute("role", "toolbar");
        toolbar.setAttribute("aria-label", "Markdown formatting");
        toolbar.setAttribute("aria-controls", textarea.id);
        ACTIONS.forEach((action, index) => {
            const button = document.createElement("button");
            button.type = "button";
            button.className = `sb-md-${action.label.toLowerCase()}`;
            button.textContent = action.label;
            button.tabIndex = index === 0 ? 0 : -1;
            if (action.shortcut) {
                button.setAttribute("aria-keyshortcuts", `Control+${action.shortcut.toUpperCase()}`);
                button.title = `${action.label} (Ctrl+${action.shortcut.toUpperCase()})`;
            }
            button.addEventListener("click", () => action.run(textarea));
            toolbar.append(button);
        });
        toolbar.addEventListener("keydown", (event) => moveFocus(toolbar, event));
        return toolbar;
    }

    function makeCheatSheet() {
        const details = document.createElement("details");
        details.className = "sb-md-help";
        const summary = document.createElement("summary");
        summary.textContent = "Markdown cheat sheet";
        const table = document.createElement("table");
        const head = table.createTHead().insertRow();
        for (const title of ["You type", "You get"]) {
            const th = document.createElement("th");
            th.scope = "col";
            th.textContent = title;
            head.append(th);
        }
        const body = table.createTBody();
        for (const [typed, tag, result] of CHEAT_SHEET) {
            const row = body.insertRow();
            const code = document.createElement("code");
            code.textContent = typed;
            row.insertCell().append(code);
            const shown = document.createElement(tag || "span");
            shown.textContent = result;
            row.insertCell().append(shown);
        }
        details.append(summary, table);
        return details;
    }

    function enhance(textarea) {
        // The inline's hidden template row is copied for each new section: leave it bare.
        if (textarea.dataset.markdownToolbar || textarea.closest(".empty-form")) {
            return;
        }
        textarea.dataset.markdownToolbar = "on";
        const editor = document.createElement("div");
        editor.className = "sb-md-editor";
        textarea.replaceWith(editor);
        editor.append(makeToolbar(textarea), textarea, makeCheatSheet());
        textarea.addEventListener("keydown", (event) => {
            if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
                return;
            }
            const action = ACTIONS.find((item) => item.shortcut === event.key.toLowerCase());
            if (action) {
                event.preventDefault();
                action.run(textarea);
            }
        });
    }

    function enhanceAll() {
        document.querySelectorAll(FIELDS).forEach(enhance);
    }

    const form = document.getElementById("article_form");
    if (form) {
        enhanceAll();
        // Sections added with "Add another Section" (or by any other script).
        new MutationObserver(enhanceAll).observe(form, {childList: true, subtree: true});
    }
}
