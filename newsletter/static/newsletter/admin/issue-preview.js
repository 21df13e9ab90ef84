"use strict";
// The e-zine preview page: show the email at the width chosen, scaled down to fit the
// panel, as a mail program that wide would lay it out. Without this script the frame
// fills the panel (or, for Phone, 375 px of it).
//
// The frame is scaled with CSS zoom rather than a transform, so that its box on the page is
// the size it looks: a transformed frame keeps its full-size box, which would reach under
// the text version and the form beside and below it.
{
    const WIDTHS = {desktop: 800, phone: 375};
    const viewport = document.querySelector(".issue-preview-viewport");
    const frame = viewport && viewport.querySelector(".issue-preview-frame");
    const choices = document.querySelectorAll("input[name=issue-preview-width]");

    function chosen() {
        const checked = [...choices].find((choice) => choice.checked);
        return checked ? checked.value : "desktop";
    }

    function fit() {
        const width = WIDTHS[chosen()];
        if (!viewport.clientWidth) {
            return;
        }
        const scale = Math.min(1, viewport.clientWidth / width);
        frame.style.width = `${width}px`;
        frame.style.height = `${viewport.clientHeight / scale}px`;
        frame.style.zoom = String(scale);
        viewport.dataset.width = chosen();
    }

    if (frame) {
        // On a phone, start with the phone's width.
        if (innerWidth < 800) {
            document.getElementById("issue-preview-phone").checked = true;
        }
        viewport.classList.add("is-scaled");
        for (const choice of choices) {
            choice.addEventListener("change", fit);
        }
        new ResizeObserver(fit).observe(viewport);
        fit();
    }
}
