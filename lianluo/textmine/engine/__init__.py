"""The pure-Python text engine: no Django imports here (a test checks it)."""
