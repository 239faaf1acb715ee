"""The review page tells records apart (issue 14, item 6, part): plan and outcome evidence in two
styles, a quantity that is not a record struck through with its reason, each rule id explained."""
import renovex

TEXT = ("Hebei held 3 meetings. In 2022, Hebei plans to renovate 1,200 old communities. "
        "Last year it renovated 900 old communities.")


def test_plan_and_outcome_evidence_and_rows_have_their_own_style():
    html = str(renovex.render(TEXT, published="2022-03-01", doc_id="a"))
    assert 'class="ev plan"' in html and 'class="ev outcome"' in html
    assert '<tr class="plan"' in html and '<tr class="outcome"' in html


def test_a_quantity_that_is_not_a_record_says_why():
    html = str(renovex.render(TEXT, published="2022-03-01", doc_id="a"))
    assert 'data-label="QUANTITY not a record"' in html
    assert "not a record: no_metric (the number counts nothing the pack measures" in html


def test_each_rule_id_is_explained_in_a_tooltip():
    from renovex.engines.linking import rule_explanation

    assert rule_explanation("location", "clause_before").startswith("The nearest chain before the figure")
    assert rule_explanation("kind", "cue:plan.plans_to").startswith("the nearest plan or outcome cue")
    assert rule_explanation("period", "clause:year").startswith("The nearest frame in the figure's clause")
    html = str(renovex.render(TEXT, published="2022-03-01", doc_id="a"))
    assert 'title="The nearest chain before the figure in its clause' in html
