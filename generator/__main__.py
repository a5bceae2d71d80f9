"""``python -m generator`` runs the ``peerhub`` command line."""

from generator.cli import main

main()
