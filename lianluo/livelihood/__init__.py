"""Livelihood projects chosen by deputies' vote (民生实事项目人大代表票决制, RULES.md D8)."""
