"""`python -m sheetsync` works the same as `sheetsync`."""

from sheetsync.cli import main

if __name__ == "__main__":
    main()
