"""From visible answers to humanitarian factors, findings, red flags, legal bases, missing evidence."""
