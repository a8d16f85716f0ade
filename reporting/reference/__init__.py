"""Population counts, comparator values and targets: imported from CSV, targets edited on screen."""
