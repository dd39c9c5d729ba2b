"""The site config's [wechat] table: defaults, relative URL file, and one clear error per mistake
(including an AppSecret written into the file, whose value is never echoed)."""
from __future__ import annotations

import subprocess
import sys
from argparse import Namespace

import pytest

from inspector.config import ConfigError, build_config


def config_with(tmp_path, wechat: str, urls: str | None = "https://mp.weixin.qq.com/s/abc\n"):
    if urls is not None:
        (tmp_path / "wechat_urls.txt").write_text(urls, encoding="utf-8")
    (tmp_path / "site.toml").write_text(f'[site]\nstart_urls = ["https://www.example.gov.cn/"]\n\n[wechat]\n{wechat}\n',
                                        encoding="utf-8")
    return build_config(Namespace(config=str(tmp_path / "site.toml"), urls=[]))


def test_defaults_and_relative_url_file(tmp_path):
    config = config_with(tmp_path, 'name = "云岭数据"\nappid = "wx123"\narticle_urls_file = "wechat_urls.txt"')
    assert config.wechat == {
        "name": "云岭数据", "api_base": "https://api.weixin.qq.com", "appid": "wx123",
        "secret_env": "INSPECTOR_WX_SECRET", "article_urls_file": str(tmp_path / "wechat_urls.txt"),
        "stale_days": 14, "fetch_delay": 1.0, "max_articles": 500, "check_links": True,
    }


def test_absent_table_means_no_wechat_check(tmp_path):
    (tmp_path / "site.toml").write_text('[site]\nstart_urls = ["https://www.example.gov.cn/"]\n', encoding="utf-8")
    assert build_config(Namespace(config=str(tmp_path / "site.toml"), urls=[])).wechat is None


@pytest.mark.parametrize(("table", "needle"), [
    ('name = "x"', "至少一项"),
    ('appid = "wx1"\nstale_days = 0', "wechat.stale_days"),
    ('appid = "wx1"\nstale_days = "14"', "wechat.stale_days"),
    ('appid = "wx1"\napi_base = "api.weixin.qq.com"', "wechat.api_base"),
    ('appid = "wx1"\nfetch_delay = -1', "wechat.fetch_delay"),
    ('appid = "wx1"\nsecret_env = ""', "wechat.secret_env"),
    ('article_urls_file = "missing.txt"', "不存在"),
    ('appid = "wx1"\ncheck_links = "yes"', "wechat.check_links"),
])
def test_bad_values_name_the_key(tmp_path, table, needle):
    with pytest.raises(ConfigError, match=needle):
        config_with(tmp_path, table)


def test_a_bad_line_in_the_url_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="第 2 行"):
        config_with(tmp_path, 'article_urls_file = "wechat_urls.txt"', urls="# 注释\nmp.weixin.qq.com/s/abc\n")


def test_a_secret_in_the_config_file_is_refused_without_echoing_it(tmp_path):
    with pytest.raises(ConfigError) as info:
        config_with(tmp_path, 'appid = "wx1"\nsecret = "TopSecretValue123"')
    assert "环境变量" in str(info.value) and "TopSecretValue123" not in str(info.value)


def test_cli_reports_a_bad_wechat_table_in_one_line(tmp_path):
    (tmp_path / "site.toml").write_text('[site]\nstart_urls = ["https://www.example.gov.cn/"]\n'
                                        '[wechat]\nappid = "wx1"\nAppSecret = "TopSecretValue123"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "inspector", "scan", "--config", "site.toml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "wechat.AppSecret" in result.stderr and "TopSecretValue123" not in result.stderr
