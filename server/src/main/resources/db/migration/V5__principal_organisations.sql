-- Every principal acts for exactly one recorded organisation, and its roles fit that
-- organisation's kind (issue "Trust"). Portable SQL only.
--
-- Older versions let `entente token create --role partner` record a partner-role principal with
-- no organisation, which the policy then read as the local agency (TLP:RED and all), and the
-- node's setup later moved it into the local agency for good. Such principals, and any other
-- whose roles do not fit its organisation, are disabled and lose their grants here: nobody can
-- tell which partner they were meant for, so an administrator records them again under their
-- organisation (`entente principal add --org ...`); the node refuses to enable them as they are.

DELETE FROM collection_grants
 WHERE principal_id IN (
       SELECT id FROM principals
        WHERE ((roles LIKE '%PARTNER%' OR roles LIKE '%CONSTITUENT%')
               AND (organisation_id IS NULL
                    OR organisation_id IN (SELECT id FROM organisations WHERE kind = 'LOCAL')))
           OR (organisation_id IN (SELECT id FROM organisations WHERE kind = 'PARTNER')
               AND roles <> 'PARTNER')
           OR (organisation_id IN (SELECT id FROM organisations WHERE kind = 'CONSTITUENT')
               AND roles <> 'CONSTITUENT'));

UPDATE principals SET disabled = 1
 WHERE ((roles LIKE '%PARTNER%' OR roles LIKE '%CONSTITUENT%')
        AND (organisation_id IS NULL
             OR organisation_id IN (SELECT id FROM organisations WHERE kind = 'LOCAL')))
    OR (organisation_id IN (SELECT id FROM organisations WHERE kind = 'PARTNER')
        AND roles <> 'PARTNER')
    OR (organisation_id IN (SELECT id FROM organisations WHERE kind = 'CONSTITUENT')
        AND roles <> 'CONSTITUENT');

-- The rest, recorded before organisations existed, are the local agency's people. (A database
-- with no local agency yet gets one from the node's setup at its next start, which then does the
-- same: PrincipalDao.adoptOrphans.)
UPDATE principals SET organisation_id = (SELECT id FROM organisations WHERE kind = 'LOCAL')
 WHERE organisation_id IS NULL;
