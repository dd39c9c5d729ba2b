"""The official API client against the fake WeChat: token, paging (count ≤ 20), getarticle for a
missing URL, rate limit and expired token retried, credential errors named, secret never shown."""
from __future__ import annotations

import pytest

from inspector.wechat.api import ApiError, CredentialError, WechatApi
from inspector.wechat.fetch import FetchError
from tests import wechat_fake
from tests.wechat_fake import APPID, SECRET


@pytest.fixture
def fake():
    server = wechat_fake.start()
    yield server
    server.stop()


def api(fake, secret=SECRET, appid=APPID, sleeps=None, **kwargs):
    sleep = sleeps.append if sleeps is not None else (lambda s: None)
    return WechatApi(fake.base, appid, secret, sleep=sleep, **kwargs)


def test_lists_every_published_article_in_pages_of_at_most_20(fake):
    client = api(fake)
    articles = list(client.published())
    in_api = [a for a in fake.articles if a.in_api]
    assert len(articles) == len(in_api) == 32
    lists = [body for method, path, _, body in fake.requests if path.endswith("/batchget")]
    assert [b["offset"] for b in lists] == [0, 20] and all(b["count"] <= 20 for b in lists)
    assert articles[0].title == "云岭数据：全市数据资源工作会议召开" and articles[1].index == 2  # newest push first
    assert all(a.url for a in articles)  # the one left out by batchget came from getarticle
    assert [b for _, path, _, b in fake.requests if path.endswith("/getarticle")] == [{"article_id": "AID97"}]
    deleted = [a for a in articles if a.is_deleted]
    assert [a.title for a in deleted] == ["已撤回的通知"]
    assert "再接再励" in articles[0].content


def test_rate_limit_is_retried_after_a_pause(fake):
    fake.rate_limit_once = True
    sleeps: list[float] = []
    client = api(fake, sleeps=sleeps)
    assert len(list(client.published())) == 32
    assert sleeps == [1.0] and client.retries == 1


def test_rate_limit_that_persists_gives_up_after_bounded_retries():
    calls = []

    def http(url, method="GET", **kwargs):
        from inspector.wechat.fetch import Response

        calls.append(url)
        if "/cgi-bin/token" in url:
            return Response(200, url, "application/json", b'{"access_token": "T1", "expires_in": 7200}')
        return Response(200, url, "application/json",
                        b'{"errcode": 45009, "errmsg": "reach max api daily quota limit"}')

    sleeps: list[float] = []
    client = WechatApi("http://api.test", APPID, SECRET, http=http, sleep=sleeps.append)
    with pytest.raises(ApiError, match="45009") as info:
        list(client.published())
    assert sleeps == [1.0, 2.0, 4.0] and len(calls) == 1 + 4
    assert "今日上限" in str(info.value)


def test_expired_token_is_refreshed_once(fake):
    fake.expire_once = True
    fake.rate_limit_once = True
    client = api(fake)
    assert len(list(client.published())) == 32
    assert client.refreshes == 1 and len(fake.tokens) == 2


def test_token_refused_twice_is_an_error_not_a_loop():
    def http(url, method="GET", **kwargs):
        from inspector.wechat.fetch import Response

        if "/cgi-bin/token" in url:
            return Response(200, url, "application/json", b'{"access_token": "T1", "expires_in": 7200}')
        return Response(200, url, "application/json", b'{"errcode": 42001, "errmsg": "access_token expired"}')

    client = WechatApi("http://api.test", APPID, SECRET, http=http, sleep=lambda s: None)
    with pytest.raises(ApiError, match="刷新 access_token 后仍"):
        list(client.published())
    assert client.refreshes == 1


@pytest.mark.parametrize(("switch", "secret", "appid", "words"), [
    (None, "wrong-secret-value", APPID, ("AppSecret 错误", "40001")),
    (None, SECRET, "wx0000000000000000", ("AppID 无效", "40013")),
    ("ip_blocked", SECRET, APPID, ("IP 白名单", "40164", "127.0.0.1")),
])
def test_credential_errors_name_the_cause_and_never_the_secret(fake, switch, secret, appid, words):
    if switch:
        setattr(fake, switch, True)
    client = api(fake, secret=secret, appid=appid)
    with pytest.raises(CredentialError) as info:
        client.token()
    message = str(info.value)
    assert all(w in message for w in words), message
    assert secret not in message and secret not in repr(client)
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_unreachable_api_is_an_api_error_without_the_url(fake):
    def http(url, method="GET", **kwargs):
        raise FetchError("连接被拒绝")

    client = WechatApi("http://api.test", APPID, SECRET, http=http, sleep=lambda s: None)
    with pytest.raises(ApiError) as info:
        client.token()
    assert "连接被拒绝" in str(info.value) and SECRET not in str(info.value)


def test_real_transport_error_hides_the_url():
    # Nothing listens on port 9 of 127.0.0.1: a refused connection, named without its URL.
    client = WechatApi("http://127.0.0.1:9", APPID, SECRET, sleep=lambda s: None)
    with pytest.raises(ApiError) as info:
        client.token()
    assert SECRET not in str(info.value) and "secret=" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_reply_that_is_not_the_api_is_named(fake):
    client = WechatApi(fake.base + "/not-the-api", APPID, SECRET, sleep=lambda s: None)
    with pytest.raises(ApiError, match="HTTP 404"):
        client.token()
