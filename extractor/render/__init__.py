"""Output for people: progress on the terminal, spreadsheets, CSV, Word appendix, text tables."""
