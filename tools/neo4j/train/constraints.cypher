CREATE INDEX train_firm_pd IF NOT EXISTS FOR (n:Firm) ON (n.pd);
CREATE CONSTRAINT train_firm_id IF NOT EXISTS FOR (n:Firm) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT train_guarantee_id IF NOT EXISTS FOR ()-[r:GUARANTEES]-() REQUIRE r.id IS UNIQUE;
CALL db.awaitIndexes(600);
