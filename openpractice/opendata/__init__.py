"""Open data and reuse: everything the site publishes for machines and for reuse, made from
the one typed catalogue (never from git history, so a shallow clone builds the same bytes).

    feeds.py           Atom and JSON Feed 1.1: the site, each type, each theme and school
    feedlinks.py       where each listing's feed is, its <link rel=alternate> and Subscribe line
    catalogue_json.py  catalogue.json, catalogue.schema.json and a CSV per type
    structured.py      JSON-LD, OpenGraph and citation_* meta for an item page's head
    citations.py       APA 7 and Harvard text, the credit line, cite.bib and cite.ris
    downloads.py       a policy as .docx and as .md
    publish.py         all of it for the plan: files by site path, head HTML by page
    common.py          the site's name and address, licences, labels, dates, file paths

This package's `__init__` imports nothing, so `site/pages.py` can use `feedlinks` without a
cycle (`publish` imports the site's labels).
"""
