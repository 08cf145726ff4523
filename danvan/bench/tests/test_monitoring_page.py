"""The monitoring page of a large period: one page of the unit table, figures over every unit."""

import re

import pytest

from danvan.bench.data import Sizes, generate
from danvan.reporting import selectors, views

TINY = Sizes(provinces=2, departments_per_province=2, communes=16, province_communes=5)  # 20 units


@pytest.fixture
def data(db, monkeypatch):
    monkeypatch.setattr(views, "MONITORING_PAGE_SIZE", 6)
    return generate(TINY)


def _units_shown(page: str) -> list[str]:
    table = page.split('id="units"')[1].split("</table>")[0]
    return re.findall(r'<tr data-status="[a-z_]+">\s*<td>([^<]+)</td>', table)


def test_the_table_is_paged_and_the_figures_count_every_unit(client, data, django_assert_max_num_queries):
    period = data.national_period()
    client.force_login(data.coordinator)
    url = f"/reports/periods/{period.pk}/monitoring/"
    with django_assert_max_num_queries(20):
        first = client.get(url).content.decode()
    m = selectors.monitoring(period)
    assert f'data-figure="expected">{m.expected}<' in first and m.expected == 20
    assert f'data-figure="submitted">{m.submitted}<' in first
    assert len(_units_shown(first)) == 6 and "1–6 / 20" in first
    last = client.get(url, {"page": "4"}).content.decode()
    assert len(_units_shown(last)) == 2 and "19–20 / 20" in last
    assert client.get(url, {"page": "99"}).content.decode().count('<tr data-status') == 2  # the last page
    shown = [name for n in range(1, 5) for name in _units_shown(client.get(url, {"page": n}).content.decode())]
    assert sorted(shown) == sorted(row.unit.name for row in m.rows)  # every unit once, across the pages


def test_the_page_links_keep_the_filter(client, data):
    period = data.national_period()
    client.force_login(data.coordinator)
    url = f"/reports/periods/{period.pk}/monitoring/"
    page = client.get(url, {"kind": "commune", "sort": "status"}).content.decode()
    assert "kind=commune&amp;sort=status&amp;page=2" in page
    second = client.get(url, {"kind": "commune", "sort": "status", "page": "2"}).content.decode()
    assert "Sở " not in "".join(_units_shown(second)) and "7–12 / 16" in second
