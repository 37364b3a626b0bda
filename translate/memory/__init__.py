"""The translation memory: storage of plain values (SQLite, TMX, reviewed PO); it never imports the pass."""
