"""The web editor at ``/admin/``: Decap CMS, configured from the content model.

- ``decap``: the editor's ``config.yml`` generated from the pydantic classes of ``model``,
  one table row per collection (stories, events), so a new kind of content is a few lines;
- ``bundle``: the pinned Decap CMS files installed with npm (``editor/package-lock.json``);
- ``admin``: the files of ``site/admin/`` (page, config, our script, Decap's bundle);
- ``local``: ``peerhub edit``, the preview with Decap's local backend (``decap-server``);
- ``options``: the ``editor:`` options of the MkDocs plugin, and the call that writes
  ``site/admin/`` after a build.

``options`` and ``local`` are MkDocs glue at the edge, like ``plugin.py`` and ``preview.py``;
the rest is free of MkDocs, like the core.
"""
