"""The edge: where the hub meets MkDocs and the command line.

Everything outside this package is the core, which imports nothing from MkDocs and nothing
from here: ``cli`` (the ``peerhub`` command), ``plugin`` (MkDocs' build events) and
``preview`` (``peerhub serve``) call into it.
"""
