from search.documents import SegmentDocument
from search.passages import MAX_CHARS, build_passages


def seg(i, text, start=None, speaker=None):
    start_ms = None if start is None else start * 1000
    return SegmentDocument(segment_id=100 + i, position=i, text=text, start_ms=start_ms,
                           end_ms=None if start is None else start_ms + 2000, speaker_id=speaker)


def test_cues_of_a_sentence_share_a_passage_and_map_back():
    segments = [seg(0, "So I want to talk", 0), seg(1, "about a few very basic things.", 2), seg(2, "Next sentence here.", 4)]
    passages = build_passages(segments)
    first = passages[0]
    assert first.text.startswith("So I want to talk about a few very basic things.")
    offset = first.text.index("basic")
    assert first.cue_at(offset).segment.segment_id == 101
    assert first.cue_at(0).segment.segment_id == 100


def test_passages_stop_at_a_speaker_change_a_long_gap_and_a_size_limit():
    segments = [seg(0, "one", 0, speaker=1), seg(1, "two", 2, speaker=2), seg(2, "three", 60, speaker=2)]
    assert [p.text for p in build_passages(segments)] == ["one", "two", "three"]
    long = [seg(i, "word " * 30) for i in range(10)]
    assert all(len(p.text) <= MAX_CHARS + 160 for p in build_passages(long))


def test_chinese_cues_join_without_a_space_and_markers_are_skipped():
    segments = [seg(0, "我们做了深度"), seg(1, ""), seg(2, "学习的工作")]
    passage = build_passages(segments)[0]
    assert passage.text == "我们做了深度学习的工作"
    assert [c.segment.segment_id for c in passage.cues] == [100, 102]
    assert passage.cue_at(passage.text.index("学习")).segment.segment_id == 102
