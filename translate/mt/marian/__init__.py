"""The transformers backend: MarianMT loaded with torch (imported only here and in devtools)."""
