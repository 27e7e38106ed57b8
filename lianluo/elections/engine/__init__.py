"""The election-law engine: pure Python (no Django), one module per concern, every rule citing its article.

- ``eligibility``: who may vote and stand (选举法 Arts 4, 27; NPCSC 1983 §§4–5);
- ``ratios``: how many candidates for how many seats (选举法 Art 31, 地方组织法 Art 27, by-elections Art 57);
- ``validity``: ballots and counts that stand, thresholds, quorums (选举法 Arts 44–45, 地方组织法 Arts 14, 25, 51);
- ``ranking``: who is elected, and ties at the cut-off (选举法 Art 45 ¶3);
- ``runoff``: the candidates of another vote for unfilled seats (选举法 Art 45 ¶4–5);
- ``recall``: recall, resignation and by-election thresholds (选举法 Arts 49–57);
- ``timetable``: the dates a direct election must keep (选举法 Arts 28, 29, 32);
- ``tally``: one count decided from its ballots, the engine behind ``lianluo elections tally``;
- ``contract``: that command's JSON in and out, with errors naming the field.

"过半数" is strictly more than half throughout (RULES.md, preamble).
"""
