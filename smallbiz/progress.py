"""A one-line progress bar for the management commands that import things."""

import shutil


class ProgressBar:
    """Redraw "Phase [#####.....] 12/40 label" in place when `stdout` is a terminal.

    Elsewhere (a log, a pipe) it writes nothing, or with `lines_elsewhere` a plain
    "Phase: 12 of 40" line each time it is called, for commands that call it rarely.
    """

    def __init__(self, stdout, *, enabled=True, lines_elsewhere=False, width=20):
        self.stdout = stdout
        self.enabled = enabled
        self.on_terminal = enabled and stdout.isatty()
        self.lines_elsewhere = lines_elsewhere
        self.width = width

    def __call__(self, phase, done, total, label=""):
        if not self.enabled or not total:
            return
        if not self.on_terminal:
            if self.lines_elsewhere:
                self.stdout.write(f"{phase}: {done} of {total}")
            return
        columns = shutil.get_terminal_size().columns - 1
        filled = round(self.width * done / total)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"{phase} [{bar}] {done}/{total} {label}".rstrip()
        self.stdout.write("\r" + line[:columns].ljust(columns), ending="")
        self.stdout.flush()

    def clear(self):
        """Wipe the bar, so that what is written next starts on a clean line."""
        if self.on_terminal:
            columns = shutil.get_terminal_size().columns - 1
            self.stdout.write("\r" + " " * columns + "\r", ending="")
