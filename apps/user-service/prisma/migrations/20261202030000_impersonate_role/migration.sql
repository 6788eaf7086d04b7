-- Data only: the IMPERSONATE role (POST /users/{id}/impersonate) for the Admin
-- group of a database seeded before it existed. A fresh database gets both
-- from the seed, which runs after the migrations (so the seeded roles keep their ids).
INSERT INTO "Role" ("name")
SELECT 'IMPERSONATE' WHERE EXISTS (SELECT 1 FROM "Group" WHERE "name" = 'Admin')
ON CONFLICT ("name") DO NOTHING;

INSERT INTO "GroupRole" ("groupId", "roleId")
SELECT g."id", r."id" FROM "Group" g, "Role" r
WHERE g."name" = 'Admin' AND r."name" = 'IMPERSONATE'
ON CONFLICT DO NOTHING;
