"""Territoires en Transitions plan workbooks read into and written from a clskit record."""
