"""Text intelligence for casework and suggestions: classification, near-duplicates, hot issues, reply quality.

The engine (``lianluo.textmine.engine``) is pure Python and imports nothing from Django; the app around it stores
model versions and officers' corrections and shows the engine's suggestions on the office's pages.
"""
