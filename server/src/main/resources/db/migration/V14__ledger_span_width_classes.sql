-- Spans looked up by width class (docs/adr/0030): a span of width w = added_to - added_from is in
-- class c, the number of bits of w (0 for w = 0, 1 for 1, 2 for 2 and 3, ...), so it covers a
-- date_added d only if it starts at most 2^c - 1 before d. The object page probes each class with
-- both ends of added_from bounded, where the index on (added_from, added_to, seq) read every span
-- that started before d: all of them for the newest objects.
-- Class 63 reaches every span, so a row written without its class is still found.
ALTER TABLE ledger_page_spans ADD COLUMN width_class SMALLINT NOT NULL DEFAULT 63;

WITH RECURSIVE classes (width_class, reach) AS (
        SELECT 0, CAST(0 AS BIGINT)
     UNION ALL
        SELECT width_class + 1, reach * 2 + 1 FROM classes WHERE width_class < 63)
UPDATE ledger_page_spans
   SET width_class = (SELECT MIN(k.width_class) FROM classes k
                       WHERE k.reach >= ledger_page_spans.added_to - ledger_page_spans.added_from);

DROP INDEX ledger_page_spans_by_from;
CREATE INDEX ledger_page_spans_by_class
    ON ledger_page_spans (width_class, added_from, added_to, seq);
