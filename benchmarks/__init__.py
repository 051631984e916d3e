"""Speed goals, measured as ratios against a bare baseline in the same run (`make bench`)."""
