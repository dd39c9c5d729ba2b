"""文件+解读 一比一: policy documents, their interpretations, the ledger and the policy.* rules."""
