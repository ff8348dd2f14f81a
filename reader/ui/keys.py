"""Every key of the app in one table: bindings, the footer, the help screen and the command
palette are all made from it, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(eq=False, frozen=True, slots=True)
class Key:
    """One key binding with its help text, so the footer, the help screen and the palette say the same."""

    keys: str
    """Textual key names, comma-separated."""
    action: str
    title: str
    """Short: the footer's label and the command palette's entry."""
    help: str
    """What it does, for the help screen and under the palette entry."""
    shown: str
    """The keys as the help screen prints them."""
    footer: bool = False
    palette: bool = True
    """Listed in the command palette (moving one line at a time is not worth an entry)."""
    priority: bool = False
    """Acted on as the key arrives, before the keys behind it go anywhere."""


READING_KEYS: tuple[Key, ...] = (
    Key("j,down", "scroll_lines(1)", "Line down", "Scroll down one line (selecting: extend it)", "j  ↓"),
    Key("k,up", "scroll_lines(-1)", "Line up", "Scroll up one line (selecting: draw it back)", "k  ↑"),
    Key("space,pagedown", "scroll_pages(1)", "Page down", "Scroll down one screen", "space  PageDown"),
    Key("shift+space,pageup", "scroll_pages(-1)", "Page up", "Scroll up one screen", "shift+space  PageUp"),
    Key("g,home", "top", "Top", "Go to the top of the article", "g  Home"),
    Key("G,end", "end", "End", "Go to the end of the article", "G  End"),
    Key("right_square_bracket", "next_section", "Next section", "Jump to the next section", "]", footer=True),
    Key("left_square_bracket", "previous_section", "Previous section", "Jump to the previous section", "["),
    Key("t", "toggle_contents", "Contents", "Show or hide the contents pane", "t"),
    # A priority key: what is typed right behind it (a paste, a fast typist) goes into the
    # search box, not to the reading pane's keys.
    Key("slash", "search", "Search", "Search the article (Esc closes the search)", "/", footer=True, priority=True),
    Key("n", "next_match", "Next match", "Go to the next search match", "n"),
    Key("N", "previous_match", "Previous match", "Go to the previous search match", "N"),
    Key("f", "links", "Links", "List the article's links and follow one", "f", footer=True),
    Key("o", "open_browser", "Open in browser", "Open the current link, or the article, in the system browser", "o"),
    Key("backspace,alt+left", "back", "Back", "Go back to where you were", "Backspace  alt+←"),
    Key("alt+right", "forward", "Forward", "Go forward again", "alt+→"),
    Key("plus,equals_sign", "wider", "Wider", "Widen the text column", "+"),
    Key("minus", "narrower", "Narrower", "Narrow the text column", "-"),
    Key("i", "toggle_pictures", "Pictures", "Show or hide the pictures (saved as a setting)", "i"),
    Key("ctrl+o", "open", "Open…", "Open a file or a web address", "ctrl+o"),
    Key("v", "select", "Select", "Select from the search match, or the top line, to highlight", "v", footer=True),
    # While a selection is being made (the footer shows h and H then):
    Key("left", "extend_words(-1)", "Word back", "Selecting: move its end back a word", "←", palette=False),
    Key("right", "extend_words(1)", "Word on", "Selecting: move its end on a word (j k: by lines)", "→", palette=False),
    Key("h", "highlight(False)", "Highlight", "Selecting: highlight the selection", "h", footer=True),
    Key("H", "highlight(True)", "Note", "Selecting: highlight the selection, with a note", "H", footer=True),
    Key(
        "m",
        "highlights",
        "Highlights",
        "List this article's highlights (Enter goes there, n notes, d deletes)",
        "m",
        footer=True,
    ),
    Key("b", "bookmark", "Save", "Save the post to the library with an offline copy, or remove it", "b", footer=True),
    Key(
        "L",
        "library",
        "Library",
        "Open the library: saved posts, history, archive, search, highlights",
        "L",
        footer=True,
    ),
    Key(
        "escape", "escape", "Cancel", "Drop the selection, or close the search, or cancel loading", "Esc", palette=False
    ),
)
"""Keys of the reading screen."""

SELECTING: frozenset[str] = frozenset({"extend_words", "highlight"})
"""Actions bound only while a selection is being made (j and k extend it then too)."""
ON_AN_ARTICLE: frozenset[str] = frozenset(
    {
        "next_section", "previous_section", "search", "next_match", "previous_match",
        "links", "select", "highlights",
    }
)  # fmt: skip
"""Actions with nothing to act on while no article is open (nor loading): bound, and in the
footer, only while one is."""
SECTION_KEYS: frozenset[str] = frozenset({"next_section", "previous_section"})
"""Actions with nothing to act on in a whole article without headings: the footer led with
`] Next section` there, and `]` did nothing."""


def idle(action: str, nothing_open: bool, no_sections: bool) -> bool:
    """Whether `action` has nothing to act on now: its key is unbound, and out of the footer."""
    return (action in ON_AN_ARTICLE and nothing_open) or (action in SECTION_KEYS and no_sections)


APP_KEYS: tuple[Key, ...] = (
    Key("T", "next_theme", "Next theme", "Switch to the next colour theme", "T"),
    Key("question_mark", "help", "Help", "Show every key", "?", footer=True),
    Key("q", "quit", "Quit", "Quit the reader", "q", footer=True),
    Key("ctrl+c", "quit", "Quit", "Quit the reader (copies instead while text is selected)", "ctrl+c", palette=False),
    Key("ctrl+z", "suspend_process", "Suspend", "Suspend the reader to the shell (fg brings it back)", "ctrl+z"),
)

FOOTER_PRIORITY: tuple[str, ...] = (
    "help",
    "quit",
    "app.help",
    "app.quit",
    "highlight(False)",
    "highlight(True)",
    "search",
    "links",
    "open",
    "bookmark",
    "library",
    "select",
    "next_section",
    "highlights",
)
"""Footer actions from the most needed to the least: a narrow footer leaves out the last."""

OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab  shift+Tab", "Move between the contents and the reading pane"),
    ("Enter (contents)", "Put the chosen heading at the top of the reading pane"),
    ("ctrl+p", "Command palette: every action, and the themes"),
)


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    return [
        Binding(
            key.keys,
            key.action,
            key.title,
            show=key.footer,
            tooltip=key.help,
            key_display=key.shown,
            priority=key.priority,
        )
        for key in keys
    ]


def help_rows() -> list[tuple[str, str]]:
    rows = [(key.shown, key.help) for key in (*READING_KEYS, *APP_KEYS)]
    return rows + list(OTHER_KEYS)
