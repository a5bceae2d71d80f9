"""``python -m generator`` runs the ``peerhub`` command line."""

from generator.edge.cli import main

main()
