"""mockgraph from Python without its pytest plugin: the app in process, or on a real socket."""

import requests

from mockgraph import MockGraphServer, create_app


def test_in_process_and_over_a_socket():
    app = create_app({"MOCKGRAPH_AUTH": False, "MOCKGRAPH_PAGE_SIZE": 10})
    client = app.test_client()  # in process (no cookie jar; use_cookies=True for one)
    assert client.get("/beta/dataClassification/jobs").get_json()["value"] == []

    with MockGraphServer(app) as server:  # the same app over a real socket, on a free port
        assert server.base_url.startswith("http://127.0.0.1:")  # ...:PORT/beta
        answer = requests.get(f"{server.base_url}/dataClassification/jobs", timeout=10)
        assert answer.status_code == 200
