# SPDX-License-Identifier: MIT
"""Every terminal transcript in docs/ is replayed against the server its page names, so a page
cannot drift away from what the code prints. One test per page that has `console` blocks; pages
without a `<!-- replay: ... -->` comment are skipped and listed with the reason (`pytest -rs`).
Format: docs/contributing-docs.md."""
import os
from pathlib import Path

import pytest

from docs_replay import read_page, replay_page

REPO_ROOT = Path(os.environ.get("SIO_REPO_ROOT") or Path(__file__).resolve().parents[2])
PAGES = [page for page in sorted((REPO_ROOT / "docs").rglob("*.md")) if read_page(page).blocks]


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(REPO_ROOT)) for p in PAGES])
def test_transcripts_of_page_match_what_the_server_prints(path: Path, start_step, tmp_path: Path) -> None:
    replay_comment = read_page(path).replay
    if replay_comment is None:
        pytest.skip(f"{path.relative_to(REPO_ROOT)}: console blocks but no `<!-- replay: StepN ... -->` "
                    "comment, so they are not checked")
    if replay_comment == "none":
        pytest.skip(f"{path.relative_to(REPO_ROOT)}: `<!-- replay: none -->`")
    failures = replay_page(path, start_step, tmp_path, REPO_ROOT)
    assert not failures, "\n\n".join(failures)
