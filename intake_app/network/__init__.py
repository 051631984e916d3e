"""Carrying the clinic folder between laptops: a Syncthing daemon of Amparo's own."""
