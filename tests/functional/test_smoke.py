def test_healthz_answers_ok_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_directory_lists_organisations_to_a_signed_in_member(client, pole, login_as):
    login_as(pole.a_member)
    response = client.get("/members/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Théâtre du Réel" in body and "Ressourcerie La Remise" in body
