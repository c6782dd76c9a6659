"""Ledger service: books every completed payment as a balanced double-entry record."""
