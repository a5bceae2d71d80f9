"""The site search: every word of every public story, event, programme and page, in a
chunked index that a phone downloads only the parts of a query needs.

- ``records``: what a reader can find, one record per page, built from the views the
  pages are rendered from (core: no MkDocs);
- ``index``: the records as small static files under ``search/`` (core);
- ``site``: the MkDocs glue that gathers the records during a build and writes the index
  with the search box's script (``static/``).
"""
