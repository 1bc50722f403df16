"""The text engine's errors: each says what to change (the caller adds the file and line)."""

from __future__ import annotations


class MissingGlyph(ValueError):
    """A character that no font in the language's stack can draw."""

    def __init__(self, char: str, text: str, fonts: tuple[str, ...]) -> None:
        self.char, self.text, self.fonts = char, text, fonts
        self.codepoint = f"U+{ord(char):04X}"
        snippet = text if len(text) <= 60 else text[:57] + "..."
        super().__init__(f"the character '{char}' ({self.codepoint}) in \"{snippet}\" is in none of the fonts "
                         f"{', '.join(fonts)}; remove it or choose a language whose fonts have it")


class FontNotInstalled(ValueError):
    """Text in a script whose font is not installed: names the package that brings it."""

    def __init__(self, what: str, char: str, text: str, install: str) -> None:
        self.char, self.text, self.install = char, text, install
        self.codepoint = f"U+{ord(char):04X}"
        snippet = text if len(text) <= 60 else text[:57] + "..."
        super().__init__(f"{what} text (the character '{char}', {self.codepoint}, in \"{snippet}\") needs a font "
                         f"that is not installed; install it with: {install}")
