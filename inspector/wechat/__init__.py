"""The WeChat official-account check: the account's articles from the official API and a URL file,
their pages read, saved in the scan history, and checked by the rules like the website's pages.

- `settings`: the site config's [wechat] table, validated.
- `api`: the official API client (token, freepublish/batchget, freepublish/getarticle).
- `article`: article pages (title, account, body, `var ct`, deleted pages, the anti-bot page).
- `fetch`: plain HTTP (urllib; the crawl's Twisted reactor cannot be reused) and the link check.
- `stage`: the stage run before the crawl, and `attach` that loads its records for the rules.
- `store`: the history tables the stage writes.

The AppSecret is read from the environment inside the stage only; nothing here stores, prints
or raises it.
"""
