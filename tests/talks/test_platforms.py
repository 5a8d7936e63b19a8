import pytest

from talks.platforms import VideoRef, link_at, recognise


@pytest.mark.parametrize(
    "url, platform, platform_id, part, canonical",
    [
        ("https://www.youtube.com/watch?v=f96Xrg4uNik", "youtube", "f96Xrg4uNik", 1, "https://www.youtube.com/watch?v=f96Xrg4uNik"),
        ("https://youtu.be/f96Xrg4uNik?t=30", "youtube", "f96Xrg4uNik", 1, "https://www.youtube.com/watch?v=f96Xrg4uNik"),
        ("https://m.youtube.com/watch?v=f96Xrg4uNik&list=x", "youtube", "f96Xrg4uNik", 1, "https://www.youtube.com/watch?v=f96Xrg4uNik"),
        ("https://www.youtube.com/embed/f96Xrg4uNik", "youtube", "f96Xrg4uNik", 1, "https://www.youtube.com/watch?v=f96Xrg4uNik"),
        ("https://www.bilibili.com/video/BV1Q8BGYsEHy", "bilibili", "BV1Q8BGYsEHy", 1, "https://www.bilibili.com/video/BV1Q8BGYsEHy/"),
        ("https://www.bilibili.com/video/BV1Q8BGYsEHy/?p=3&spm_id_from=x", "bilibili", "BV1Q8BGYsEHy", 3, "https://www.bilibili.com/video/BV1Q8BGYsEHy/"),
        ("https://b23.tv/EYMsoqN", "other", "", 1, "https://b23.tv/EYMsoqN"),
        ("https://example.org/talk.mp4", "other", "", 1, "https://example.org/talk.mp4"),
    ],
)
def test_recognise(url, platform, platform_id, part, canonical):
    assert recognise(url) == VideoRef(platform, platform_id, canonical, part)


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://x/y", "not a url", ""])
def test_only_http_addresses_are_recordings(bad):
    with pytest.raises(ValueError):
        recognise(bad)


@pytest.mark.parametrize(
    "url, seconds, link",
    [
        ("https://youtu.be/f96Xrg4uNik", 754.9, "https://www.youtube.com/watch?v=f96Xrg4uNik&t=754s"),
        ("https://youtu.be/f96Xrg4uNik", None, "https://www.youtube.com/watch?v=f96Xrg4uNik"),
        ("https://www.bilibili.com/video/BV1Q8BGYsEHy", 75, "https://www.bilibili.com/video/BV1Q8BGYsEHy/?t=75"),
        ("https://www.bilibili.com/video/BV1Q8BGYsEHy?p=2", 75, "https://www.bilibili.com/video/BV1Q8BGYsEHy/?p=2&t=75"),
        ("https://example.org/talk.mp4", 75, "https://example.org/talk.mp4"),
    ],
)
def test_link_at_a_moment(url, seconds, link):
    assert link_at(recognise(url), seconds) == link
