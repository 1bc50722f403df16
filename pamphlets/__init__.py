"""pamphlets: harm-reduction content + layouts + a local profile -> print-ready PDFs."""

__version__ = "0.1.0"
