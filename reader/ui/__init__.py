"""The Textual app. Only modules under `reader.ui` import Textual."""
