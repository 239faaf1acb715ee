"""A batch's review written as pages: what ``renovex show`` writes.

A batch of up to ``per_page`` articles is one page (summary charts, contents, articles,
glossary). A larger batch is an index page at the path the user gave (summary charts and
every article, linked to its page) and numbered pages beside it, ``NAME-001.html``,
``NAME-002.html``, ... of ``per_page`` articles each, with links between them, so no file
grows past a few MB and a browser opens each at once. Pages are written as they fill: the
memory held is one page of sections, the summary's counters and the list of names.

Every file is written through :func:`renovex.io.outputs.replacing` (a temporary file renamed
over the target when complete), so a failed run never leaves a page cut short.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .outputs import STDOUT, replacing
from .review_charts import Summary, esc

__all__ = ["DEFAULT_PER_PAGE", "PagedReview"]

DEFAULT_PER_PAGE = 50
"""Articles per page: about 1–2 MB of HTML for news articles with their records."""



class PagedReview:
    """Collects reviewed articles (``add``) and writes the page or pages (``close``).

    ``path`` None or ``"-"`` writes one page to standard output whatever the size (a stream
    has no room for page files beside it).
    """

    def __init__(self, path: str | Path | None, title: str = "renovex review",
                 per_page: int = DEFAULT_PER_PAGE) -> None:
        if per_page < 1:
            raise ValueError(f"articles per page must be at least 1, got {per_page}")
        self.path = None if path is None or str(path) == STDOUT else Path(path)
        self.title = title
        self.per_page = per_page
        self.summary = Summary()
        self.written: list[Path] = []
        self._sections: list[str] = []
        self._contents: list[tuple[str, str]] = []  # this page's (anchor, name)
        self._index: list[tuple[int, str, str, int]] = []  # (page number, anchor, name, records)

    @property
    def articles(self) -> int:
        return len(self._index)

    def page_path(self, number: int) -> Path:
        """The file of page ``number`` (1-based) of a batch too large for one page."""
        assert self.path is not None
        return self.path.with_name(f"{self.path.stem}-{number:03d}{self.path.suffix or '.html'}")

    def next_anchor(self) -> str:
        """The id prefix for the next article's section (unique across the batch)."""
        return f"a{len(self._index)}"

    def add(self, section: str, name: str, records: Iterable[Any]) -> None:
        """One article's section (from :func:`renovex.io.review.render_doc`, made with
        ``prefix=self.next_anchor()``), its display name and its records."""
        records = list(records)
        if self.path is not None and len(self._sections) == self.per_page:
            self._flush(last=False)
        anchor = self.next_anchor()
        self.summary.add(records)
        self._sections.append(section)
        self._contents.append((anchor, name))
        self._index.append((len(self.written) + 1, anchor, name, len(records)))

    def close(self) -> list[Path]:
        """Write what is left (and the index, for a batch of several pages); the files written."""
        from .review import page  # spaCy-side module: imported when a review is written, not with the CLI

        if self.path is None or not self.written:
            self._write(self.path, page(self._sections, title=self.title, contents=self._contents,
                                        summary=self.summary.html()))
            if self.path is not None:
                self.written.append(self.path)
            return self.written
        self._flush(last=True)
        self._write(self.path, self._index_page())
        return self.written + [self.path]

    def _pager(self, number: int, last: bool) -> str:
        links = [f'<a href="{esc(self.path.name)}">index</a>' if self.path else ""]
        if number > 1:
            links.append(f'<a href="{esc(self.page_path(number - 1).name)}" rel="prev">&lsaquo; page {number - 1}</a>')
        links.append(f"<b>page {number}</b>")
        if not last:
            links.append(f'<a href="{esc(self.page_path(number + 1).name)}" rel="next">page {number + 1} &rsaquo;</a>')
        return f'<nav class="pager">{"".join(links)}</nav>'

    def _flush(self, last: bool) -> None:
        from .review import page

        number = len(self.written) + 1
        title = f"{self.title}: page {number}"
        target = self.page_path(number)
        self._write(target, page(self._sections, title=title, contents=self._contents,
                                 pager=self._pager(number, last)))
        self.written.append(target)
        self._sections, self._contents = [], []

    def _index_page(self) -> str:
        from .review import page

        pages = len(self.written)
        rows = "".join(
            f'<tr><td class="num">{n + 1}</td><td><a href="{esc(self.page_path(number).name)}#{esc(anchor)}">'
            f'{esc(name)}</a></td><td class="num">{number}</td><td class="num">{records}</td></tr>'
            for n, (number, anchor, name, records) in enumerate(self._index))
        table = ('<section class="index"><h2>Articles</h2><div class="table-wrap"><table><thead><tr><th>#</th>'
                 f'<th>article</th><th>page</th><th>records</th></tr></thead><tbody>{rows}</tbody></table></div></section>')
        pager = "".join(f'<a href="{esc(self.page_path(n).name)}">page {n}</a>' for n in range(1, pages + 1))
        return page([table], title=self.title, summary=self.summary.html(),
                    pager=f'<nav class="pager">{pager}</nav>')

    @staticmethod
    def _write(target: Path | None, markup: str) -> None:
        with replacing(target) as handle:
            handle.write(markup)
