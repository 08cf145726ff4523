import datetime

import pytest

from danvan.org import scoping
from danvan.org.models import RestructuringEvent, Unit


def test_unit_roles_see_their_unit_and_below_wide_roles_see_everything(people, tree):
    assert set(scoping.visible_units(people["owner"])) == {tree["commune"]}
    assert set(scoping.visible_units(people["member"])) == {tree["commune"]}
    assert set(scoping.visible_units(people["outsider"])) == {tree["other_commune"]}
    assert scoping.visible_units(people["coordinator"]).count() == Unit.objects.count()
    assert scoping.visible_units(people["auditor"]).count() == Unit.objects.count()


def test_a_head_of_a_parent_unit_sees_the_units_below(people, tree):
    from danvan.conftest import make_user

    head = make_user("head", unit=tree["province"], role="unit_head")
    assert scoping.visible_units(head).count() == Unit.objects.count()


def test_permissions_by_role(people):
    assert scoping.has_perm(people["admin"], "restructure_units")
    assert not scoping.has_perm(people["coordinator"], "restructure_units")
    assert scoping.has_perm(people["auditor"], "read_audit")
    assert not scoping.has_perm(people["owner"], "read_audit")


def test_anonymous_people_see_no_unit(tree):
    from django.contrib.auth.models import AnonymousUser

    assert scoping.visible_units(AnonymousUser()).count() == 0


def test_tree_page_on_a_date_with_search(client, people, tree):
    client.force_login(people["coordinator"])
    response = client.get("/units/", {"date": "01/08/2025", "q": "quy nhon"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phường Quy Nhơn Nam" in page and "Xã Đắk Pơ" not in page
    assert "Cây tổ chức tại ngày 01/08/2025" in page


def test_tree_page_with_a_bad_date_says_so_in_vietnamese_and_keeps_the_input(client, people, tree):
    client.force_login(people["coordinator"])
    response = client.get("/units/", {"date": "31/02/2025", "q": "quy"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page
    assert 'value="31/02/2025"' in page and 'value="quy"' in page


def test_tree_page_shows_an_outsider_only_their_own_units(client, people, tree):
    client.force_login(people["outsider"])
    page = client.get("/units/").content.decode()
    assert "Xã Đắk Pơ" in page and "Phường Quy Nhơn Nam" not in page


def test_tree_page_refuses_post_and_anonymous(client, people, tree):
    assert client.get("/units/").status_code == 302
    client.force_login(people["coordinator"])
    assert client.post("/units/").status_code == 405


def test_tree_page_query_count_does_not_grow_with_units(client, people, tree, django_assert_max_num_queries):
    from danvan.org.services import UnitSpec, unit_create

    for i in range(60):
        unit_create(by=None, valid_from=datetime.date(2020, 1, 1),
                    spec=UnitSpec(name=f"Xã Thử {i}", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(10):
        assert client.get("/units/").status_code == 200


def test_unit_page_for_the_owner_member_outsider_and_coordinator(client, people, tree):
    url = f"/units/{tree['commune'].pk}/"
    for name in ("owner", "member", "coordinator"):
        client.force_login(people[name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Phường Quy Nhơn Nam" in response.content.decode()
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(people["owner"])
    assert client.post(url, {"username": "owner", "role": "admin"}).status_code == 403  # only admins add members
    assert client.put(url).status_code == 405


def test_unit_page_lists_members_predecessors_successors_and_events(client, people, tree):
    from danvan.org.services import unit_rename

    unit_rename(by=people["admin"], unit=tree["commune"], date=datetime.date(2025, 7, 1), name="Phường Quy Nhơn")
    new = Unit.objects.get(name="Phường Quy Nhơn")
    client.force_login(people["coordinator"])
    page = client.get(f"/units/{new.pk}/").content.decode()
    assert "Phường Quy Nhơn Nam" in page  # predecessor
    assert "Đổi tên" in page  # the event, in Vietnamese
    assert "owner" in page  # the members moved with the rename
    old_page = client.get(f"/units/{tree['commune'].pk}/").content.decode()
    assert "Hiện nay đơn vị này được kế thừa bởi" in old_page and "Phường Quy Nhơn<" in old_page.replace("</a>", "<")


def test_restructure_page_is_for_admins_only(client, people):
    for name in ("coordinator", "owner", "auditor"):
        client.force_login(people[name])
        assert client.get("/units/restructure/").status_code == 403, name
    client.force_login(people["admin"])
    assert client.get("/units/restructure/").status_code == 200


def _form(tree, **extra):
    data = {"kind": "merge", "date": "01/07/2025", "units": [tree["dept"].pk, tree["other_dept"].pk],
            "new_name": "Sở Nội vụ và Tư pháp", "action": "preview"}
    data.update(extra)
    return data


def test_restructure_preview_then_apply(client, people, tree):
    client.force_login(people["admin"])
    response = client.post("/units/restructure/", _form(tree))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="preview"' in page and "Sở Nội vụ và Tư pháp (Tỉnh Thử)" in page
    assert "coordinator" in page  # the member who moves
    assert not Unit.objects.filter(name="Sở Nội vụ và Tư pháp").exists()
    response = client.post("/units/restructure/", _form(tree, action="apply"))
    new = Unit.objects.get(name="Sở Nội vụ và Tư pháp")
    assert response.status_code == 302 and response.url == f"/units/{new.pk}/"
    assert RestructuringEvent.objects.get().kind == "merge"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "30/02/2025"}, "Nhập ngày theo dạng"),
        ({"new_name": ""}, "Chọn đơn vị nhận hợp nhất"),
        ({"kind": "rename"}, "Chọn đúng một đơn vị"),
        ({"date": "01/01/2019"}, "không tồn tại vào ngày 01/01/2019"),
    ],
)
def test_restructure_errors_are_in_vietnamese_keep_the_input_and_change_nothing(client, people, tree, data, message):
    client.force_login(people["admin"])
    before = Unit.objects.count()
    response = client.post("/units/restructure/", _form(tree, action="apply", **data))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Sở Nội vụ và Tư pháp" in page or data.get("new_name") == ""
    assert Unit.objects.count() == before and RestructuringEvent.objects.count() == 0
