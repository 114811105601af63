"""Static search: Pagefind indexes the built site."""
