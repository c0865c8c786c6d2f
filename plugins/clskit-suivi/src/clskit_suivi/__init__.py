"""The follow-up workbook a CLS coordinator fills in Excel, written from and read into
the clskit record: ``clskit export suivi`` and ``clskit import suivi``."""
