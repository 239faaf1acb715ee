"""The Dask adapter on a local two-process ``distributed`` cluster gives renovex.extract's records."""
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import renovex  # noqa: E402
from renovex.io.dask_adapter import RECORD_DTYPES, extract_bag, extract_dataframe  # noqa: E402

PLACES = ["Shenyang city", "Hebei Province", "Wuhu", "Jilin", "Xinjiang", "Chengdu, Sichuan Province"]
ARTICLES = [
    {"id": f"d{i}",
     "text": (f"In {2019 + i % 5}, {PLACES[i % 6]} plans to renovate {120 + 17 * i:,} old communities, "
              f"benefiting {3000 + 211 * i:,} households." if i % 2 else
              f"{PLACES[i % 6]} has completed the renovation of {40 + i} old residential areas since 2020."),
     "published": f"2023-0{1 + i % 9}-10"}
    for i in range(12)
]


def _expected() -> list[dict]:
    return [r.to_dict() for a in ARTICLES for r in renovex.extract(a["text"], a["published"], a["id"])]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=50)
    with cluster, distributed.Client(cluster) as client:
        yield client


def test_bag_and_dataframe_give_the_records_of_extract_and_load_the_pipeline_once_per_worker(client, tmp_path):
    expected = _expected()
    assert len(expected) > 12

    records = extract_bag(db.from_sequence(ARTICLES, npartitions=4)).compute()
    assert records == expected  # same records, same order

    frame = extract_dataframe(dd.from_pandas(pd.DataFrame(ARTICLES), npartitions=4),
                              published_column="published")
    assert list(frame.columns) == list(RECORD_DTYPES)
    result = frame.compute()
    assert {c: str(t) for c, t in result.dtypes.items()} == {c: str(t) for c, t in frame.dtypes.items()}
    assert result["doc"].tolist() == [r["doc"] for r in expected]
    assert result["value"].tolist() == [float(r["value"]) for r in expected]
    assert result["period_start"].tolist() == [r["period"]["start"] if r["period"] else pd.NA for r in expected]
    assert result["terms"].tolist() == [";".join(r["terms"]) for r in expected]  # the schema's table layout

    # renovex.load's per-process cache: each worker built the pipeline at most once for 8 tasks
    infos = client.run(renovex.load.cache_info)
    assert len(infos) == 2 and all(info.misses <= 1 for info in infos.values())
    assert sum(info.hits + info.misses for info in infos.values()) == 8

    # the documented to_parquet works (object columns of lists and dicts did not) and reads back
    pytest.importorskip("pyarrow")
    frame.to_parquet(str(tmp_path / "records"))
    back = pd.read_parquet(tmp_path / "records")
    assert back["doc"].tolist() == result["doc"].tolist() and back["rules"].tolist() == result["rules"].tolist()


def test_a_bad_item_is_named(client):
    with pytest.raises(ValueError, match="must be a text or a dict with 'text'"):
        extract_bag(db.from_sequence([{"id": "x"}], npartitions=1)).compute()
    with pytest.raises(ValueError, match="no column 'body'"):
        extract_dataframe(dd.from_pandas(pd.DataFrame(ARTICLES), npartitions=1), text_column="body")
