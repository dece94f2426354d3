"""Accuracy checks of quantized artifacts, datasets, and quality reports."""
