"""The QA checker: English (or bilingual) text against the glossary; it never touches a model."""
