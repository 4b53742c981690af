-- DELETE /api/v2/webhooks/{uid} is a soft delete: the row stays, stamped, for the audit (who had which endpoint,
-- when it ended), and every gateway leaves it out of its registry, so requests to the uid answer 404. The UPDATE
-- runs the webhooks_notify trigger like any change, which is how every gateway learns of it. Declared webhooks are
-- never deleted through the API; a declaration of a deleted uid brings the row back (deleted_at cleared).
ALTER TABLE webhooks ADD COLUMN deleted_at timestamptz;
