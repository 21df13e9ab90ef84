/*
 * Reorder an article's sections in the admin: drag a section by its handle, or use its
 * "Move up" and "Move down" buttons. Positions are hidden fields; this script numbers them
 * 1, 2, 3… in the order the sections are shown, so editors never type them.
 *
 * Without JavaScript the buttons are not there: the sections keep their order, and new
 * ones are numbered after the others when the article is saved (SectionFormSet).
 */
"use strict";
{
    const PREFIX = "sections";
    const ROW = ".inline-related:not(.empty-form)";

    function sectionRows(group) {
        return Array.from(group.querySelectorAll(ROW));
    }

    function button(direction, arrow, text) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "button section-move";
        element.dataset.move = direction;
        const icon = document.createElement("span");
        icon.setAttribute("aria-hidden", "true");
        icon.textContent = arrow + " ";
        element.append(icon, text);
        return element;
    }

    function addControls(row) {
        if (row.querySelector(".section-order")) {
            return;
        }
        const bar = document.createElement("div");
        bar.className = "section-order";
        // Dragging is for the mouse; keyboard and screen-reader users have the buttons.
        const handle = document.createElement("span");
        handle.className = "section-order-handle";
        handle.draggable = true;
        handle.setAttribute("aria-hidden", "true");
        handle.textContent = "⠿ Drag to move";
        bar.append(handle, button("up", "↑", "Move up"), button("down", "↓", "Move down"));
        row.querySelector("h3").after(bar);
    }

    // Number the hidden positions in the order shown, and keep each section's label and
    // buttons in step with its place.
    function renumber(group) {
        const rows = sectionRows(group);
        rows.forEach(function (row, index) {
            row.querySelector(`input[name$="-position"]`).value = index + 1;
            const label = row.querySelector(".inline_label");
            if (!row.classList.contains("has_original")) {
                label.textContent = label.textContent.replace(/#\d+/, "#" + (index + 1));
            }
            label.id = row.id + "-label";
            row.querySelectorAll(".section-move").forEach(function (move) {
                const atEnd = move.dataset.move === "up" ? index === 0 : index === rows.length - 1;
                move.setAttribute("aria-describedby", label.id);
                move.setAttribute("aria-disabled", atEnd ? "true" : "false");
            });
        });
    }

    // Give saved sections the first form indices and new ones the rest, in the order shown.
    // Django's inline script renames the forms in page order when a new section is removed,
    // which would otherwise give a saved section the index of a new one.
    function reindex(group) {
        const rows = sectionRows(group);
        const saved = rows.filter((row) => row.classList.contains("has_original"));
        const added = rows.filter((row) => !row.classList.contains("has_original"));
        const pattern = new RegExp(PREFIX + "-\\d+", "g");
        saved.concat(added).forEach(function (row, index) {
            const replacement = PREFIX + "-" + index;
            for (const element of [row, ...row.querySelectorAll("*")]) {
                for (const name of ["id", "name", "for", "aria-describedby", "aria-labelledby"]) {
                    const value = element.getAttribute(name);
                    if (value) {
                        element.setAttribute(name, value.replace(pattern, replacement));
                    }
                }
            }
        });
    }

    function announce(group, message) {
        group.querySelector(".section-order-status").textContent = message;
    }

    function announceMove(group, row) {
        const rows = sectionRows(group);
        announce(
            group,
            `Section moved to position ${rows.indexOf(row) + 1} of ${rows.length}`,
        );
    }

    function move(group, control) {
        const row = control.closest(ROW);
        const rows = sectionRows(group);
        const index = rows.indexOf(row);
        if (control.dataset.move === "up" && index > 0) {
            rows[index - 1].before(row);
        } else if (control.dataset.move === "down" && index < rows.length - 1) {
            rows[index + 1].after(row);
        } else {
            const end = control.dataset.move === "up" ? "first" : "last";
            announce(group, `This section is already the ${end}.`);
            return;
        }
        renumber(group);
        announceMove(group, row);
        // Moving the section took focus away from the button that moved it.
        control.focus();
    }

    function enableDragging(group) {
        let dragged = null;
        const clearMarks = function () {
            group.querySelectorAll(".drop-before, .drop-after").forEach(function (row) {
                row.classList.remove("drop-before", "drop-after");
            });
        };
        const dropsAfter = function (event, row) {
            const box = row.getBoundingClientRect();
            return event.clientY > box.top + box.height / 2;
        };
        group.addEventListener("dragstart", function (event) {
            const handle = event.target.closest && event.target.closest(".section-order-handle");
            if (!handle) {
                return;
            }
            dragged = handle.closest(ROW);
            dragged.classList.add("is-dragged");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", "");
            event.dataTransfer.setDragImage(dragged, 16, 16);
        });
        group.addEventListener("dragover", function (event) {
            const row = dragged && event.target.closest(ROW);
            if (!row) {
                return;
            }
            event.preventDefault();
            event.dataTransfer.dropEffect = "move";
            clearMarks();
            if (row !== dragged) {
                row.classList.add(dropsAfter(event, row) ? "drop-after" : "drop-before");
            }
        });
        group.addEventListener("drop", function (event) {
            const row = dragged && event.target.closest(ROW);
            if (!row) {
                return;
            }
            event.preventDefault();
            if (row !== dragged) {
                if (dropsAfter(event, row)) {
                    row.after(dragged);
                } else {
                    row.before(dragged);
                }
                renumber(group);
                announceMove(group, dragged);
            }
        });
        group.addEventListener("dragend", function () {
            if (dragged) {
                dragged.classList.remove("is-dragged");
                dragged = null;
            }
            clearMarks();
        });
    }

    function init(group) {
        const help = document.createElement("p");
        help.className = "help section-order-help";
        help.textContent =
            "To change the order, drag a section by its handle or use its Move up and " +
            "Move down buttons.";
        const status = document.createElement("p");
        status.className = "section-order-status visually-hidden";
        status.setAttribute("role", "status");
        group.querySelector(".inline-heading").after(help, status);

        // After a failed save the forms come back in form order: show them in the order the
        // editor chose. Sections without a number keep their place after the numbered ones.
        const numbered = sectionRows(group).map(function (row, index) {
            const position = parseInt(row.querySelector(`input[name$="-position"]`).value, 10);
            return { row, index, position: position > 0 ? position : Infinity };
        });
        numbered.sort((a, b) => a.position - b.position || a.index - b.index);
        const template = group.querySelector(".empty-form");
        for (const { row } of numbered) {
            row.parentNode.insertBefore(row, template);
        }

        sectionRows(group).forEach(addControls);
        renumber(group);
        enableDragging(group);

        group.addEventListener("click", function (event) {
            const control = event.target.closest(".section-move");
            if (control) {
                move(group, control);
            }
        });
        document.addEventListener("formset:added", function (event) {
            if (event.detail.formsetName === PREFIX) {
                addControls(event.target);
                renumber(group);
            }
        });
        document.addEventListener("formset:removed", function (event) {
            if (event.detail.formsetName === PREFIX) {
                // Django renames the remaining forms just after this event.
                setTimeout(function () {
                    reindex(group);
                    renumber(group);
                });
            }
        });
        group.closest("form").addEventListener("submit", function () {
            renumber(group);
        });
    }

    // Run after Django's inline script, which sets up the rows and the "Add another" link.
    window.django.jQuery(function () {
        const group = document.getElementById(PREFIX + "-group");
        // Editors who may only view an article get no position fields and nothing to move.
        if (group && group.querySelector(`${ROW} input[name$="-position"]`)) {
            init(group);
        }
    });
}
