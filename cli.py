"""Run pamphlets from a checkout: `python cli.py build` does what the installed `pamphlets build` does."""

from pamphlets.commands import run

if __name__ == "__main__":
    run()
