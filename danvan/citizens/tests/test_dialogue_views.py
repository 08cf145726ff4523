import datetime

import pytest

from danvan.citizens import reception_services as services
from danvan.citizens.models import Commitment, Dialogue
from danvan.conftest import make_user
from danvan.org.models import Role

D = datetime.date


@pytest.fixture
def leader(tree):
    return make_user("leader", unit=tree["province"], role=Role.LEADER)


@pytest.fixture
def dialogue(tree, people):
    return services.dialogue_create(by=people["owner"], unit=tree["commune"], date=D(2025, 4, 10),
                                    presiding_name="Nguyễn Văn Chủ", topic="Chỉnh trang đô thị", participants=120)


@pytest.fixture
def commitment(dialogue, people):
    return services.commitment_add(by=people["owner"], dialogue=dialogue, text="Sửa đèn đường tổ 3",
                                   due_date=D(2025, 6, 30), owner_name="Phòng Kinh tế")


def _form(unit, **extra):
    return {"unit": unit.pk, "date": "10/04/2025", "topic": "Đối thoại về đất đai", "presiding_name": "Nguyễn Văn Chủ",
            "is_annual_conference": "on", "participants": "80", "issues": "", **extra}


def test_the_list_shows_what_each_person_may_see(client, dialogue, commitment, people, tree):
    services.dialogue_create(by=people["outsider"], unit=tree["other_commune"], date=D(2025, 4, 11),
                             presiding_name="Lê Văn Khác", topic="Chủ đề khác")
    client.force_login(people["owner"])
    page = client.get("/citizens/dialogues/").content.decode()
    assert f'data-dialogue="{dialogue.pk}"' in page and "Chủ đề khác" not in page
    assert 'data-figure="commitments">0/1' in page
    client.force_login(people["auditor"])
    page = client.get("/citizens/dialogues/").content.decode()
    assert "Chỉnh trang đô thị" in page and "Chủ đề khác" in page and 'id="dialogue-create"' not in page
    assert client.post("/citizens/dialogues/").status_code == 405


def test_the_list_has_a_query_ceiling(client, people, tree, django_assert_max_num_queries):
    for day in range(1, 31):
        d = services.dialogue_create(by=people["owner"], unit=tree["commune"], date=D(2025, 1, day),
                                     presiding_name="Chủ tịch", topic=f"Chủ đề {day}")
        services.commitment_add(by=people["owner"], dialogue=d, text="Việc", due_date=D(2025, 2, 1), owner_name="A")
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get("/citizens/dialogues/")
    assert response.content.decode().count("data-dialogue=") == 30


def test_recording_a_dialogue(client, people, tree):
    client.force_login(people["member"])
    assert client.get("/citizens/dialogues/new/").status_code == 200
    response = client.post("/citizens/dialogues/new/", _form(tree["commune"]))
    dialogue = Dialogue.objects.get()
    assert response.status_code == 302 and response.url == f"/citizens/dialogues/{dialogue.pk}/"
    assert (dialogue.topic, dialogue.participants, dialogue.is_annual_conference) == ("Đối thoại về đất đai", 80, True)


def test_a_bad_dialogue_form_keeps_what_was_typed(client, people, tree):
    client.force_login(people["owner"])
    response = client.post("/citizens/dialogues/new/", _form(tree["commune"], participants="nhiều",
                                                             issues="Các ý kiến đã ghi"))
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Đối thoại về đất đai"' in page and "Các ý kiến đã ghi" in page
    response = client.post("/citizens/dialogues/new/", _form(tree["commune"], date="10/04/2019"))
    assert response.status_code == 200 and 'value="10/04/2019"' in response.content.decode()
    assert not Dialogue.objects.exists()


def test_readers_and_outsiders_cannot_record(client, people, tree):
    client.force_login(people["coordinator"])
    assert client.get("/citizens/dialogues/new/").status_code == 403
    client.force_login(people["outsider"])
    response = client.post("/citizens/dialogues/new/", _form(tree["commune"]))
    assert response.status_code == 200 and not Dialogue.objects.exists()
    assert client.put("/citizens/dialogues/new/").status_code == 405


def test_the_dialogue_page(client, dialogue, commitment, people, leader):
    url = f"/citizens/dialogues/{dialogue.pk}/"
    client.force_login(people["owner"])
    page = client.get(url).content.decode()
    assert "Sửa đèn đường tổ 3" in page and 'id="commitment-form"' in page and 'class="done-form"' in page
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "Sửa đèn đường tổ 3" in page and 'id="commitment-form"' not in page and 'class="done-form"' not in page
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(people["owner"])
    assert client.post(url).status_code == 405


def test_editing_a_dialogue(client, dialogue, people):
    url = f"/citizens/dialogues/{dialogue.pk}/edit/"
    client.force_login(people["owner"])
    assert 'value="Chỉnh trang đô thị"' in client.get(url).content.decode()
    data = {"date": "10/04/2025", "topic": "Chủ đề mới", "presiding_name": "Nguyễn Văn Chủ", "participants": "90",
            "issues": ""}
    assert client.post(url, data).status_code == 302
    dialogue.refresh_from_db()
    assert (dialogue.topic, dialogue.is_annual_conference, dialogue.participants) == ("Chủ đề mới", False, 90)
    response = client.post(url, {**data, "topic": "", "issues": "Giữ lại"})
    assert response.status_code == 200 and "Giữ lại" in response.content.decode()
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 403


def test_adding_a_commitment(client, dialogue, people):
    url = f"/citizens/dialogues/{dialogue.pk}/commitments/"
    client.force_login(people["owner"])
    response = client.post(url, {"text": "Nạo vét mương", "owner_name": "", "owner_user": people["member"].pk,
                                 "due_date": "30/05/2025"})
    assert response.status_code == 302
    commitment = dialogue.commitments.get()
    assert (commitment.owner_user, commitment.due_date) == (people["member"], D(2025, 5, 30))
    response = client.post(url, {"text": "Việc đã gõ", "owner_name": "", "due_date": "30/05/2025"})
    page = response.content.decode()
    assert response.status_code == 200 and "Việc đã gõ" in page and "is-invalid" in page
    assert dialogue.commitments.count() == 1
    assert client.get(url).status_code == 405
    client.force_login(people["outsider"])
    assert client.post(url, {"text": "x"}).status_code == 404
    client.force_login(people["coordinator"])
    assert client.post(url, {"text": "x"}).status_code == 403


def test_marking_a_commitment_done_and_reopening_it(client, commitment, people):
    done, reopen = f"/citizens/commitments/{commitment.pk}/done/", f"/citizens/commitments/{commitment.pk}/reopen/"
    client.force_login(people["owner"])
    prefix = f"c{commitment.pk}"
    response = client.post(done, {f"{prefix}-done_on": "01/05/2025", f"{prefix}-result": ""})
    assert response.status_code == 200 and 'value="01/05/2025"' in response.content.decode()
    assert Commitment.objects.get().status == "open"
    response = client.post(done, {f"{prefix}-done_on": "01/05/2025", f"{prefix}-result": "Đã thay bóng đèn"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.status, commitment.done_on) == ("done", D(2025, 5, 1))
    assert client.get(done).status_code == 405
    assert client.post(reopen, {f"r{commitment.pk}-reason": ""}).status_code == 200
    assert client.post(reopen, {f"r{commitment.pk}-reason": "Chưa xong"}).status_code == 302
    assert Commitment.objects.get().status == "open"
    client.force_login(people["outsider"])
    assert client.post(done, {}).status_code == 404
    assert client.post(reopen, {}).status_code == 404
    client.force_login(people["coordinator"])
    assert client.post(done, {}).status_code == 403
    assert client.post(reopen, {}).status_code == 403


def test_the_compliance_page(client, dialogue, people, tree, leader, django_assert_max_num_queries):
    services.dialogue_create(by=people["outsider"], unit=tree["other_commune"], date=D(2025, 5, 1),
                             presiding_name="X", topic="Tiếp xúc", is_annual_conference=False)
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        response = client.get("/citizens/dialogues/compliance/", {"year": "2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit="{tree["other_commune"].pk}"' in page and f'data-unit="{tree["commune"].pk}"' not in page
    page = client.get("/citizens/dialogues/compliance/", {"year": "2025", "everyone": "on"}).content.decode()
    assert f'data-unit="{tree["commune"].pk}" data-held="1"' in page
    assert f'data-unit="{tree["other_commune"].pk}" data-held="0"' in page
    client.force_login(people["owner"])
    page = client.get("/citizens/dialogues/compliance/", {"year": "2025", "everyone": "on"}).content.decode()
    assert page.count("data-unit=") == 1
    assert client.get("/citizens/dialogues/compliance/", {"year": "abc"}).status_code == 200
    assert client.post("/citizens/dialogues/compliance/").status_code == 405
