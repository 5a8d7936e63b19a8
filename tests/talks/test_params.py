import pytest
from django.http import QueryDict

from talks.params import MAX_ID, BadParameter, IdConverter, Params, parse_int, parse_seconds, parse_year

ODD_NUMBERS = ["²", "١٢", "१२", "１２", "12a", " ", "-", "1e3", "0x10", "1_000", "12\x00", "9" * 20, "9" * 5000, "nan"]


@pytest.mark.parametrize("raw", ODD_NUMBERS)
def test_an_integer_is_ascii_digits_only_and_the_message_names_the_parameter(raw):
    with pytest.raises(BadParameter) as caught:
        parse_int(raw, name="transcript")
    assert str(caught.value).startswith("transcript: ")
    assert caught.value.name == "transcript"


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("42", 42), (" 7 ", 7), ("+3", 3), (str(MAX_ID), MAX_ID)])
def test_an_integer_in_range_is_read(raw, expected):
    assert parse_int(raw, name="n") == expected


@pytest.mark.parametrize("raw", ["-1", str(MAX_ID + 1)])
def test_an_integer_out_of_range_is_refused(raw):
    with pytest.raises(BadParameter, match=r"^n: .* is out of range \(0 to 9223372036854775807\)\.$"):
        parse_int(raw, name="n")


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("2024", 2024), ("9999", 9999)])
def test_a_year_is_one_to_9999(raw, expected):
    assert parse_year(raw) == expected


@pytest.mark.parametrize("raw", ["0", "99999", "-2024", "２０２４"])
def test_a_year_outside_the_calendar_is_refused(raw):
    with pytest.raises(BadParameter, match="^year: "):
        parse_year(raw)


@pytest.mark.parametrize(("raw", "expected"), [("90", 90.0), ("90.5", 90.5), ("0", 0.0), ("1179.", 1179.0)])
def test_seconds_are_a_plain_decimal(raw, expected):
    assert parse_seconds(raw) == expected


@pytest.mark.parametrize("raw", ["inf", "nan", "1e9", "-5", "٣", "10000000", "9" * 400])
def test_seconds_refuse_what_float_would_accept(raw):
    with pytest.raises(BadParameter, match="^t: "):
        parse_seconds(raw)


def test_a_strict_reader_refuses_a_bad_value_and_a_lenient_one_ignores_it():
    query = QueryDict("rec=²&page=0&q=a%00b&sort=newest&all_hits=maybe")
    strict, lenient = Params(query), Params(query, lenient=True)
    for read, name in [(lambda p: p.object_id("rec"), "rec"), (lambda p: p.integer("page", default=1, minimum=1), "page"),
                       (lambda p: p.text("q"), "q"), (lambda p: p.choice("sort", ("relevance", "date"), default="relevance"), "sort"),
                       (lambda p: p.flag("all_hits"), "all_hits")]:
        with pytest.raises(BadParameter) as caught:
            read(strict)
        assert caught.value.name == name
    assert (lenient.object_id("rec"), lenient.integer("page", default=1, minimum=1), lenient.text("q"),
            lenient.choice("sort", ("relevance", "date"), default="relevance"), lenient.flag("all_hits")) == (
        None, 1, "", "relevance", False)


def test_absent_and_empty_values_give_the_default():
    params = Params(QueryDict("t=&lang=%20"))
    assert (params.seconds("t"), params.text("lang"), params.year(), params.integer("page", default=1)) == (None, "", None, 1)


def test_repeated_values_are_read_in_order_and_limited():
    params = Params(QueryDict("lang=en&lang=&lang=de"))
    assert params.texts("lang") == ["en", "de"]
    with pytest.raises(BadParameter, match="^lang: given 21 times; the limit is 20.$"):
        Params(QueryDict("&".join(["lang=x"] * 21))).texts("lang")
    assert Params(QueryDict("&".join(["lang=x"] * 21)), lenient=True).texts("lang") == ["x"] * 20


def test_long_text_is_refused_with_its_length():
    with pytest.raises(BadParameter, match="^q: is 501 characters long; the limit is 500.$"):
        Params(QueryDict(f"q={'x' * 501}")).text("q")


def test_the_path_id_converter_matches_only_ids_that_fit_the_database():
    converter = IdConverter()
    assert converter.to_python("12") == 12
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))
