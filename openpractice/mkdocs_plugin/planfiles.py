"""The site's plan handed to MkDocs in memory: its pages, the files the build makes and the
attachments published pages link to, as MkDocs' own virtual files. MkDocs' own listing of
docs_dir finds nothing there (the plugin empties the folder), so these are all it builds.
Without the plugin the same plan is read from the folder `openpractice plan` writes."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..plan import SitePlan, plan_path


def plan_files(plan: SitePlan, files: Files, config: MkDocsConfig) -> None:
    for src, page in plan.pages.items():
        # the body alone: the plugin gives MkDocs each page's metadata from the plan itself
        files.append(File.generated(config, src, content=page.html))
    for site_path, content in plan.outputs.items():
        file = File.generated(config, plan_path(site_path), content=content)
        if file.src_uri != site_path:  # a Markdown download: a file at its address, not a page
            file.dest_uri = site_path
            for cached in ("url", "abs_dest_path"):
                file.__dict__.pop(cached, None)
        files.append(file)
    for site_path, source in plan.files.items():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
