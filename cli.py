"""Run pamphlets from a checkout: `python cli.py build` does what the installed `pamphlets build` does."""

from pamphlets.commands import main

if __name__ == "__main__":
    main()
