from talks.moments import clock, moment_url


def test_a_moment_url_names_its_transcript_time_and_segment(db):
    url = moment_url("a-talk", transcript_id=7, language="zh-Hans", seconds=1179.86, segment_id=858, query="训练 lang:zh")
    assert url == "/talks/a-talk/?t=1179&lang=zh-Hans&transcript=7&q=%E8%AE%AD%E7%BB%83+lang%3Azh#seg-858"


def test_an_untimed_moment_has_no_t_and_a_page_link_no_fragment(db):
    assert moment_url("a-talk", transcript_id=2, language="en", seconds=None, segment_id=269) == \
        "/talks/a-talk/?lang=en&transcript=2#seg-269"
    assert moment_url("a-talk", transcript_id=2, language="en", seconds=0.0, segment_id=None) == \
        "/talks/a-talk/?t=0&lang=en&transcript=2"


def test_clock_reads_like_a_video_player():
    assert [clock(s) for s in (None, 0, 5.9, 65, 599.99, 3600, 3723.5)] == ["", "0:00", "0:05", "1:05", "9:59", "1:00:00", "1:02:03"]
