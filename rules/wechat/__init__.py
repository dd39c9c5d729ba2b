"""WeChat official-account rules: they read the records of the WeChat stage (inspector.wechat)."""
