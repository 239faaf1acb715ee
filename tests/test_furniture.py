"""Page furniture (renovex/engines/furniture.py): menus, photo captions and related-news lists are not
the article; their places, times and figures never decide a record. Texts written for the tests."""
from __future__ import annotations

from renovex.api import extract
from renovex.engines.furniture import furniture_spans


def _furniture(text: str) -> list[str]:
    return [text[start:end] for start, end in furniture_spans(text)]


def test_a_run_of_short_title_case_lines_is_a_menu():
    text = "Home\n\nNews\n\nTianjin\n\nBusiness\n\nTianjin renovated 140 old communities last year.\n"
    assert _furniture(text) == ["Home", "News", "Tianjin", "Business"]


def test_a_headline_or_two_short_lines_are_not_a_menu():
    assert _furniture("City Renews Old Homes\n\nThe Plan\n\nThe city renovated 140 old communities.") == []
    # lower-case words, figures and end punctuation are the body's, even on short lines
    assert _furniture("and plan to renovate\n\n800 old communities!\n\nIn 2023,\n\nThumbs Up!") == []


def test_a_photo_caption_is_furniture_when_the_article_has_a_body():
    caption = "Residents walk past a renewed building in Nanning, Guangxi, May 2, 2022. [Photo/Xinhua]"
    text = f"Headline\n{caption}\nThe region renovated 1,200 old communities in 2021."
    assert _furniture(text) == [caption]


def test_a_photo_story_keeps_its_caption():
    text = "Workers install an elevator in an old building in Xiangtan, where 120 were added this year. (Photo by Li Ming)"
    assert _furniture(text) == []


def test_a_paragraph_of_several_sentences_with_a_photo_credit_is_the_article():
    text = ("Headline\nSo far the city has renovated 900 old communities. It also added 2,000 parking "
            "spaces. (Photo by Wang Fang)")
    assert _furniture(text) == []


def test_a_related_news_list_runs_over_its_short_lines():
    text = ("Hefei renovated 300 old communities in 2020.\n\nRelated News\n- Wuhu opens a park 2020-12-24\n"
            "- Bengbu adds 40 buses\n")
    assert _furniture(text) == ["Related News", "- Wuhu opens a park 2020-12-24", "- Bengbu adds 40 buses"]


def test_places_and_figures_in_furniture_decide_nothing(nlp):
    text = ("Latest\n\nGuangzhou\n\nBusiness\n\nCulture\n\n"
            "A view of a renovated estate in Foshan, Guangdong province. [Photo/IC]\n"
            "The Ministry of Housing and Urban-Rural Development said 53,000 old communities will be "
            "renovated this year.\n\nRelated News\n- Foshan adds 300 elevators\n")
    records = extract(text, "2023-03-01", "t", nlp=nlp)
    assert [(r.value, r.location) for r in records] == [(53000, "China")]


def test_breadcrumbs_bylines_weather_and_buttons_are_furniture():
    text = ("Home / China / Society\n\nOld homes get a lift\n\nBy LI NA in Wuhan | China Daily | Updated: 2024-03-02\n"
            "Share\nBeijing   Sunny    3 / 14 ℃  City Forecast\nBy Zhao Lei and Sun Mei (China Daily)\n"
            "Wuhan renovated 500 old communities in 2023.\n")
    assert _furniture(text) == ["Home / China / Society", "By LI NA in Wuhan | China Daily | Updated: 2024-03-02",
                                "Share", "Beijing   Sunny    3 / 14 ℃  City Forecast",
                                "By Zhao Lei and Sun Mei (China Daily)"]


def test_a_sentence_opening_with_by_is_the_article():
    text = "Headline\nBy 2025, the city will renovate 300 old communities.\nBy commencing work on 90 homes, it met its target."
    assert _furniture(text) == []


def test_a_caption_credited_in_capitals_is_furniture():
    caption = "Residents of an old estate in Hefei receive their keys on Sunday. ZHANG WEI/CHINA DAILY"
    text = f"Headline\n{caption}\nHefei renovated 300 old communities in 2023."
    assert _furniture(text) == [caption]


def test_the_hints_that_skip_the_slow_patterns_change_nothing():
    # the speed trick (caption_hints, line_hints) against the plain reference: every pattern tried on every line
    import json
    from pathlib import Path

    from renovex.engines.furniture import FurnitureRules, default_rules
    from renovex.core.resources import data_file, read_json

    plain = FurnitureRules.from_dict({k: v for k, v in read_json(data_file("furniture.json")).items()
                                      if not k.endswith("_hints")})
    texts = [json.loads(line)["text"] for path in sorted(Path(__file__).parent.glob("corpus/*/articles.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts.append("\n".join([
        "Home > News", "HOME / Local", "By LI NA in Wuhan | China Daily", "By Zhao Lei (Xinhua)", "Beijing 3 / 14 °C",
        "Share", "Print", "Welcome to the site", "Font size: Large Medium Small", "A lift in Hefei. [Photo/IC]",
        "A lift in Hefei. (Photo: Li)", "Photo by Wang", "PHOTO: Wang", "A lift. ZHANG WEI/CHINA DAILY", "img_1.JPG",
        "\u25b3File photo", "A lift in Hefei. [Provided to China Daily]", "Pictured: a lift", "A lift. /Xinhua]",
        "A lift (Xinhua/Li Ming)", "A lift. VCG111261718997", "The city renovated 300 old communities in 2023."]))
    for text in texts:
        assert furniture_spans(text, default_rules()) == furniture_spans(text, plain), text[:80]


def test_a_caption_of_two_sentences_ending_with_photographer_and_agency_is_furniture():
    from renovex.engines.furniture import furniture_spans

    caption = ("Workers install insulation on an old building in Changchun on Oct 11. More than 480,000 residents "
               "have benefited since 2010. Liu Xiao / China Daily |")
    article = "The city renovated 120 old buildings this year.\n" + caption + "\nIt plans 60 more next year.\n"
    start = article.index(caption)
    assert (start, start + len(caption)) in furniture_spans(article)
    # a paragraph of the article that ends with a photo note in brackets stays the article's
    paragraph = "The city renovated 120 old buildings. It plans 60 more next year. (Photo by Liu Xiao)"
    assert furniture_spans("Headline\n" + paragraph + "\nMore text with 5 figures.\n") == []


def test_a_similar_articles_list_is_furniture():
    from renovex.engines.furniture import furniture_spans

    text = ("The city renovated 120 old buildings this year.\n\nSimilar articles\n\n"
            "Excavator sales estimated to have risen by 15.1% in Oct\n\n11 Nov | Steel News\n")
    start = text.index("Excavator")
    assert any(a <= start < b for a, b in furniture_spans(text))
