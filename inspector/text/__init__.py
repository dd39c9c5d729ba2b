"""Wrong and sensitive wording (错敏字): normalisation, the Aho-Corasick matcher, rule data
loading and the checkers that the text.* rules and `inspector proofread` share."""
