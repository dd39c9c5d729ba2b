"""Bundled sample government website (云岭市数据资源管理局) for ``inspector demo`` and tests."""
