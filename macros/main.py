"""mkdocs-macros module: registrations only. The functions live (and are tested) in
openpractice.site.home; macros run only on the pages listed in mkdocs.yml."""

from typing import Any

from openpractice.site import home


def define_env(env: Any) -> None:
    plugin = env.conf["plugins"]["openpractice"]

    @env.macro
    def site_counts() -> str:
        return home.counts_block(plugin.catalogue)

    @env.macro
    def newest_items(count: int = 6) -> str:
        return home.newest_block(plugin.catalogue, count)

    @env.macro
    def site_summary() -> str:
        return home.summary_sentence(plugin.catalogue)
