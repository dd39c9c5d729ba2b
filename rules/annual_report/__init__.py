"""政府信息公开工作年度报告 on the site: missing, late, sections, arithmetic (contract v1.1)."""
