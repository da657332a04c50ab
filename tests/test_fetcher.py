"""Test the sandboxed URL fetcher: project files only, never the network."""

from __future__ import annotations

import pytest

from briefing.pdf import FetchRefused, ProjectURLFetcher


@pytest.fixture
def fetcher(tmp_path):
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "inside.css").write_text("p { color: red }")
    (tmp_path / "outside.css").write_text("secret")
    return ProjectURLFetcher([tmp_path / "project"]), tmp_path


def test_reads_files_inside_the_project(fetcher):
    """A file under an allowed folder is served."""
    fetch, root = fetcher
    response = fetch.fetch((root / "project" / "inside.css").as_uri())
    assert response.read() == b"p { color: red }"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x.css", "https://example.org/x.png", "ftp://example.org/x", "file:///etc/passwd"],
)
def test_refuses_network_and_outside_files(fetcher, url):
    """Network URLs and files outside the project are refused and recorded."""
    fetch, _root = fetcher
    with pytest.raises(FetchRefused):
        fetch.fetch(url)
    assert fetch.refused[-1].startswith(f"refused to load {url}: ")


def test_refuses_symlink_out_of_the_project(fetcher):
    """A symlink inside the project that points outside it is refused."""
    fetch, root = fetcher
    link = root / "project" / "link.css"
    link.symlink_to(root / "outside.css")
    with pytest.raises(FetchRefused):
        fetch.fetch(link.as_uri())
