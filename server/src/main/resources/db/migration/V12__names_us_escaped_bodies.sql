-- Bodies are stored as they came, and before this version a body that spelled the local identity
-- with JSON escapes (a backslash, u and four hex digits, e.g. identity\u002d\u002d...) was judged
-- not to name us (names_us 0), so an anonymising area sent it unstripped
-- (AnonymiseTest.ourIdentitySpelledWithJsonEscapesIsStillUs). Every such body stored before is
-- now taken as one that may name us: it is parsed when it goes out under an anonymising area, and
-- stripped or withheld as it must be. As after V6, the manifest, read in SQL alone, may still list
-- the id and version of such an object that the objects' endpoints then withhold; an object stored
-- from this version on is judged exactly when it is written. ESCAPE '!' keeps the backslash
-- literal on both databases (PostgreSQL's LIKE escapes with a backslash by default).
UPDATE objects SET names_us = 1
 WHERE names_us = 0
   AND body LIKE '%\u00%' ESCAPE '!';
